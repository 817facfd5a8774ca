import { describe, expect, it } from 'vitest';
import { createDashboardSession, type DashboardKind } from './dashboard-session.js';

interface Seen {
  method: string;
  path: string;
  authorization: string | null;
  body: string;
}

const user = (role: string) => ({ id: 'u1', email: 'ada@example.test', name: 'Ada', role, accountId: role === 'platform_admin' ? null : 'a1' });
const tokenBody = (accessToken: string, role = 'owner') => ({ accessToken, tokenType: 'Bearer', expiresIn: 900, user: user(role) });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const apiError = (status: number, code: string) => json(status, { error: { code, message: code, details: [] } });

/** A fake API on the other side of fetch: the real client code runs unchanged against it. */
function fakeApi(kind: DashboardKind, routes: Record<string, (seen: Seen) => Response>) {
  const seen: Seen[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const entry = {
      method: request.method,
      path: new URL(request.url).pathname,
      authorization: request.headers.get('authorization'),
      body: await request.text(),
    };
    seen.push(entry);
    const route = routes[`${entry.method} ${entry.path}`];
    return route ? route(entry) : apiError(404, 'not_found');
  };
  return { seen, dashboard: createDashboardSession(kind, { baseUrl: 'http://dashboard.test', fetch: fetchImpl }) };
}

describe('createDashboardSession', () => {
  it('signs a tenant user in through /auth/login and sends the token afterwards', async () => {
    const { seen, dashboard } = fakeApi('tenant', {
      'POST /api/v1/auth/login': () => json(200, tokenBody('t1')),
      'GET /api/v1/me': () => json(200, {}),
    });
    await dashboard.signIn({ email: 'ada@example.test', password: 'pw' });
    expect(dashboard.session.getState().status).toBe('signed-in');
    await dashboard.api.GET('/api/v1/me');
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['POST /api/v1/auth/login', 'GET /api/v1/me']);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ email: 'ada@example.test', password: 'pw' });
    expect(seen[1]?.authorization).toBe('Bearer t1');
  });

  it('signs the operator in through /auth/admin/login', async () => {
    const { seen, dashboard } = fakeApi('operator', { 'POST /api/v1/auth/admin/login': () => json(200, tokenBody('op', 'platform_admin')) });
    await dashboard.signIn({ email: 'op@example.test', password: 'pw' });
    expect(seen[0]?.path).toBe('/api/v1/auth/admin/login');
    expect(dashboard.session.getState().user?.role).toBe('platform_admin');
  });

  it('accepts an invite and is signed in as the new user', async () => {
    const { seen, dashboard } = fakeApi('tenant', {
      'POST /api/v1/auth/invites/accept': () => json(200, tokenBody('new-user', 'member')),
      'GET /api/v1/me': () => json(200, {}),
    });
    await dashboard.session.restore();
    await dashboard.acceptInvite({ token: 'x'.repeat(43), name: 'Grace', password: 'a long passphrase' });
    expect(dashboard.session.getState()).toMatchObject({ status: 'signed-in', user: { role: 'member' } });
    expect(JSON.parse(seen.find((s) => s.path === '/api/v1/auth/invites/accept')?.body ?? '')).toEqual({ token: 'x'.repeat(43), name: 'Grace', password: 'a long passphrase' });
    await dashboard.api.GET('/api/v1/me');
    expect(seen.at(-1)?.authorization).toBe('Bearer new-user');
  });

  it('restores nothing, with no error and no reason, when the refresh route answers 204', async () => {
    const { seen, dashboard } = fakeApi('tenant', { 'POST /api/v1/auth/refresh': () => new Response(null, { status: 204 }) });
    await dashboard.session.restore();
    expect(dashboard.session.getState()).toEqual({ status: 'signed-out', user: null, error: null, signedOutReason: null });
    expect(seen.map((s) => s.path)).toEqual(['/api/v1/auth/refresh']);
  });

  it('says why on a page load whose cookie the API refuses (a removed member reloading)', async () => {
    const { dashboard } = fakeApi('tenant', { 'POST /api/v1/auth/refresh': () => apiError(401, 'user_removed') });
    await dashboard.session.restore();
    expect(dashboard.session.getState()).toEqual({ status: 'signed-out', user: null, error: null, signedOutReason: 'user_removed' });
  });

  it('signs a removed member out with the reason: the 401, then the refresh that says the same', async () => {
    const { seen, dashboard } = fakeApi('tenant', {
      'POST /api/v1/auth/login': () => json(200, tokenBody('t1')),
      'GET /api/v1/team': () => apiError(401, 'user_removed'),
      'POST /api/v1/auth/refresh': () => apiError(401, 'user_removed'),
    });
    await dashboard.signIn({ email: 'ada@example.test', password: 'pw' });
    const { response } = await dashboard.api.GET('/api/v1/team');
    expect(response.status).toBe(401);
    expect(dashboard.session.getState()).toEqual({ status: 'signed-out', user: null, error: null, signedOutReason: 'user_removed' });
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['POST /api/v1/auth/login', 'GET /api/v1/team', 'POST /api/v1/auth/refresh']);
  });

  it('signs out with the reason when any request finds the account suspended or closed', async () => {
    for (const code of ['account_suspended', 'account_cancelled']) {
      const { seen, dashboard } = fakeApi('tenant', {
        'POST /api/v1/auth/login': () => json(200, tokenBody('t1')),
        'GET /api/v1/integrations': () => apiError(403, code),
      });
      await dashboard.signIn({ email: 'ada@example.test', password: 'pw' });
      const { response } = await dashboard.api.GET('/api/v1/integrations');
      expect(response.status).toBe(403);
      expect(dashboard.session.getState()).toEqual({ status: 'signed-out', user: null, error: null, signedOutReason: code });
      expect(dashboard.session.getAccessToken()).toBeNull();
      // No refresh: a 403 is not about the token.
      expect(seen.some((s) => s.path === '/api/v1/auth/refresh')).toBe(false);
    }
  });

  it('keeps the session through a 403 about something else (a member on an owner-only action)', async () => {
    const { dashboard } = fakeApi('tenant', {
      'POST /api/v1/auth/login': () => json(200, tokenBody('t1', 'member')),
      'PUT /api/v1/integrations/calcom': () => apiError(403, 'forbidden'),
      'GET /api/v1/integrations': () => json(403, '<html>nginx</html>'),
    });
    await dashboard.signIn({ email: 'ada@example.test', password: 'pw' });
    await dashboard.api.PUT('/api/v1/integrations/{provider}', { params: { path: { provider: 'calcom' } }, body: { secrets: { apiKey: 'cal_live_x' } } });
    await dashboard.api.GET('/api/v1/integrations');
    expect(dashboard.session.getState()).toMatchObject({ status: 'signed-in', signedOutReason: null });
  });

  it('ends other sessions: a request with a token from before a password change refreshes into session_revoked', async () => {
    const { dashboard } = fakeApi('tenant', {
      'POST /api/v1/auth/login': () => json(200, tokenBody('t1')),
      'GET /api/v1/me': () => apiError(401, 'session_revoked'),
      'POST /api/v1/auth/refresh': () => apiError(401, 'session_revoked'),
    });
    await dashboard.signIn({ email: 'ada@example.test', password: 'pw' });
    await dashboard.api.GET('/api/v1/me');
    expect(dashboard.session.getState()).toMatchObject({ status: 'signed-out', signedOutReason: 'session_revoked' });
  });

  it('reports a used invite without trying to refresh, and stays signed out', async () => {
    const { seen, dashboard } = fakeApi('tenant', { 'POST /api/v1/auth/invites/accept': () => apiError(401, 'invite_invalid') });
    await dashboard.session.restore();
    await expect(dashboard.acceptInvite({ token: 'x'.repeat(43), name: 'Grace', password: 'a long passphrase' })).rejects.toMatchObject({ status: 401, code: 'invite_invalid' });
    expect(dashboard.session.getState().status).toBe('signed-out');
    // One refresh at start-up (the fake API's 404 stands in for "no cookie"), none for the refused invite.
    expect(seen.filter((s) => s.path === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('rejects a wrong password with the API error and stays signed out', async () => {
    const { dashboard } = fakeApi('tenant', { 'POST /api/v1/auth/login': () => apiError(401, 'invalid_credentials') });
    await dashboard.session.restore();
    await expect(dashboard.signIn({ email: 'ada@example.test', password: 'bad' })).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(dashboard.session.getState().status).toBe('signed-out');
  });

  it('refreshes once on a 401 and retries the request with the new token', async () => {
    let meCalls = 0;
    const { seen, dashboard } = fakeApi('tenant', {
      'POST /api/v1/auth/login': () => json(200, tokenBody('expired')),
      'POST /api/v1/auth/refresh': () => json(200, tokenBody('fresh')),
      'GET /api/v1/me': (s) => (meCalls++, s.authorization === 'Bearer fresh' ? json(200, { ok: true }) : apiError(401, 'token_expired')),
    });
    await dashboard.signIn({ email: 'ada@example.test', password: 'pw' });
    const { data, response } = await dashboard.api.GET('/api/v1/me');
    expect(response.status).toBe(200);
    expect(data).toEqual({ ok: true });
    expect(meCalls).toBe(2);
    expect(seen.filter((s) => s.path === '/api/v1/auth/refresh')).toHaveLength(1);
    expect(dashboard.session.getAccessToken()).toBe('fresh');
  });

  it('ends the session when the refresh is refused', async () => {
    const { dashboard } = fakeApi('tenant', {
      'POST /api/v1/auth/login': () => json(200, tokenBody('expired')),
      'POST /api/v1/auth/refresh': () => apiError(401, 'refresh_expired'),
      'GET /api/v1/me': () => apiError(401, 'token_expired'),
    });
    await dashboard.signIn({ email: 'ada@example.test', password: 'pw' });
    const { response } = await dashboard.api.GET('/api/v1/me');
    expect(response.status).toBe(401);
    expect(dashboard.session.getState()).toMatchObject({ status: 'signed-out', error: null, signedOutReason: 'refresh_expired' });
  });

  it('does not restore an operator session in the client dashboard', async () => {
    const { dashboard } = fakeApi('tenant', { 'POST /api/v1/auth/refresh': () => json(200, tokenBody('op', 'platform_admin')) });
    await dashboard.session.restore();
    expect(dashboard.session.getState().status).toBe('signed-out');
    expect(dashboard.session.getAccessToken()).toBeNull();
  });

  it('calls logout on sign-out', async () => {
    const { seen, dashboard } = fakeApi('operator', {
      'POST /api/v1/auth/refresh': () => json(200, tokenBody('op', 'platform_admin')),
      'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    });
    await dashboard.session.restore();
    await dashboard.session.signOut();
    expect(seen.map((s) => s.path)).toEqual(['/api/v1/auth/refresh', '/api/v1/auth/logout']);
    expect(dashboard.session.getState()).toEqual({ status: 'signed-out', user: null, error: null, signedOutReason: null });
  });
});
