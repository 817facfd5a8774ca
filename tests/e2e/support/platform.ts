// The API as production runs it (the built dist/main.js as a child process),
// on a PostgreSQL database of its own on the server every suite picks
// (TEST_DATABASE_URL, else the local 127.0.0.1:5432, else an embedded one).
// Migrated with the project's own migrate CLI, as the production `migrate`
// service does.
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
  api: RunningApi;
  adminEmail: string;
  adminPassword: string;
  stop: () => Promise<void>;
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
    const api = await startApiProcess({
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
    });
    cleanups.push(async () => {
      await api.stop();
    });
    return { api, adminEmail, adminPassword, stop };
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
  name: string;
  ownerEmail: string;
  ownerPassword: string;
  ownerToken: string;
}

/** Creates an account as the operator; with `owner`, also accepts the owner invite, all over HTTP. */
export async function createTenant(platform: Platform, operator: string, name: string, owner = false): Promise<SeededTenant | null> {
  const ownerEmail = `owner-${randomHex(4)}@example.test`;
  const created = await postJson<{ ownerInvite: { token: string } }>(
    `${platform.api.baseUrl}/api/v1/admin/accounts`,
    { name, email: ownerEmail },
    operator,
  );
  if (created.status !== 201) throw new Error(`creating ${name} answered ${created.status}`);
  if (!owner) return null;
  const ownerPassword = `owner-${SECRET_MARKER}-${randomHex(8)}`;
  const accepted = await postJson<TokenAnswer>(`${platform.api.baseUrl}/api/v1/auth/invites/accept`, {
    token: created.body.ownerInvite.token,
    name: 'Ada Owner',
    password: ownerPassword,
  });
  if (accepted.status !== 200) throw new Error(`accepting the owner invite answered ${accepted.status}`);
  return { name, ownerEmail, ownerPassword, ownerToken: accepted.body.accessToken };
}
