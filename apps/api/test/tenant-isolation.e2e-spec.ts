import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/create-app.js';
import { createTestDatabase, query, type TestDatabase } from './support/test-database.js';
import { HttpClient, testEnv } from './support/test-app.js';
import { registerStoredSecret } from './support/test-runner-env.js';
import { adminToken, createTenant, sampleCredentials, type Tenant } from './support/tenants.js';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Tenant B, holding a valid token, aims at tenant A's resources on every tenant
 * route the running app has. Routes are enumerated from Fastify as Nest
 * registers them, so a new tenant route without a case here fails the suite.
 */

interface Route {
  method: string;
  url: string;
}

let db: TestDatabase;
let app: NestFastifyApplication;
let http: HttpClient;
const routes: Route[] = [];
let admin: string;
let a: Tenant;
let b: Tenant;
let aMemberId: string;
let aInviteId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await createApp(testEnv(db.url));
  app.getHttpAdapter().getInstance().addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: route.url ?? '' });
    }
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('no port');
  http = new HttpClient(`http://127.0.0.1:${address.port}`);

  admin = await adminToken(http);
  a = await createTenant(http, admin, 'Tenant A');
  b = await createTenant(http, admin, 'Tenant B');
  const creds = sampleCredentials();
  expect((await http.put('/api/v1/integrations/twilio', creds.twilio, { token: a.token })).status).toBe(200);
  const invite = await http.post<{ id: string; token: string }>('/api/v1/team/invites', { email: 'member@a.example' }, { token: a.token });
  const accepted = await http.post<{ user: { id: string } }>('/api/v1/auth/invites/accept', { token: invite.body.token, name: 'M', password: 'a-long-member-passphrase' });
  aMemberId = accepted.body.user.id;
  aInviteId = (await http.post<{ id: string }>('/api/v1/team/invites', { email: 'pending@a.example' }, { token: a.token })).body.id;
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

/** A's state that no request of B may change. */
async function snapshotA(): Promise<string> {
  const rows = await query<{ s: string }>(
    db.url,
    `SELECT json_build_object(
       'users', (SELECT json_agg(json_build_object('id', id, 'role', role, 'hash', "passwordHash") ORDER BY id) FROM "User" WHERE "accountId" = $1),
       'invites', (SELECT json_agg(json_build_object('id', id, 'revoked', "revokedAt", 'accepted', "acceptedAt") ORDER BY id) FROM "Invite" WHERE "accountId" = $1),
       'creds', (SELECT json_agg(json_build_object('p', provider, 's', secrets, 'u', "updatedAt") ORDER BY provider) FROM "IntegrationCredential" WHERE "accountId" = $1),
       'account', (SELECT json_build_object('status', status, 'name', name) FROM "Account" WHERE id = $1),
       'names', (SELECT json_agg(name ORDER BY id) FROM "User" WHERE "accountId" = $1)
     )::text AS s`,
    [a.accountId],
  );
  return rows[0]?.s ?? '';
}

type Case = (route: Route) => Promise<void>;

const expect404 = (path: () => string, body?: unknown): Case => async (route) => {
  const res = await http.request<{ error: { code: string } }>(route.method, path(), { token: b.token, ...(body !== undefined ? { body } : {}) });
  expect(res.status, `${route.method} ${route.url}`).toBe(404);
  expect(res.body.error.code).toBe('not_found');
};

/** Routes with no id in the path: B's token can only ever reach B's own data. */
const cases: Record<string, Case> = {
  'GET /api/v1/me': async () => {
    const res = await http.get<{ account: { id: string } }>('/api/v1/me', { token: b.token });
    expect(res.body.account.id).toBe(b.accountId);
  },
  'PATCH /api/v1/me': async () => {
    const res = await http.patch<{ id: string; name: string }>('/api/v1/me', { name: 'B renamed' }, { token: b.token });
    expect(res.body).toMatchObject({ id: b.ownerId, name: 'B renamed' });
  },
  'GET /api/v1/team': async () => {
    const res = await http.get('/api/v1/team', { token: b.token });
    expect(res.text).not.toContain(a.ownerEmail);
    expect(res.text).not.toContain(aMemberId);
  },
  'POST /api/v1/team/invites': async () => {
    expect((await http.post('/api/v1/team/invites', { email: 'b-invitee@b.example' }, { token: b.token })).status).toBe(201);
  },
  'DELETE /api/v1/team/invites/:id': expect404(() => `/api/v1/team/invites/${aInviteId}`),
  'PATCH /api/v1/team/members/:id': expect404(() => `/api/v1/team/members/${aMemberId}`, { role: 'admin' }),
  'DELETE /api/v1/team/members/:id': expect404(() => `/api/v1/team/members/${aMemberId}`),
  'GET /api/v1/integrations': async () => {
    const res = await http.get<{ items: { provider: string; configured: boolean }[] }>('/api/v1/integrations', { token: b.token });
    expect(res.body.items.find((i) => i.provider === 'twilio')?.configured).toBe(false);
  },
  'GET /api/v1/integrations/:provider': async () => {
    const res = await http.get<{ configured: boolean }>('/api/v1/integrations/twilio', { token: b.token });
    expect(res.body.configured).toBe(false);
  },
  'PUT /api/v1/integrations/:provider': async () => {
    expect((await http.put('/api/v1/integrations/calcom', sampleCredentials().calcom, { token: b.token })).status).toBe(200);
  },
  'DELETE /api/v1/integrations/:provider': expect404(() => '/api/v1/integrations/twilio'),
  'POST /api/v1/auth/password': async () => {
    const res = await http.post<{ accessToken: string; user: { id: string } }>('/api/v1/auth/password', { currentPassword: b.ownerPassword, newPassword: 'b-new-long-passphrase' }, { token: b.token });
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(b.ownerId);
    // The answer's session carries on; B's earlier token has ended, so later cases use the new one.
    b = { ...b, token: res.body.accessToken, ownerPassword: 'b-new-long-passphrase' };
  },
};

/** Routes that need no token: sign-in style endpoints, and the invite lookup that precedes accepting one. */
const PUBLIC_ROUTES = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/admin/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/invites/inspect',
  'POST /api/v1/auth/invites/accept',
]);

/** Routes of the platform operator; a tenant token gets 403 there. */
const OPERATOR_ROUTES = new Set([
  'GET /api/v1/admin/accounts',
  'POST /api/v1/admin/accounts',
  'GET /api/v1/admin/accounts/:id',
  'POST /api/v1/admin/accounts/:id/suspend',
  'POST /api/v1/admin/accounts/:id/reactivate',
  'POST /api/v1/admin/accounts/:id/cancel',
  'POST /api/v1/admin/accounts/:id/close',
  'POST /api/v1/admin/accounts/:id/owner-invite',
  'GET /api/v1/admin/audit-events',
]);

/**
 * Routes open to tenant users and the operator alike. Each serves the caller
 * its own thing, never tenant data; the case checks that B's answer is bound
 * to B (and the operator's to no tenant).
 */
const SHARED_ROUTES: Record<string, Case> = {
  'POST /api/v1/realtime/tickets': async () => {
    const ticketAccount = async (token: string) => {
      const res = await http.post<{ ticket: string }>('/api/v1/realtime/tickets', undefined, { token });
      expect(res.status).toBe(201);
      const rows = await query<{ accountId: string | null }>(db.url, `SELECT "accountId" FROM "RealtimeTicket" WHERE "tokenHash" = encode(sha256($1::bytea), 'hex')`, [
        registerStoredSecret(res.body.ticket),
      ]);
      expect(rows).toHaveLength(1);
      return rows[0]?.accountId;
    };
    expect(await ticketAccount(b.token)).toBe(b.accountId);
    expect(await ticketAccount(admin)).toBeNull();
  },
};

type Kind = 'public' | 'operator' | 'tenant' | 'shared' | 'unclear';

/** What the running app does, not what a list says: probed without a token, as the operator, as a tenant. */
async function probe(route: Route): Promise<Kind> {
  const path = route.url.replace(/:id\b/g, '00000000-0000-7000-8000-000000000000').replace(/:provider\b/g, 'calcom');
  // The guard's own refusal (code "unauthorized"); a public route may still answer 401 for its own reasons.
  const anonymous = await http.request<{ error?: { code: string } }>(route.method, path);
  if (anonymous.status !== 401 || anonymous.body.error?.code !== 'unauthorized') return 'public';
  const asAdmin = await http.request<{ error: { message: string } }>(route.method, path, { token: admin });
  const asTenant = await http.request<{ error: { message: string } }>(route.method, path, { token: b.token });
  if (asAdmin.status === 403 && /tenant users/.test(asAdmin.body.error.message)) return 'tenant';
  if (asTenant.status === 403 && /platform operator/.test(asTenant.body.error.message)) return 'operator';
  const refused = (status: number) => status === 401 || status === 403;
  if (!refused(asAdmin.status) && !refused(asTenant.status)) return 'shared';
  return 'unclear';
}

describe('tenant isolation', () => {
  it('has a case for every tenant route, and B never reaches or changes A\'s data', async () => {
    const apiRoutes = routes.filter((r) => r.url.startsWith('/api/v1/'));
    expect(apiRoutes.length).toBeGreaterThan(15);
    // Every route is listed exactly where its behaviour puts it: a tenant route
    // made public by mistake, or one that accepts operator tokens, fails here.
    const misfiled: string[] = [];
    const tenantRoutes: Route[] = [];
    const sharedRoutes: Route[] = [];
    for (const route of apiRoutes) {
      const key = `${route.method} ${route.url}`;
      const expected: Kind = PUBLIC_ROUTES.has(key)
        ? 'public'
        : OPERATOR_ROUTES.has(key)
          ? 'operator'
          : key in SHARED_ROUTES
            ? 'shared'
            : key in cases
              ? 'tenant'
              : 'unclear';
      const actual = await probe(route);
      if (actual !== expected) misfiled.push(`${key}: behaves as ${actual}, listed as ${expected === 'unclear' ? 'nothing' : expected}`);
      if (actual === 'tenant') tenantRoutes.push(route);
      if (actual === 'shared') sharedRoutes.push(route);
    }
    expect(misfiled, 'routes whose behaviour does not match their list (add a case or list them)').toEqual([]);
    const keys = apiRoutes.map((r) => `${r.method} ${r.url}`);
    const stale = [...PUBLIC_ROUTES, ...OPERATOR_ROUTES, ...Object.keys(SHARED_ROUTES), ...Object.keys(cases)].filter((k) => !keys.includes(k));
    expect(stale, 'listed routes that no longer exist').toEqual([]);

    const before = await snapshotA();
    for (const route of tenantRoutes) {
      await cases[`${route.method} ${route.url}`]?.(route);
    }
    for (const route of sharedRoutes) {
      await SHARED_ROUTES[`${route.method} ${route.url}`]?.(route);
    }
    expect(await snapshotA()).toBe(before);
    // A still works normally.
    expect((await http.get('/api/v1/integrations/twilio', { token: a.token })).status).toBe(200);
  });

  it('answers a malformed path parameter exactly as an unknown id: 404 not_found, never a 400', async () => {
    const withParams = routes.filter((r) => r.url.startsWith('/api/v1/') && r.url.includes('/:'));
    expect(withParams.length).toBeGreaterThanOrEqual(10);
    // A body each route accepts, so that only the path can be wrong.
    const bodies: Record<string, unknown> = {
      'PATCH /api/v1/team/members/:id': { role: 'member' },
      'POST /api/v1/admin/accounts/:id/close': { confirmSlug: 'some-slug' },
      'POST /api/v1/admin/accounts/:id/owner-invite': {},
      'PUT /api/v1/integrations/:provider': sampleCredentials().calcom,
    };
    for (const route of withParams) {
      const key = `${route.method} ${route.url}`;
      const token = OPERATOR_ROUTES.has(key) ? admin : b.token;
      const body = key in bodies ? { body: bodies[key] } : {};
      for (const value of ['not-a-uuid', '42', '00000000-0000-7000-8000-00000000000g']) {
        const path = route.url.replace(/:\w+/g, value);
        const res = await http.request<{ error: { code: string; details: unknown[] } }>(route.method, path, { token, ...body });
        expect(res.status, `${route.method} ${path}`).toBe(404);
        expect(res.body.error).toMatchObject({ code: 'not_found', details: [] });
      }
      if (route.url.includes(':id')) {
        const unknown = await http.request<{ error: { code: string } }>(route.method, route.url.replace(/:id\b/g, '00000000-0000-7000-8000-000000000000'), { token, ...body });
        expect([unknown.status, unknown.body.error.code], key).toEqual([404, 'not_found']);
      }
    }
  });
});
