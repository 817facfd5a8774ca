import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../src/auth/auth.service.js';
import { freePort } from './support/processes.js';
import { startApp, startTestContext, testEnv, type TestContext } from './support/test-app.js';
import { adminToken, createTenant } from './support/tenants.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestContext();
});
afterAll(async () => {
  await ctx?.teardown();
});

describe('boot', () => {
  it('resolves injected services (decorator metadata survived the test transform)', () => {
    const auth = ctx.app.get(AuthService);
    expect(auth).toBeInstanceOf(AuthService);
    // A constructor parameter that DI failed to fill would be undefined here.
    expect((auth as unknown as { repo: unknown }).repo).toBeDefined();
  });

  it('answers liveness and readiness', async () => {
    expect((await ctx.http.get('/api/health')).body).toEqual({ status: 'ok' });
    const ready = await ctx.http.get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', database: 'ok', redis: 'disabled' });
  });

  it('is not ready (503, same body shape) while the database does not answer', async () => {
    const app = await startApp(testEnv(`postgresql://nobody@127.0.0.1:${await freePort()}/nothing`, { HOUSEKEEPING_INTERVAL_MINUTES: '0' }));
    try {
      expect((await app.http.get('/api/health')).status).toBe(200);
      const ready = await app.http.get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'unavailable', database: 'unreachable', redis: 'disabled' });
    } finally {
      await app.close();
    }
  });

  it('lets the operator create a tenant whose owner signs in through the invite', async () => {
    const admin = await adminToken(ctx.http);
    const tenant = await createTenant(ctx.http, admin, 'Acme Voice');
    const me = await ctx.http.get<{ user: { email: string; role: string }; account: { slug: string } }>('/api/v1/me', { token: tenant.token });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: tenant.ownerEmail, role: 'owner' });
    expect(me.body.account.slug).toBe('acme-voice');
  });
});
