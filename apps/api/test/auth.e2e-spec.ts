import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from './support/test-database.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, startTestContext, testEnv, type TestContext } from './support/test-app.js';
import { adminToken, createTenant, refreshCookieOf, type Tenant } from './support/tenants.js';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}
interface TokenBody {
  accessToken: string;
  expiresIn: number;
  user: { id: string; role: string };
}

let ctx: TestContext;
let admin: string;
let tenant: Tenant;

beforeAll(async () => {
  ctx = await startTestContext();
  admin = await adminToken(ctx.http);
  tenant = await createTenant(ctx.http, admin);
});
afterAll(async () => {
  await ctx?.teardown();
});

describe('tenant login', () => {
  it('returns a 15-minute access token and an httpOnly Secure SameSite=Strict refresh cookie on the auth path', async () => {
    const res = await ctx.http.post<TokenBody>('/api/v1/auth/login', { email: tenant.ownerEmail, password: tenant.ownerPassword });
    expect(res.status).toBe(200);
    expect(res.body.expiresIn).toBe(900);
    const [, payload] = res.body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: 'prixagent', aud: 'prixagent-api', sub: tenant.ownerId, acc: tenant.accountId, role: 'owner' });
    expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(900);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('px_refresh='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/i);
    expect(res.text).not.toContain(tenant.ownerPassword);
  });

  it('answers 401 with one message for a wrong password and an unknown email, and audits both', async () => {
    const wrong = await ctx.http.post<ErrorBody>('/api/v1/auth/login', { email: tenant.ownerEmail, password: 'not-the-password' });
    const unknown = await ctx.http.post<ErrorBody>('/api/v1/auth/login', { email: 'nobody@example.test', password: 'whatever-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const audits = await query<{ action: string; n: string }>(ctx.db.url, `SELECT action, count(*)::text AS n FROM "AuditEvent" WHERE action LIKE 'auth.login.%' GROUP BY action`);
    const counts = Object.fromEntries(audits.map((r) => [r.action, Number(r.n)]));
    expect(counts['auth.login.failed']).toBeGreaterThanOrEqual(2);
    expect(counts['auth.login.succeeded']).toBeGreaterThanOrEqual(1);
  });

  it('answers 400 naming the fields for a malformed body', async () => {
    const res = await ctx.http.post<ErrorBody>('/api/v1/auth/login', { email: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'email', message: expect.stringMatching(/email/) as unknown as string },
        { field: 'password', message: 'is required' },
      ]),
    );
  });

  it('answers 401 without a token and with a forged one', async () => {
    const none = await ctx.http.get<ErrorBody>('/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');
    const [h, p] = tenant.token.split('.');
    const forged = await ctx.http.get<ErrorBody>('/api/v1/me', { token: `${h}.${p}.AAAA` });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('invalid_token');
  });
});

describe('refresh rotation', () => {
  it('rotates the refresh token, and reusing a rotated one revokes its whole family', async () => {
    const login = await ctx.http.post<TokenBody>('/api/v1/auth/login', { email: tenant.ownerEmail, password: tenant.ownerPassword });
    const first = refreshCookieOf(login.headers);
    const r1 = await ctx.http.post<TokenBody>('/api/v1/auth/refresh', undefined, { cookie: first });
    expect(r1.status).toBe(200);
    const second = refreshCookieOf(r1.headers);
    expect(second).not.toBe(first);
    expect((await ctx.http.get('/api/v1/me', { token: r1.body.accessToken })).status).toBe(200);

    // The stolen, already-rotated token is presented again, later (not a concurrent duplicate).
    await query(ctx.db.url, `UPDATE "RefreshToken" SET "rotatedAt" = now() - interval '1 minute' WHERE "rotatedAt" IS NOT NULL`);
    const reuse = await ctx.http.post<ErrorBody>('/api/v1/auth/refresh', undefined, { cookie: first });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('refresh_reused');
    // The legitimate successor is now dead too: the family is revoked.
    const successor = await ctx.http.post<ErrorBody>('/api/v1/auth/refresh', undefined, { cookie: second });
    expect(successor.status).toBe(401);
    const audit = await query(ctx.db.url, `SELECT 1 FROM "AuditEvent" WHERE action = 'auth.refresh.reuse_detected'`);
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });

  it('answers a concurrent duplicate refresh with 401 without ending the session', async () => {
    const login = await ctx.http.post<TokenBody>('/api/v1/auth/login', { email: tenant.ownerEmail, password: tenant.ownerPassword });
    const cookie = refreshCookieOf(login.headers);
    const both = await Promise.all([1, 2].map(() => ctx.http.post<TokenBody | ErrorBody>('/api/v1/auth/refresh', undefined, { cookie })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
    const winner = both.find((r) => r.status === 200);
    const loser = both.find((r) => r.status === 401);
    expect((loser?.body as ErrorBody).error.code).toBe('refresh_race');
    const next = await ctx.http.post('/api/v1/auth/refresh', undefined, { cookie: refreshCookieOf(winner?.headers ?? new Headers()) });
    expect(next.status).toBe(200);
  });

  it('logout revokes the refresh token and clears the cookie', async () => {
    const login = await ctx.http.post<TokenBody>('/api/v1/auth/login', { email: tenant.ownerEmail, password: tenant.ownerPassword });
    const cookie = refreshCookieOf(login.headers);
    const out = await ctx.http.post('/api/v1/auth/logout', undefined, { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => c.startsWith('px_refresh=;'))).toBe(true);
    const again = await ctx.http.post<ErrorBody>('/api/v1/auth/refresh', undefined, { cookie });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('session_revoked');
  });

  it('answers 204 with no body and no cookie when there is no refresh cookie: no session is not an error', async () => {
    for (const cookie of [undefined, 'px_refresh=', 'other=1']) {
      const res = await ctx.http.post('/api/v1/auth/refresh', undefined, cookie ? { cookie } : {});
      expect(res.status, String(cookie)).toBe(204);
      expect(res.text).toBe('');
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    // A cookie that is there but names no session is still an error.
    const bad = await ctx.http.post<ErrorBody>('/api/v1/auth/refresh', undefined, { cookie: 'px_refresh=not-a-real-token' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('refresh_invalid');
  });
});

describe('operator', () => {
  it('signs in from .env and is refused with a wrong password', async () => {
    const ok = await ctx.http.post<TokenBody>('/api/v1/auth/admin/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.user.role).toBe('platform_admin');
    const bad = await ctx.http.post<ErrorBody>('/api/v1/auth/admin/login', { email: ADMIN_EMAIL, password: `${ADMIN_PASSWORD}x` });
    expect(bad.status).toBe(401);
    const refreshed = await ctx.http.post<TokenBody>('/api/v1/auth/refresh', undefined, { cookie: refreshCookieOf(ok.headers) });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user.role).toBe('platform_admin');
  });

  it('ends operator sessions when ADMIN_PASSWORD changes', async () => {
    const ok = await ctx.http.post<TokenBody>('/api/v1/auth/admin/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    const cookie = refreshCookieOf(ok.headers);
    // The same database and signing key, a new operator password: as after editing .env and restarting.
    const restarted = await startApp(testEnv(ctx.db.url, { JWT_SECRET: ctx.env.JWT_SECRET, ADMIN_PASSWORD: `${ADMIN_PASSWORD}-rotated` }));
    try {
      const res = await restarted.http.post<ErrorBody>('/api/v1/auth/refresh', undefined, { cookie });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('session_revoked');
      // The access token from before the change stops working at once too.
      const access = await restarted.http.get<ErrorBody>('/api/v1/admin/accounts', { token: ok.body.accessToken });
      expect(access.status).toBe(401);
      expect(access.body.error.code).toBe('session_revoked');
      expect((await ctx.http.get('/api/v1/admin/accounts', { token: ok.body.accessToken })).status).toBe(200);
    } finally {
      await restarted.close();
    }
  });

  it('keeps tenant and operator routes apart with 403', async () => {
    const tenantOnAdmin = await ctx.http.get<ErrorBody>('/api/v1/admin/accounts', { token: tenant.token });
    expect(tenantOnAdmin.status).toBe(403);
    expect(tenantOnAdmin.body.error.code).toBe('operator_only');
    const adminOnTenant = await ctx.http.get<ErrorBody>('/api/v1/integrations', { token: admin });
    expect(adminOnTenant.status).toBe(403);
    expect(adminOnTenant.body.error.code).toBe('tenant_users_only');
  });
});

describe('account status', () => {
  it('a suspended account\'s live access token gets 403 on its next request; no login, no refresh', async () => {
    const t = await createTenant(ctx.http, admin);
    expect((await ctx.http.get('/api/v1/me', { token: t.token })).status).toBe(200);
    const suspended = await ctx.http.post(`/api/v1/admin/accounts/${t.accountId}/suspend`, undefined, { token: admin });
    expect(suspended.status).toBe(200);

    const next = await ctx.http.get<ErrorBody>('/api/v1/me', { token: t.token });
    expect(next.status).toBe(403);
    expect(next.body.error.code).toBe('account_suspended');
    const login = await ctx.http.post<ErrorBody>('/api/v1/auth/login', { email: t.ownerEmail, password: t.ownerPassword });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('account_suspended');
    // The suspension revoked the session; its refresh says why rather than "invalid".
    const refreshed = await ctx.http.post<ErrorBody>('/api/v1/auth/refresh', undefined, { cookie: t.refreshCookie });
    expect(refreshed.status).toBe(403);
    expect(refreshed.body.error.code).toBe('account_suspended');

    await ctx.http.post(`/api/v1/admin/accounts/${t.accountId}/reactivate`, undefined, { token: admin });
    expect((await ctx.http.post('/api/v1/auth/login', { email: t.ownerEmail, password: t.ownerPassword })).status).toBe(200);

    await ctx.http.post(`/api/v1/admin/accounts/${t.accountId}/cancel`, undefined, { token: admin });
    const cancelled = await ctx.http.get<ErrorBody>('/api/v1/me', { token: t.token });
    expect(cancelled.status).toBe(403);
    expect(cancelled.body.error.code).toBe('account_cancelled');
    const cancelledRefresh = await ctx.http.post<ErrorBody>('/api/v1/auth/refresh', undefined, { cookie: t.refreshCookie });
    expect(cancelledRefresh.status).toBe(403);
    expect(cancelledRefresh.body.error.code).toBe('account_cancelled');
  });

  it('a removed member gets 401 user_removed on its next request and on refresh, even after a reload', async () => {
    const t = await createTenant(ctx.http, admin);
    const invite = await ctx.http.post<{ token: string }>('/api/v1/team/invites', { email: `gone-${t.accountId.slice(-6)}@example.test` }, { token: t.token });
    const joined = await ctx.http.post<TokenBody>('/api/v1/auth/invites/accept', { token: invite.body.token, name: 'Gone', password: 'a-long-member-passphrase' });
    const cookie = refreshCookieOf(joined.headers);
    // A second refresh token of the same login, rotated: the family has history.
    const rotated = await ctx.http.post<TokenBody>('/api/v1/auth/refresh', undefined, { cookie });
    const current = refreshCookieOf(rotated.headers);

    expect((await ctx.http.delete(`/api/v1/team/members/${joined.body.user.id}`, { token: t.token })).status).toBe(204);
    const next = await ctx.http.get<ErrorBody>('/api/v1/me', { token: rotated.body.accessToken });
    expect(next.status).toBe(401);
    expect(next.body.error.code).toBe('user_removed');
    const refreshed = await ctx.http.post<ErrorBody>('/api/v1/auth/refresh', undefined, { cookie: current });
    expect(refreshed.status).toBe(401);
    expect(refreshed.body.error.code).toBe('user_removed');
    // The user's tokens outlive it only as revoked rows, detached from any user.
    const rows = await query<{ userId: string | null; revoked: boolean }>(ctx.db.url, `SELECT "userId", "revokedAt" IS NOT NULL AS revoked FROM "RefreshToken" WHERE subject = $1`, [joined.body.user.id]);
    expect(rows.length).toBe(2);
    expect(rows.every((r) => r.userId === null && r.revoked)).toBe(true);
  });
});

describe('password change', () => {
  it('needs the current password and refuses a short new one, changing nothing', async () => {
    const t = await createTenant(ctx.http, admin);
    const wrong = await ctx.http.post<ErrorBody>('/api/v1/auth/password', { currentPassword: 'wrong-password', newPassword: 'a-new-long-passphrase' }, { token: t.token });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0]?.field).toBe('currentPassword');
    const short = await ctx.http.post<ErrorBody>('/api/v1/auth/password', { currentPassword: t.ownerPassword, newPassword: 'short' }, { token: t.token });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0]).toEqual({ field: 'newPassword', message: 'must be at least 12 characters' });
    expect((await ctx.http.get('/api/v1/me', { token: t.token })).status).toBe(200);
    expect((await ctx.http.post('/api/v1/auth/refresh', undefined, { cookie: t.refreshCookie })).status).toBe(200);
  });

  it('ends every other session at once, and the session that changed it carries on with the fresh one it is given', async () => {
    const t = await createTenant(ctx.http, admin);
    // Two sessions of the same user: this device (the invite's) and another one.
    const other = await ctx.http.post<TokenBody>('/api/v1/auth/login', { email: t.ownerEmail, password: t.ownerPassword });
    const otherCookie = refreshCookieOf(other.headers);
    expect((await ctx.http.get('/api/v1/me', { token: other.body.accessToken })).status).toBe(200);

    const changed = await ctx.http.post<TokenBody>('/api/v1/auth/password', { currentPassword: t.ownerPassword, newPassword: 'a-new-long-passphrase' }, { token: t.token });
    expect(changed.status).toBe(200);
    expect(changed.body.user.id).toBe(t.ownerId);
    const freshCookie = refreshCookieOf(changed.headers);

    // The other session: its live access token stops at once, and its refresh token is revoked.
    const otherNext = await ctx.http.get<ErrorBody>('/api/v1/me', { token: other.body.accessToken });
    expect(otherNext.status).toBe(401);
    expect(otherNext.body.error.code).toBe('session_revoked');
    const otherRefresh = await ctx.http.post<ErrorBody>('/api/v1/auth/refresh', undefined, { cookie: otherCookie });
    expect(otherRefresh.status).toBe(401);
    expect(otherRefresh.body.error.code).toBe('session_revoked');

    // This session: the token it sent is from before the change too, so it goes on with the one in the answer.
    expect((await ctx.http.get<ErrorBody>('/api/v1/me', { token: t.token })).body.error.code).toBe('session_revoked');
    expect((await ctx.http.get('/api/v1/me', { token: changed.body.accessToken })).status).toBe(200);
    expect((await ctx.http.post<ErrorBody>('/api/v1/auth/refresh', undefined, { cookie: t.refreshCookie })).body.error.code).toBe('session_revoked');
    const refreshed = await ctx.http.post<TokenBody>('/api/v1/auth/refresh', undefined, { cookie: freshCookie });
    expect(refreshed.status).toBe(200);
    expect((await ctx.http.get('/api/v1/me', { token: refreshed.body.accessToken })).status).toBe(200);

    // The old password stops working; the new one works.
    expect((await ctx.http.post<ErrorBody>('/api/v1/auth/login', { email: t.ownerEmail, password: t.ownerPassword })).body.error.code).toBe('invalid_credentials');
    expect((await ctx.http.post('/api/v1/auth/login', { email: t.ownerEmail, password: 'a-new-long-passphrase' })).status).toBe(200);
    const audits = await query(ctx.db.url, `SELECT 1 FROM "AuditEvent" WHERE action = 'auth.password.changed' AND "actorId" = $1`, [t.ownerId]);
    expect(audits).toHaveLength(1);
  });

  it('is for tenant users: the operator gets 403 tenant_users_only', async () => {
    const res = await ctx.http.post<ErrorBody>('/api/v1/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'a-new-long-passphrase' }, { token: admin });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('tenant_users_only');
  });
});
