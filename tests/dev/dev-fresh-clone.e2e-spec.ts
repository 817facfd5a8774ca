// `pnpm install && pnpm dev` on a fresh clone must bring the platform up on its
// own: no .env, no DATABASE_URL, nothing running. This copies the repository's
// files (tracked and untracked-not-ignored, as a clone plus work in progress
// would have them) to a temporary directory, installs offline from the pnpm
// store, starts `pnpm dev` there on free ports and checks what a developer
// would: the API is ready within 60 s, `.env` was written with fresh secrets
// and mode 0600, the two logins the banner prints work, both dashboards' dev
// servers answer with their page and proxy /api, and Ctrl-C/SIGTERM leaves no
// process and no database behind.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, httpStatus, portOpen } from '../../scripts/lib/net.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY_WITHIN_MS = 60_000;
const GENERATED_SECRETS = ['JWT_SECRET', 'ENCRYPTION_KEY', 'ADMIN_PASSWORD', 'DEMO_OWNER_PASSWORD'] as const;

function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (m?.[1]) out[m[1]] = (m[2] ?? '').trim();
  }
  return out;
}



const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** pid -> parent pid for every live process (Linux /proc). */
function processTable(): Map<number, number> {
  const table = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: read after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const state = fields[0];
      if (state === 'Z' || state === 'X') continue; // exited, waiting to be reaped
      table.set(Number(entry), Number(fields[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  return table;
}

/** The process and all its descendants, whatever process group they moved to. */
function processTree(root: number): number[] {
  const table = processTable();
  const tree = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of table) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree].filter((pid) => table.has(pid));
}

function alive(pids: number[]): number[] {
  const table = processTable();
  return pids.filter((pid) => table.has(pid));
}


async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

/** Copies what `git ls-files -co --exclude-standard` lists, keeping file modes. */
function copyWorkTree(from: string, to: string): number {
  const listed = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: from, maxBuffer: 64 << 20 })
    .toString('utf8')
    .split('\0')
    .filter(Boolean);
  let copied = 0;
  for (const rel of listed) {
    const src = join(from, rel);
    if (!existsSync(src) || !lstatSync(src).isFile()) continue; // deleted in the work tree, or a symlink/dir entry
    const dst = join(to, rel);
    mkdirSync(dirname(dst), { recursive: true });
    copyFileSync(src, dst);
    chmodSync(dst, statSync(src).mode & 0o777);
    copied += 1;
  }
  return copied;
}

describe('pnpm install && pnpm dev on a fresh clone', () => {
  let work = '';
  let dev: ChildProcess | undefined;
  let output = '';
  let treeAtStop: number[] = [];
  const ports = { api: 0, pg: 0, client: 0, admin: 0 };

  const tail = (lines = 80) => output.split('\n').slice(-lines).join('\n');

  beforeAll(() => {
    // World-traversable: as root, the embedded PostgreSQL runs as user "postgres".
    work = mkdtempSync(join(tmpdir(), 'prixagent-fresh-clone-'));
    chmodSync(work, 0o755);
    const copied = copyWorkTree(REPO, work);
    expect(copied).toBeGreaterThan(10);
    expect(existsSync(join(work, '.env'))).toBe(false);
    // The store this checkout was installed from: pnpm would otherwise pick a
    // per-filesystem store when the temporary directory sits on another disk.
    // `pnpm store path` names the versioned directory (…/store/v11); --store-dir takes its parent.
    const storePath = execFileSync('pnpm', ['store', 'path'], { cwd: REPO }).toString('utf8').trim();
    const storeDir = /^v\d+$/.test(basename(storePath)) ? dirname(storePath) : storePath;
    execFileSync('pnpm', ['install', '--offline', '--frozen-lockfile', '--store-dir', storeDir], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 150_000,
      env: { ...process.env, CI: 'true' },
    });
  }, 180_000);

  afterAll(async () => {
    if (dev?.pid) {
      const leftovers = alive(processTree(dev.pid).concat(treeAtStop));
      for (const pid of leftovers) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    // A PostgreSQL that outlived a failed run still holds the data directory.
    const pidFile = join(work, '.data', 'postgres', 'postmaster.pid');
    if (work && existsSync(pidFile)) {
      const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, 'SIGQUIT');
        } catch {
          /* gone */
        }
        await sleep(500);
      }
    }
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('starts, serves the printed logins, and stops cleanly', async () => {
    ports.api = await freePort();
    ports.pg = await freePort();
    ports.client = await freePort();
    ports.admin = await freePort();

    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value === undefined) continue;
      // A fresh machine: no database configured, and nothing of this test runner.
      if (key === 'DATABASE_URL' || key === 'TEST_DATABASE_URL' || key === 'NODE_ENV' || key.startsWith('VITEST')) continue;
      env[key] = value;
    }
    env.API_PORT = String(ports.api);
    env.EMBEDDED_PG_PORT = String(ports.pg);
    env.CLIENT_PORT = String(ports.client);
    env.ADMIN_PORT = String(ports.admin);
    const logDir = process.env.TEST_LOG_DIR ?? join(REPO, '.test-output', 'logs');
    mkdirSync(logDir, { recursive: true });
    env.LOG_FILE = join(logDir, 'dev-fresh-clone-api.log');

    const spawnedAt = Date.now();
    dev = spawn('pnpm', ['dev'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    dev.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    dev.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    let exited: number | null | undefined;
    const exitPromise = new Promise<void>((resolveExit) =>
      dev?.on('exit', (code) => {
        exited = code;
        resolveExit();
      }),
    );

    // Ready within 60 s of the spawn.
    const readyUrl = `http://127.0.0.1:${ports.api}/api/health/ready`;
    let ready = false;
    while (Date.now() - spawnedAt < READY_WITHIN_MS && exited === undefined) {
      if ((await httpStatus(readyUrl)) === 200) {
        ready = true;
        break;
      }
      await sleep(250);
    }
    const readyAfter = Date.now() - spawnedAt;
    expect(ready, `not ready within ${READY_WITHIN_MS / 1000}s (exit: ${String(exited)}); output:\n${tail()}`).toBe(true);
    console.log(`ready ${Math.round(readyAfter / 100) / 10}s after spawn`);

    // .env: created, private, with fresh secrets.
    const envPath = join(work, '.env');
    expect(existsSync(envPath)).toBe(true);
    expect(statSync(envPath).mode & 0o777).toBe(0o600);
    const written = parseEnv(readFileSync(envPath, 'utf8'));
    const example = parseEnv(readFileSync(join(work, '.env.example'), 'utf8'));
    for (const name of GENERATED_SECRETS) {
      expect(written[name], `${name} missing from .env`).toBeTruthy();
      expect(written[name] === example[name], `${name} kept its placeholder`).toBe(false);
    }
    expect(written.ENCRYPTION_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(written.JWT_SECRET ?? '', 'base64url').length).toBeGreaterThanOrEqual(48);
    expect(written.ADMIN_PASSWORD?.length).toBeGreaterThanOrEqual(20);
    expect('DATABASE_URL' in written).toBe(false);

    // The banner follows readiness once both dashboards answer (pnpm dev waits up to 30 s for them).
    const bannerBy = Date.now() + 40_000;
    while (!/Demo tenant[^\n]*\n\s+email\s+\S+\n\s+password\s+\S+/.test(output) && Date.now() < bannerBy) await sleep(100);
    const operator = /Operator login[^\n]*\n\s+email\s+(\S+)\n\s+password\s+(\S+)/.exec(output);
    const owner = /Demo tenant[^\n]*\n\s+email\s+(\S+)\n\s+password\s+(\S+)/.exec(output);
    expect(operator, `no operator login in the banner; output:\n${tail()}`).not.toBeNull();
    expect(owner, `no demo owner login in the banner; output:\n${tail()}`).not.toBeNull();

    // Both dashboards' Vite dev servers answer with their HTML page, on the ports the
    // banner names, and proxy /api to the API as production's nginx does.
    for (const [name, port] of [
      ['Client app', ports.client],
      ['Admin app', ports.admin],
    ] as const) {
      expect(output, `${name} missing from the banner`).toMatch(new RegExp(`${name}\\s+http://localhost:${port}(?!\\d)`));
      const page = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(15_000) });
      const html = await page.text();
      expect(page.status, `${name} on port ${port}`).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toMatch(/<div id="root"><\/div>/);
      expect(await httpStatus(`http://127.0.0.1:${port}/api/health`), `${name} does not proxy /api`).toBe(200);
    }

    const base = `http://127.0.0.1:${ports.api}/api/v1`;
    const adminLogin = await postJson(`${base}/auth/admin/login`, { email: operator?.[1], password: operator?.[2] });
    expect(adminLogin.status, JSON.stringify(adminLogin.json)).toBe(200);
    expect(adminLogin.json).toMatchObject({ accessToken: expect.any(String) as unknown });
    const ownerLogin = await postJson(`${base}/auth/login`, { email: owner?.[1], password: owner?.[2] });
    expect(ownerLogin.status, JSON.stringify(ownerLogin.json)).toBe(200);
    expect(ownerLogin.json).toMatchObject({ accessToken: expect.any(String) as unknown });

    // SIGTERM, as a process manager or Ctrl-C would: everything goes away.
    expect(await portOpen(ports.pg)).toBe(true);
    treeAtStop = processTree(dev.pid ?? -1);
    expect(treeAtStop.length).toBeGreaterThan(2);
    dev.kill('SIGTERM');
    const stoppedInTime = await Promise.race([exitPromise.then(() => true), sleep(45_000).then(() => false)]);
    expect(stoppedInTime, `pnpm dev did not exit within 45s of SIGTERM; output:\n${tail()}`).toBe(true);

    const goneBy = Date.now() + 15_000;
    while (alive(treeAtStop).length > 0 && Date.now() < goneBy) await sleep(200);
    expect(alive(treeAtStop), 'processes left running after pnpm dev exited').toEqual([]);
    expect(await portOpen(ports.pg), 'embedded PostgreSQL still listening').toBe(false);
    expect(await portOpen(ports.api), 'API still listening').toBe(false);
    expect(existsSync(join(work, '.data', 'postgres', 'postmaster.pid')), 'PostgreSQL did not shut down cleanly').toBe(false);
  }, 180_000);
});
