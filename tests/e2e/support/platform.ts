// The API as production runs it (the built dist/main.js as a child process),
// on a PostgreSQL database of its own on the server every suite picks
// (TEST_DATABASE_URL, else the local 127.0.0.1:5432, else an embedded one).
// Migrated with the project's own migrate CLI, as the production `migrate`
// service does.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_DIR, runNode, startApiProcess, type RunningApi } from '../../../apps/api/test/support/processes.js';
import { startPostgres } from '../../infra/support/postgres.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Every secret the suite stores carries the marker the end-of-run log scan looks for. */
export const SECRET_MARKER = ['px', 'canary'].join('');

export const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

export interface Platform {
  /** The running API; replaced by startApi(), so read it when needed rather than keep it. */
  api: RunningApi;
  /** Stops the API and starts it again on the same database and settings (a new port): what a deploy or a crash does. */
  stopApi: () => Promise<void>;
  startApi: () => Promise<void>;
  adminEmail: string;
  adminPassword: string;
  stop: () => Promise<void>;
}

/** The workspace packages the browser suites serve or start. */
export const E2E_BUILDS = ['@prixagent/api', '@prixagent/client-dashboard', '@prixagent/admin-dashboard'] as const;

/**
 * Builds `packages` as production does; cached by turbo when `pnpm test` has
 * just built everything. A failed build throws with turbo's own errors, which
 * are otherwise on a stdout nobody sees.
 */
export function buildForE2e(packages: readonly string[] = E2E_BUILDS): void {
  try {
    execFileSync(
      join(REPO, 'node_modules', '.bin', 'turbo'),
      ['run', 'build', ...packages.map((p) => `--filter=${p}`), '--output-logs=errors-only', '--ui=stream'],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' }, timeout: 300_000 },
    );
  } catch (error) {
    const out = (error as { stdout?: Buffer; stderr?: Buffer }).stdout?.toString() ?? '';
    const err = (error as { stdout?: Buffer; stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`building ${packages.join(', ')} failed:\n${`${out}\n${err}`.trim().slice(-4000)}`, { cause: error });
  }
}

export async function startPlatform(options: { logName: string; env?: Record<string, string> }): Promise<Platform> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
  };
  try {
    // The same server choice as every other suite (tests/infra/support/postgres.ts).
    const server = await startPostgres();
    cleanups.push(server.stop);
    const url = await server.createDatabase('e2e');

    const migrate = runNode(join(API_DIR, 'dist/cli/migrate.cli.js'), { DATABASE_URL: url });
    const migrated = await migrate.exited;
    if (migrated !== 0) throw new Error(`migrate exited ${migrated}:\n${migrate.output()}`);

    const logDir = process.env.TEST_LOG_DIR ?? join(REPO, '.test-output', 'logs');
    mkdirSync(logDir, { recursive: true });
    const adminEmail = 'operator@prixagent.test';
    const adminPassword = `operator-${SECRET_MARKER}-${randomHex(8)}`;
    const apiEnv = {
      NODE_ENV: 'test',
      DATABASE_URL: url,
      DATABASE_POOL_MAX: '5',
      JWT_SECRET: `${SECRET_MARKER}-jwt-${randomHex(24)}`,
      ENCRYPTION_KEY: randomHex(32),
      ENCRYPTION_KEY_ID: 'k1',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      // The dashboards reach the API on their own origin through the proxy: CORS plays no part.
      LOG_LEVEL: 'info',
      LOG_FILE: join(logDir, `${options.logName}.log`),
      // Cheap hashes keep the suite fast; production uses the OWASP defaults.
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      HOUSEKEEPING_INTERVAL_MINUTES: '0',
      // Every page load refreshes the session, and refresh shares the small sign-in
      // budget (10 a minute per address by default) with login: a browser suite from
      // one address spends more than that.
      LOGIN_RATE_LIMIT_MAX: '1000',
      RATE_LIMIT_MAX_REQUESTS: '10000',
      ...options.env,
    };
    const platform: Platform = {
      api: await startApiProcess(apiEnv),
      adminEmail,
      adminPassword,
      stop,
      stopApi: async () => {
        await platform.api.stop();
      },
      startApi: async () => {
        platform.api = await startApiProcess(apiEnv);
      },
    };
    cleanups.push(async () => {
      await platform.api.stop();
    });
    return platform;
  } catch (error) {
    await stop();
    throw error;
  }
}

interface TokenAnswer {
  accessToken: string;
}

export async function postJson<T>(url: string, body: unknown, token?: string, method = 'POST'): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return (await res.json()) as T;
}

export async function operatorToken(platform: Platform): Promise<string> {
  const login = await postJson<TokenAnswer>(`${platform.api.baseUrl}/api/v1/auth/admin/login`, {
    email: platform.adminEmail,
    password: platform.adminPassword,
  });
  if (login.status !== 200) throw new Error(`operator login answered ${login.status}`);
  return login.body.accessToken;
}

export interface SeededTenant {
  id: string;
  name: string;
  ownerEmail: string;
  ownerPassword: string;
  ownerToken: string;
}

/** What a seeded tenant looks like besides its name; random where not given. */
export interface TenantDetails {
  ownerEmail?: string;
  ownerName?: string;
  plan?: 'starter' | 'pro' | 'enterprise';
}

/** Creates an account as the operator; with `owner`, also accepts the owner invite, all over HTTP. */
export async function createTenant(
  platform: Platform,
  operator: string,
  name: string,
  owner = false,
  details: TenantDetails = {},
): Promise<SeededTenant | null> {
  const ownerEmail = details.ownerEmail ?? `owner-${randomHex(4)}@example.test`;
  const created = await postJson<{ account: { id: string }; ownerInvite: { token: string } }>(
    `${platform.api.baseUrl}/api/v1/admin/accounts`,
    { name, email: ownerEmail, ...(details.plan ? { plan: details.plan } : {}) },
    operator,
  );
  if (created.status !== 201) throw new Error(`creating ${name} answered ${created.status}`);
  if (!owner) return null;
  const ownerPassword = `owner-${SECRET_MARKER}-${randomHex(8)}`;
  const accepted = await postJson<TokenAnswer>(`${platform.api.baseUrl}/api/v1/auth/invites/accept`, {
    token: created.body.ownerInvite.token,
    name: details.ownerName ?? 'Ada Owner',
    password: ownerPassword,
  });
  if (accepted.status !== 200) throw new Error(`accepting the owner invite answered ${accepted.status}`);
  return { id: created.body.account.id, name, ownerEmail, ownerPassword, ownerToken: accepted.body.accessToken };
}
