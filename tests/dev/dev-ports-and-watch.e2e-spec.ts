// `API_PORT=4204 CLIENT_PORT=4201 ADMIN_PORT=4202 EMBEDDED_PG_PORT=5542 pnpm dev`
// on a fresh clone (issue 8, "newcomer frictions"):
//   - the URLs derived from the ports move with them: an owner invite created
//     through the admin dashboard's origin (its Vite proxy) points at the client
//     dashboard's port and opens there; CORS allows the moved origins;
//   - the API's watcher ignores the pnpm store: creating and deleting hard links
//     to package files the API has loaded (node_modules/.pnpm files are hard
//     links into the store, so this is what any `pnpm install` elsewhere does)
//     does not restart it, while a change to its sources does;
//   - request logs are one readable line each, and Nest's route-by-route start-up
//     report does not bury the banner.
// Every wait is on a signal (readiness, a log line) under a generous guard.
import { linkSync, mkdtempSync, readFileSync, realpathSync, appendFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, httpStatus, portOpen } from '../../scripts/lib/net.mjs';
import { alive, bannerLogins, cleanUp, freshClone, keepOutput, postJson, processTree, sleep, startDev, stopDev, waitForReady, type DevRun } from './support/dev-run.js';

// The ports the issue names; free ones instead when something here holds one of them.
const WANTED = { api: 4204, client: 4201, admin: 4202, pg: 5542 };
// Guards, not measurements: a cold start builds the API on a shared two-core machine.
const READY_GUARD_MS = 300_000;
const RESTART_GUARD_MS = 120_000;
// Longer than dev-watch's two looks (750 ms apart) and node --watch's debounce,
// many times over: a restart the hard links caused would have shown by then.
const QUIET_GUARD_MS = 10_000;

/**
 * The API's own process among the run's processes: the one running
 * dist/main.js (not a `--watch` supervisor of it). A restart is a new process,
 * whatever does the watching, so its pid is what tells one happened.
 */
function apiProcesses(devPid: number): number[] {
  return processTree(devPid).filter((pid) => {
    try {
      // node [options] dist/main.js: the script is node's first non-option
      // argument (the launchers name it later, as dev-watch's --entry).
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const script = argv.slice(1).find((a) => !a.startsWith('-'));
      return /(^|\/)node$/.test(argv[0] ?? '') && script?.endsWith('dist/main.js') === true && !argv.some((a) => a.startsWith('--watch'));
    } catch {
      return false; // exited meanwhile
    }
  });
}

async function until(check: () => boolean | Promise<boolean>, guardMs: number): Promise<boolean> {
  const by = Date.now() + guardMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > by) return false;
    await sleep(200);
  }
}

describe('pnpm dev on moved ports', () => {
  let work = '';
  let dev: DevRun | undefined;
  let treeAtStop: number[] = [];

  beforeAll(() => {
    work = freshClone('prixagent-dev-ports-').work;
  }, 180_000);

  afterAll(async () => {
    keepOutput(dev, 'dev-ports-and-watch-output');
    await cleanUp(work, dev, treeAtStop);
  }, 60_000);

  it('moves every derived URL, ignores the pnpm store, and logs one line per request', async () => {
    const ports = { ...WANTED };
    const busy = [];
    for (const port of Object.values(WANTED)) if (await portOpen(port)) busy.push(port);
    if (busy.length > 0) {
      console.warn(`ports ${busy.join(', ')} are in use here; using free ports instead`);
      for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
    }
    dev = startDev(work, {
      API_PORT: String(ports.api),
      CLIENT_PORT: String(ports.client),
      ADMIN_PORT: String(ports.admin),
      EMBEDDED_PG_PORT: String(ports.pg),
    });
    const run = dev;
    const tail = () => run.tail(120);

    expect(await waitForReady(run, ports.api, READY_GUARD_MS), `not ready (exit: ${String(run.exitCode())}); output:\n${tail()}`).toBe(true);
    const { operator } = await bannerLogins(run);
    expect(operator, `no operator login in the banner; output:\n${tail()}`).toBeDefined();
    if (!operator) return;

    // The banner names the real ports, and says nothing of links going elsewhere.
    expect(run.output()).toMatch(new RegExp(`Client app\\s+http://localhost:${ports.client}(?!\\d)`));
    expect(run.output()).toMatch(new RegExp(`Admin app\\s+http://localhost:${ports.admin}(?!\\d)`));
    expect(run.output()).not.toMatch(/links the API sends use/);
    expect(run.output()).toMatch(/PUBLIC_API_URL, CLIENT_APP_URL, ADMIN_APP_URL, CORS_ORIGIN follow/);

    // --- invite links follow CLIENT_PORT --------------------------------------
    // Through the admin dashboard's origin, as its pages call the API.
    const admin = `http://127.0.0.1:${ports.admin}/api/v1`;
    const login = await postJson(`${admin}/auth/admin/login`, operator);
    expect(login.status, JSON.stringify(login.json)).toBe(200);
    const { accessToken } = login.json as { accessToken: string };
    const created = await postJson(
      `${admin}/admin/accounts`,
      { name: `Moved Ports ${Date.now()}`, email: `owner-${Date.now()}@moved-ports.test` },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const invite = new URL((created.json as { ownerInvite: { url: string } }).ownerInvite.url);
    expect(invite.origin).toBe(`http://localhost:${ports.client}`);
    expect(invite.pathname).toBe('/accept-invite');
    expect(invite.hash).toMatch(/^#token=/);

    // It opens on the client dashboard's dev server: its page (fetch leaves the fragment out, as a browser does).
    const clientRoot = await (await fetch(`http://127.0.0.1:${ports.client}/`, { signal: AbortSignal.timeout(15_000) })).text();
    const opened = await fetch(invite, { signal: AbortSignal.timeout(15_000) });
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await opened.text();
    expect(page).toMatch(/<div id="root"><\/div>/);
    expect(page).toBe(clientRoot);

    // CORS (and the WebSocket Origin check, which reads the same list) allows the moved origins only.
    for (const [origin, allowed] of [
      [`http://localhost:${ports.client}`, true],
      [`http://localhost:${ports.admin}`, true],
      ['http://localhost:3001', ports.client === 3001],
    ] as const) {
      const res = await fetch(`http://127.0.0.1:${ports.api}/api/health`, { headers: { origin }, signal: AbortSignal.timeout(15_000) });
      await res.arrayBuffer();
      expect(res.headers.get('access-control-allow-origin'), origin).toBe(allowed ? origin : null);
    }

    // --- one readable line per request; no start-up report -------------------
    const loginLine = /POST \/api\/v1\/auth\/admin\/login 200 \d+ms/g;
    expect(await until(() => (run.output().match(loginLine) ?? []).length > 0, 15_000), `no request line; output:\n${tail()}`).toBe(true);
    expect(run.output().match(loginLine)).toHaveLength(1);
    expect(run.output()).not.toMatch(/incoming request|"msg":"request completed"/);
    expect(run.output()).not.toMatch(/Mapped \{/);

    // --- hard links into the pnpm store do not restart the API ----------------
    const devPid = run.proc.pid ?? -1;
    expect(await until(() => apiProcesses(devPid).length === 1, 15_000), `no single API process; output:\n${tail()}`).toBe(true);
    const apiPid = apiProcesses(devPid)[0] ?? -1;
    const fromApi = createRequire(join(work, 'apps', 'api', 'package.json'));
    const loaded = ['@nestjs/core', 'fastify', 'pino'].map((name) => realpathSync(fromApi.resolve(name)));
    for (const file of loaded) {
      expect(file).toContain(join(work, 'node_modules', '.pnpm'));
      // More than one name for the file: it is the pnpm store's own inode, linked in.
      expect(statSync(file).nlink, `${file} is not a hard link into the pnpm store`).toBeGreaterThan(1);
    }
    const linkDir = mkdtempSync(join(work, 'node_modules', '.pnpm', '.hard-links-'));
    const links = loaded.map((file, i) => join(linkDir, `${i}-${file.split('/').pop() ?? 'file'}`));
    loaded.forEach((file, i) => linkSync(file, links[i] ?? ''));
    await sleep(2_000);
    for (const link of links) unlinkSync(link);
    rmSync(linkDir, { recursive: true, force: true });
    const quietUntil = Date.now() + QUIET_GUARD_MS;
    while (Date.now() < quietUntil) {
      expect(await httpStatus(`http://127.0.0.1:${ports.api}/api/health`), `the API stopped answering; output:\n${tail()}`).toBe(200);
      await sleep(500);
    }
    expect(apiProcesses(devPid), `the API restarted; output:\n${tail()}`).toEqual([apiPid]);

    // A change to the API's own sources still restarts it (so the watcher was listening all along).
    appendFileSync(join(work, 'apps', 'api', 'src', 'main.ts'), `\nexport const devSuiteMarker = ${Date.now()};\n`);
    const restarted = await until(() => {
      const now = apiProcesses(devPid);
      return now.length === 1 && now[0] !== apiPid;
    }, RESTART_GUARD_MS);
    expect(restarted, `no restart after a source change; output:\n${tail()}`).toBe(true);
    expect(run.output()).toMatch(/\[dev-watch\] dist\/main\.js changed; restarting/);
    expect(await until(async () => (await httpStatus(`http://127.0.0.1:${ports.api}/api/health/ready`)) === 200, RESTART_GUARD_MS)).toBe(true);
    expect(alive([apiPid])).toEqual([]);
    expect(readFileSync(join(work, 'apps', 'api', 'dist', 'main.js'), 'utf8')).toContain('devSuiteMarker');

    // --- stop ----------------------------------------------------------------
    treeAtStop = processTree(run.proc.pid ?? -1);
    expect(await stopDev(run), `pnpm dev did not exit within 45s of SIGTERM; output:\n${tail()}`).toBe(true);
    expect(await until(() => alive(treeAtStop).length === 0, 15_000), 'processes left running after pnpm dev exited').toBe(true);
  }, 420_000);
});
