import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, HttpClient, LOG_DIR, SECRET_CANARY, randomHex } from './support/test-app.js';
import { API_DIR, requireBuild, runNode, startApiProcess } from './support/processes.js';
import { adminToken, createTenant, sampleCredentials, type Tenant } from './support/tenants.js';

let db: TestDatabase;
beforeAll(async () => {
  requireBuild();
  db = await createTestDatabase('proc');
});
afterAll(async () => {
  await db?.drop();
});

function baseEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    JWT_SECRET: `${SECRET_CANARY}-process-jwt-${randomHex(24)}`,
    ENCRYPTION_KEY: randomHex(32),
    ENCRYPTION_KEY_ID: 'k1',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_FILE: join(LOG_DIR, `api-process-${process.pid}.log`),
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    RATE_LIMIT_MAX_REQUESTS: '1000000',
    LOGIN_RATE_LIMIT_MAX: '100000',
    ...overrides,
  };
}

describe('boot checks', () => {
  it('refuses to start in production with ADMIN_PASSWORD=admin123 and says why', async () => {
    const run = runNode(join(API_DIR, 'dist/main.js'), baseEnv({ NODE_ENV: 'production', ADMIN_PASSWORD: 'admin123', JWT_SECRET: 'short' }));
    expect(await run.exited).toBe(1);
    const out = run.output();
    expect(out).toMatch(/ADMIN_PASSWORD must be at least 12 characters in production/);
    expect(out).toMatch(/ADMIN_PASSWORD is a known default password/);
    expect(out).toMatch(/JWT_SECRET must be at least 32 bytes/);
    expect(out).not.toContain('admin123');
  });

  it('refuses a malformed ENCRYPTION_KEY and a missing variable in one message', async () => {
    const env = baseEnv({ ENCRYPTION_KEY: 'not-hex' });
    delete env['ADMIN_EMAIL'];
    const run = runNode(join(API_DIR, 'dist/main.js'), env);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Invalid configuration \(2 problems\)/);
    expect(run.output()).toMatch(/ENCRYPTION_KEY must be 64 hex characters/);
    expect(run.output()).toMatch(/ADMIN_EMAIL is required/);
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request after SIGTERM, then exits 0', async () => {
    const api = await startApiProcess(baseEnv());
    const url = new URL(api.baseUrl);
    const body = JSON.stringify({ email: 'late@example.test', password: 'some-password-here' });
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    // Headers and half the body are in; the request is in flight when SIGTERM lands.
    socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((r) => setTimeout(r, 200));
    api.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    socket.write(body.slice(10));
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(response).toMatch(/^HTTP\/1\.1 401/);
    expect(await api.exited).toBe(0);
  });
});

describe('keys:rotate', () => {
  it('rewraps every tenant key while clients read, with zero failed requests; the API then starts without the old key', async () => {
    const k1 = randomHex(32);
    const k2 = randomHex(32);
    const shared = { JWT_SECRET: `${SECRET_CANARY}-rotation-jwt-${randomHex(24)}` };
    const v1 = await startApiProcess(baseEnv({ ...shared, ENCRYPTION_KEY: k1, ENCRYPTION_KEY_ID: 'k1' }));
    const http1 = new HttpClient(v1.baseUrl);
    const admin = await adminToken(http1);
    const tenants: Tenant[] = [];
    for (let i = 0; i < 12; i++) {
      const t = await createTenant(http1, admin);
      for (const provider of ['twilio', 'calcom'] as const) {
        expect((await http1.put(`/api/v1/integrations/${provider}`, sampleCredentials()[provider], { token: t.token })).status).toBe(200);
      }
      tenants.push(t);
    }
    expect(await v1.stop()).toBe(0);
    const before = await query<{ kekId: string; n: string }>(db.url, `SELECT "kekId", count(*)::text AS n FROM "TenantKey" GROUP BY "kekId"`);
    expect(before).toEqual([{ kekId: 'k1', n: '12' }]);

    // The new key is current; the old one may only decrypt.
    const rotatingEnv = baseEnv({ ...shared, ENCRYPTION_KEY: k2, ENCRYPTION_KEY_ID: 'k2', ENCRYPTION_KEYS_PREVIOUS: `k1:${k1}` });
    const v2 = await startApiProcess(rotatingEnv);
    const http2 = new HttpClient(v2.baseUrl);
    let stop = false;
    const statuses: number[] = [];
    const readers = [0, 1, 2, 3].map(async (r) => {
      for (let i = r; !stop; i++) {
        const t = tenants[i % tenants.length];
        const res = await http2.get(`/api/v1/integrations/${i % 2 ? 'twilio' : 'calcom'}`, { token: t?.token ?? '' });
        statuses.push(res.status);
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    const cli = runNode(join(API_DIR, 'dist/cli/rotate-keys.cli.js'), rotatingEnv, ['--batch-size', '5']);
    const code = await cli.exited;
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(readers);
    expect(cli.output()).toMatch(/k1: 0 rows \(safe to remove/);
    expect(code).toBe(0);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(await v2.stop()).toBe(0);

    const after = await query<{ kekId: string; n: string }>(db.url, `SELECT "kekId", count(*)::text AS n FROM "TenantKey" GROUP BY "kekId"`);
    expect(after).toEqual([{ kekId: 'k2', n: '12' }]);

    // k1 leaves the keyring: everything is still readable.
    const v3 = await startApiProcess(baseEnv({ ...shared, ENCRYPTION_KEY: k2, ENCRYPTION_KEY_ID: 'k2' }));
    const http3 = new HttpClient(v3.baseUrl);
    for (const t of tenants) {
      for (const provider of ['twilio', 'calcom']) {
        expect((await http3.get(`/api/v1/integrations/${provider}`, { token: t.token })).status).toBe(200);
      }
    }
    const list = await http3.get<{ items: { status: string; configured: boolean }[] }>('/api/v1/integrations', { token: tenants[0]?.token ?? '' });
    expect(list.body.items.filter((i) => i.configured).every((i) => i.status === 'unverified')).toBe(true);
    expect(await v3.stop()).toBe(0);
  }, 120_000);
});
