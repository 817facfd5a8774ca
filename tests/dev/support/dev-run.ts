// What the tests/dev suites share: a copy of this checkout as a fresh clone
// would be (installed offline from this machine's pnpm store), `pnpm dev` run
// in it with its output kept, the logins read from its banner, and a stop that
// checks nothing is left behind.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpStatus } from '../../../scripts/lib/net.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (m?.[1]) out[m[1]] = (m[2] ?? '').trim();
  }
  return out;
}

/** pid -> parent pid for every live process (Linux /proc). */
export function processTable(): Map<number, number> {
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
export function processTree(root: number): number[] {
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

export function alive(pids: number[]): number[] {
  const table = processTable();
  return pids.filter((pid) => table.has(pid));
}

export interface JsonResponse {
  status: number;
  json: unknown;
  headers: Headers;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
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
  return { status: res.status, json, headers: res.headers };
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

/**
 * A fresh clone of this checkout (tracked and untracked-not-ignored files, as a
 * clone plus work in progress would have them) in a new temporary directory,
 * installed offline from the store this checkout was installed from.
 */
export function freshClone(prefix: string): { work: string; copied: number } {
  // World-traversable: as root, the embedded PostgreSQL runs as user "postgres".
  const work = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(work, 0o755);
  const copied = copyWorkTree(REPO, work);
  // The store this checkout was installed from: pnpm would otherwise pick a
  // per-filesystem store when the temporary directory sits on another disk.
  // `pnpm store path` names the versioned directory (…/store/v11); --store-dir takes its parent.
  const storeDir = storeDirOf(REPO);
  execFileSync('pnpm', ['install', '--offline', '--frozen-lockfile', '--store-dir', storeDir], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 150_000,
    env: { ...process.env, CI: 'true' },
  });
  return { work, copied };
}

/** The directory to pass to `--store-dir` for the store `dir` was installed from. */
export function storeDirOf(dir: string): string {
  const storePath = execFileSync('pnpm', ['store', 'path'], { cwd: dir }).toString('utf8').trim();
  return /^v\d+$/.test(basename(storePath)) ? dirname(storePath) : storePath;
}

export interface DevRun {
  proc: ChildProcess;
  /** Everything `pnpm dev` printed so far (stdout and stderr). */
  output: () => string;
  tail: (lines?: number) => string;
  /** The exit code once it exited, else undefined. */
  exitCode: () => number | null | undefined;
  exited: Promise<void>;
  spawnedAt: number;
}

/** Starts `pnpm dev` in `work` as a fresh machine would: no DATABASE_URL, nothing from this test runner. */
export function startDev(work: string, vars: Record<string, string>): DevRun {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (key === 'DATABASE_URL' || key === 'TEST_DATABASE_URL' || key === 'NODE_ENV' || key.startsWith('VITEST')) continue;
    env[key] = value;
  }
  Object.assign(env, vars);
  let output = '';
  let code: number | null | undefined;
  const spawnedAt = Date.now();
  const proc = spawn('pnpm', ['dev'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolveExit) =>
    proc.on('exit', (exitCode) => {
      code = exitCode;
      resolveExit();
    }),
  );
  return {
    proc,
    output: () => output,
    tail: (lines = 80) => output.split('\n').slice(-lines).join('\n'),
    exitCode: () => code,
    exited,
    spawnedAt,
  };
}

/** Polls the API's readiness until 200, the run exits, or `withinMs` (from the spawn) passes. */
export async function waitForReady(dev: DevRun, apiPort: number, withinMs: number): Promise<boolean> {
  const readyUrl = `http://127.0.0.1:${apiPort}/api/health/ready`;
  while (Date.now() - dev.spawnedAt < withinMs && dev.exitCode() === undefined) {
    if ((await httpStatus(readyUrl)) === 200) return true;
    await sleep(250);
  }
  return false;
}

export interface Login {
  email: string;
  password: string;
}

/** The operator and demo owner logins from the banner, once it is printed (it follows readiness and the dashboards). */
export async function bannerLogins(dev: DevRun, timeoutMs = 40_000): Promise<{ operator?: Login; owner?: Login }> {
  const by = Date.now() + timeoutMs;
  while (!/Demo tenant[^\n]*\n\s+email\s+\S+\n\s+password\s+\S+/.test(dev.output()) && Date.now() < by) await sleep(100);
  const read = (re: RegExp): Login | undefined => {
    const m = re.exec(dev.output());
    return m?.[1] && m[2] ? { email: m[1], password: m[2] } : undefined;
  };
  return {
    operator: read(/Operator login[^\n]*\n\s+email\s+(\S+)\n\s+password\s+(\S+)/),
    owner: read(/Demo tenant[^\n]*\n\s+email\s+(\S+)\n\s+password\s+(\S+)/),
  };
}

/** SIGTERMs the run and waits for it (bounded); true if it exited in time. */
export async function stopDev(dev: DevRun, timeoutMs = 45_000): Promise<boolean> {
  dev.proc.kill('SIGTERM');
  return Promise.race([dev.exited.then(() => true), sleep(timeoutMs).then(() => false)]);
}

/**
 * Last resort for afterAll: kills what is left of a run (and `extra` pids seen
 * earlier), stops a PostgreSQL that outlived it, and removes the copy.
 */
export async function cleanUp(work: string, dev: DevRun | undefined, extra: number[] = []): Promise<void> {
  if (dev?.proc.pid) {
    for (const pid of alive(processTree(dev.proc.pid).concat(extra))) {
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
}

/** Saves what the run printed under .test-output/ (the suite's own output shows it only on failure). */
export function keepOutput(dev: DevRun | undefined, name: string): void {
  if (!dev) return;
  const dir = process.env.TEST_OUTPUT_DIR ?? join(REPO, '.test-output');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.txt`), dev.output(), { mode: 0o600 });
}
