import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/create-app.js';
import { parseEnv } from '../../src/config/env.js';
import type { Env } from '../../src/config/env.schema.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * Every secret a test stores contains this marker. After the whole run the test
 * runner searches every log for it: finding it means a secret leaked into a log.
 */
export const SECRET_CANARY = 'pxcanary';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const LOG_DIR = join(REPO_ROOT, '.test-output', 'logs');

export const ADMIN_EMAIL = 'operator@prixagent.test';
export const ADMIN_PASSWORD = `operator-${SECRET_CANARY}-password`;

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A valid test environment; overrides win. Logs go to a file the canary check reads. */
export function testEnv(databaseUrl: string, overrides: Record<string, string> = {}): Env {
  mkdirSync(LOG_DIR, { recursive: true });
  return parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '5',
    JWT_SECRET: `${SECRET_CANARY}-jwt-${randomHex(24)}`,
    ENCRYPTION_KEY: randomHex(32),
    ENCRYPTION_KEY_ID: 'k1',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'info',
    LOG_FILE: join(LOG_DIR, `api-${process.pid}.log`),
    // Cheap hashes keep the suites fast; production uses the OWASP defaults.
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    RATE_LIMIT_MAX_REQUESTS: '100000',
    LOGIN_RATE_LIMIT_MAX: '100000',
    LOGIN_BACKOFF_THRESHOLD: '1000',
    CORS_ORIGIN: 'http://localhost:3001',
    ...overrides,
  });
}

export interface RunningApp {
  app: NestFastifyApplication;
  env: Env;
  baseUrl: string;
  http: HttpClient;
  close: () => Promise<void>;
}

/** Boots the real API on a loopback port, over a real PostgreSQL database. */
export async function startApp(env: Env): Promise<RunningApp> {
  const app = await createApp(env);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('API did not bind a TCP port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return { app, env, baseUrl, http: new HttpClient(baseUrl), close: () => app.close() };
}

export interface TestContext extends RunningApp {
  db: TestDatabase;
  teardown: () => Promise<void>;
}

/** A migrated database of its own plus a running API on it. */
export async function startTestContext(overrides: Record<string, string> = {}): Promise<TestContext> {
  const db = await createTestDatabase();
  const running = await startApp(testEnv(db.url, overrides));
  return {
    ...running,
    db,
    teardown: async () => {
      await running.close();
      await db.drop();
    },
  };
}

export interface HttpResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  cookie?: string;
}

/** A plain fetch wrapper: tests speak real HTTP to the real server. */
export class HttpClient {
  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.cookie) headers['cookie'] = options.cookie;
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.text();
    // No test may ever receive a 500: it would mean an unmapped error escaped a service.
    if (res.status === 500) throw new Error(`${method} ${path} answered 500: ${text}`);
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: res.status, body: body as T, headers: res.headers, text };
  }

  get<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, { ...options, body });
  }
  patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }
}
