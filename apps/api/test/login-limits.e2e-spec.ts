import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from './support/test-database.js';
import { startTestContext, type TestContext } from './support/test-app.js';
import { adminToken, createTenant, refreshCookieOf, type Tenant } from './support/tenants.js';

interface ErrorBody {
  error: { code: string; message: string; details: unknown[] };
}

describe('failed-login backoff', () => {
  let ctx: TestContext;
  let tenant: Tenant;
  beforeAll(async () => {
    ctx = await startTestContext({ LOGIN_BACKOFF_THRESHOLD: '3', LOGIN_BACKOFF_BASE_SECONDS: '30' });
    tenant = await createTenant(ctx.http, await adminToken(ctx.http));
  });
  afterAll(async () => {
    await ctx?.teardown();
  });

  it('locks an email after repeated failures with 429 and Retry-After, even for the right password', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await ctx.http.post('/api/v1/auth/login', { email: tenant.ownerEmail, password: `wrong-${i}` })).status).toBe(401);
    }
    const locked = await ctx.http.post<ErrorBody>('/api/v1/auth/login', { email: tenant.ownerEmail, password: tenant.ownerPassword });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_requests');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    const audit = await query<{ metadata: { locked: boolean } }>(ctx.db.url, `SELECT metadata FROM "AuditEvent" WHERE action = 'auth.login.failed' ORDER BY "createdAt" DESC LIMIT 1`);
    expect(audit[0]?.metadata.locked).toBe(true);
    const blocked = await query(ctx.db.url, `SELECT 1 FROM "AuditEvent" WHERE action = 'auth.login.blocked'`);
    expect(blocked).toHaveLength(1);
  });

  it('lets no more than the threshold through when guesses arrive all at once', async () => {
    const email = `burst-${Date.now()}@example.test`;
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ctx.http.post('/api/v1/auth/login', { email, password: `guess-${i}` }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(27);
  });

  it('locks a client address spraying many emails', async () => {
    // Address threshold is four times the email threshold (3): 12 failures.
    let last = 0;
    for (let i = 0; i < 13; i++) {
      last = (await ctx.http.post('/api/v1/auth/login', { email: `spray-${i}@example.test`, password: 'wrong-password' })).status;
    }
    expect(last).toBe(429);
  });
});

describe('login rate limit', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestContext({ LOGIN_RATE_LIMIT_MAX: '5' });
  });
  afterAll(async () => {
    await ctx?.teardown();
  });

  it('answers 429 with Retry-After past the login budget while other routes still answer', async () => {
    const statuses: number[] = [];
    let last: { status: number; headers: Headers; body: ErrorBody } | undefined;
    for (let i = 0; i < 7; i++) {
      last = await ctx.http.post<ErrorBody>('/api/v1/auth/admin/login', { email: 'x@example.test', password: 'wrong-password' });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(last?.body.error.code).toBe('too_many_requests');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await ctx.http.get('/api/health')).status).toBe(200);
  });
});

describe('session refresh and the login rate limit', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestContext({ LOGIN_RATE_LIMIT_MAX: '3' });
  });
  afterAll(async () => {
    await ctx?.teardown();
  });

  it('does not count session refreshes: reloading a dashboard often stays signed in', async () => {
    const http = ctx.http;
    const tenant = await createTenant(http, await adminToken(http));
    let cookie = tenant.refreshCookie;
    for (let i = 0; i < 8; i++) {
      const res = await http.post<{ accessToken: string }>('/api/v1/auth/refresh', undefined, { cookie });
      expect(res.status, `refresh ${i + 1}`).toBe(200);
      cookie = refreshCookieOf(res.headers);
    }
  });
});
