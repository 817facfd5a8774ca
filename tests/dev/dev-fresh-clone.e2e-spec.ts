// `pnpm install && pnpm dev` on a fresh clone must bring the platform up on its
// own: no .env, no DATABASE_URL, nothing running. This copies the repository's
// files (tracked and untracked-not-ignored, as a clone plus work in progress
// would have them) to a temporary directory, installs offline from the pnpm
// store, starts `pnpm dev` there on free ports and checks what a developer
// would: the API becomes ready (its readiness route answers), `.env` was written with fresh secrets
// and mode 0600, the two logins the banner prints work, both dashboards' dev
// servers answer with their page and proxy /api, and Ctrl-C/SIGTERM leaves no
// process and no database behind.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, httpStatus, portOpen } from '../../scripts/lib/net.mjs';
import { alive, bannerLogins, cleanUp, freshClone, parseEnv, postJson, processTree, REPO, sleep, startDev, stopDev, waitForReady, type DevRun } from './support/dev-run.js';

// A guard against a hang, not a measurement: the test waits on the readiness
// route and prints how long it took. A busy two-core machine (other suites,
// parallel builds) once took 108 s where a quiet one takes 20 to 50.
const READY_WITHIN_MS = 300_000;
const GENERATED_SECRETS = ['JWT_SECRET', 'ENCRYPTION_KEY', 'ADMIN_PASSWORD', 'DEMO_OWNER_PASSWORD'] as const;

describe('pnpm install && pnpm dev on a fresh clone', () => {
  let work = '';
  let dev: DevRun | undefined;
  let treeAtStop: number[] = [];
  const ports = { api: 0, pg: 0, client: 0, admin: 0 };

  beforeAll(() => {
    const clone = freshClone('prixagent-fresh-clone-');
    work = clone.work;
    expect(clone.copied).toBeGreaterThan(10);
    expect(existsSync(join(work, '.env'))).toBe(false);
  }, 180_000);

  afterAll(() => cleanUp(work, dev, treeAtStop), 60_000);

  it('starts, serves the printed logins, and stops cleanly', async () => {
    ports.api = await freePort();
    ports.pg = await freePort();
    ports.client = await freePort();
    ports.admin = await freePort();

    const logDir = process.env.TEST_LOG_DIR ?? join(REPO, '.test-output', 'logs');
    mkdirSync(logDir, { recursive: true });
    dev = startDev(work, {
      API_PORT: String(ports.api),
      EMBEDDED_PG_PORT: String(ports.pg),
      CLIENT_PORT: String(ports.client),
      ADMIN_PORT: String(ports.admin),
      LOG_FILE: join(logDir, 'dev-fresh-clone-api.log'),
    });
    const run = dev;
    const tail = () => run.tail();

    // Ready: the readiness route answers (the time is printed, not judged).
    const ready = await waitForReady(run, ports.api, READY_WITHIN_MS);
    const readyAfter = Date.now() - run.spawnedAt;
    expect(ready, `not ready within ${READY_WITHIN_MS / 1000}s (exit: ${String(run.exitCode())}); output:\n${tail()}`).toBe(true);
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
    const { operator, owner } = await bannerLogins(run);
    expect(operator, `no operator login in the banner; output:\n${tail()}`).toBeDefined();
    expect(owner, `no demo owner login in the banner; output:\n${tail()}`).toBeDefined();

    // Both dashboards' Vite dev servers answer with their HTML page, on the ports the
    // banner names, and proxy /api to the API as production's nginx does.
    for (const [name, port] of [
      ['Client app', ports.client],
      ['Admin app', ports.admin],
    ] as const) {
      expect(run.output(), `${name} missing from the banner`).toMatch(new RegExp(`${name}\\s+http://localhost:${port}(?!\\d)`));
      const page = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(15_000) });
      const html = await page.text();
      expect(page.status, `${name} on port ${port}`).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toMatch(/<div id="root"><\/div>/);
      expect(await httpStatus(`http://127.0.0.1:${port}/api/health`), `${name} does not proxy /api`).toBe(200);
    }

    const base = `http://127.0.0.1:${ports.api}/api/v1`;
    const adminLogin = await postJson(`${base}/auth/admin/login`, operator);
    expect(adminLogin.status, JSON.stringify(adminLogin.json)).toBe(200);
    expect(adminLogin.json).toMatchObject({ accessToken: expect.any(String) as unknown });
    const ownerLogin = await postJson(`${base}/auth/login`, owner);
    expect(ownerLogin.status, JSON.stringify(ownerLogin.json)).toBe(200);
    expect(ownerLogin.json).toMatchObject({ accessToken: expect.any(String) as unknown });

    // SIGTERM, as a process manager or Ctrl-C would: everything goes away.
    expect(await portOpen(ports.pg)).toBe(true);
    treeAtStop = processTree(run.proc.pid ?? -1);
    expect(treeAtStop.length).toBeGreaterThan(2);
    const stoppedInTime = await stopDev(run);
    expect(stoppedInTime, `pnpm dev did not exit within 45s of SIGTERM; output:\n${tail()}`).toBe(true);

    const goneBy = Date.now() + 15_000;
    while (alive(treeAtStop).length > 0 && Date.now() < goneBy) await sleep(200);
    expect(alive(treeAtStop), 'processes left running after pnpm dev exited').toEqual([]);
    expect(await portOpen(ports.pg), 'embedded PostgreSQL still listening').toBe(false);
    expect(await portOpen(ports.api), 'API still listening').toBe(false);
    expect(existsSync(join(work, '.data', 'postgres', 'postmaster.pid')), 'PostgreSQL did not shut down cleanly').toBe(false);
  }, 420_000);
});
