import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../src/common/errors/domain-error.js';
import { TenantCryptoService } from '../src/crypto/tenant-crypto.service.js';
import { query } from './support/test-database.js';
import { randomHex, startTestContext, type TestContext } from './support/test-app.js';
import { adminToken, createTenant, sampleCredentials } from './support/tenants.js';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}
interface Account {
  id: string;
  name: string;
  slug: string;
  email: string;
  status: string;
  closedAt: string | null;
  hasOwner: boolean;
}

let ctx: TestContext;
let admin: string;

beforeAll(async () => {
  ctx = await startTestContext();
  admin = await adminToken(ctx.http);
});
afterAll(async () => {
  await ctx?.teardown();
});

describe('operator: accounts', () => {
  it('creates an account with a single-use 7-day owner invite, shown once', async () => {
    const res = await ctx.http.post<{ account: Account; ownerInvite: { token: string; url: string; expiresAt: string; role: string } }>(
      '/api/v1/admin/accounts',
      { name: 'Clínica Sol', email: 'Hola@ClinicaSol.example' },
      { token: admin },
    );
    expect(res.status).toBe(201);
    expect(res.body.account).toMatchObject({ name: 'Clínica Sol', slug: 'clinica-sol', email: 'hola@clinicasol.example', status: 'active' });
    expect(res.body.ownerInvite.role).toBe('owner');
    expect(res.body.ownerInvite.url).toContain(`#token=${res.body.ownerInvite.token}`);
    const days = (new Date(res.body.ownerInvite.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    // Only the hash is stored.
    const stored = await query<{ tokenHash: string }>(ctx.db.url, `SELECT "tokenHash" FROM "Invite" WHERE "accountId" = $1`, [res.body.account.id]);
    expect(stored[0]?.tokenHash).not.toBe(res.body.ownerInvite.token);
    expect(JSON.stringify(stored)).not.toContain(res.body.ownerInvite.token);

    const body = { token: res.body.ownerInvite.token, name: 'Sol', password: 'a-long-owner-passphrase' };
    expect((await ctx.http.post('/api/v1/auth/invites/accept', body)).status).toBe(200);
    const reuse = await ctx.http.post<ErrorBody>('/api/v1/auth/invites/accept', { ...body, password: 'another-long-passphrase' });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('invite_invalid');
  });

  it('reissues an owner invite until the owner signs up, revoking the earlier link', async () => {
    const created = await ctx.http.post<{ account: Account; ownerInvite: { token: string } }>('/api/v1/admin/accounts', { name: 'Lost Invite', email: 'lost@invite.example' }, { token: admin });
    const path = `/api/v1/admin/accounts/${created.body.account.id}/owner-invite`;
    const again = await ctx.http.post<{ token: string; email: string; role: string }>(path, { email: 'new-owner@invite.example' }, { token: admin });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ email: 'new-owner@invite.example', role: 'owner' });
    const old = await ctx.http.post<ErrorBody>('/api/v1/auth/invites/accept', { token: created.body.ownerInvite.token, name: 'Old', password: 'a-long-owner-passphrase' });
    expect(old.status).toBe(401);
    // The earlier link was for another email, and still no longer works: one open owner invite at a time.
    const open = await query(ctx.db.url, `SELECT 1 FROM "Invite" WHERE "accountId" = $1 AND role = 'owner' AND "revokedAt" IS NULL AND "acceptedAt" IS NULL`, [created.body.account.id]);
    expect(open).toHaveLength(1);
    expect((await ctx.http.post('/api/v1/auth/invites/accept', { token: again.body.token, name: 'New', password: 'a-long-owner-passphrase' })).status).toBe(200);
    const done = await ctx.http.post<ErrorBody>(path, {}, { token: admin });
    expect(done.status).toBe(409);
    expect(done.body.error.code).toBe('owner_exists');
  });

  it('says whether the owner has signed up, in the detail, the list and every other account answer', async () => {
    const tag = randomHex(3);
    const waiting = await ctx.http.post<{ account: Account; ownerInvite: { token: string } }>('/api/v1/admin/accounts', { name: `Owned ${tag} waiting`, email: `waiting-${tag}@owned.example` }, { token: admin });
    expect(waiting.body.account.hasOwner).toBe(false);
    const joined = await createTenant(ctx.http, admin, `Owned ${tag} joined`);
    const detail = (id: string) => ctx.http.get<Account>(`/api/v1/admin/accounts/${id}`, { token: admin });
    expect((await detail(waiting.body.account.id)).body.hasOwner).toBe(false);
    expect((await detail(joined.accountId)).body.hasOwner).toBe(true);
    const listed = async () => {
      const page = await ctx.http.get<{ items: Account[] }>(`/api/v1/admin/accounts?q=${encodeURIComponent(`owned ${tag}`)}`, { token: admin });
      return page.body.items.map((a) => [a.name, a.hasOwner]);
    };
    expect(await listed()).toEqual([
      [`Owned ${tag} joined`, true],
      [`Owned ${tag} waiting`, false],
    ]);

    // The owner signs up: the same account now says so everywhere.
    expect((await ctx.http.post('/api/v1/auth/invites/accept', { token: waiting.body.ownerInvite.token, name: 'Late', password: 'a-long-owner-passphrase' })).status).toBe(200);
    expect((await detail(waiting.body.account.id)).body.hasOwner).toBe(true);
    expect((await listed()).map(([, hasOwner]) => hasOwner)).toEqual([true, true]);
    const suspended = await ctx.http.post<Account>(`/api/v1/admin/accounts/${waiting.body.account.id}/suspend`, undefined, { token: admin });
    expect(suspended.body).toMatchObject({ status: 'suspended', hasOwner: true });
    // An account whose owner never came stays without one through its transitions.
    const never = await ctx.http.post<{ account: Account }>('/api/v1/admin/accounts', { name: `Never ${tag}`, email: `never-${tag}@owned.example` }, { token: admin });
    const cancelled = await ctx.http.post<Account>(`/api/v1/admin/accounts/${never.body.account.id}/cancel`, undefined, { token: admin });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', hasOwner: false });
  });

  it('answers 400 naming fields, and 409 for a taken slug or owner email', async () => {
    const bad = await ctx.http.post<ErrorBody>('/api/v1/admin/accounts', { name: '', email: 'nope', slug: '-Bad-' }, { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field).sort()).toEqual(['email', 'name', 'slug']);
    const first = await ctx.http.post('/api/v1/admin/accounts', { name: 'Taken', slug: 'taken', email: 'a@taken.example' }, { token: admin });
    expect(first.status).toBe(201);
    const dup = await ctx.http.post<ErrorBody>('/api/v1/admin/accounts', { name: 'Taken 2', slug: 'taken', email: 'b@taken.example' }, { token: admin });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('slug_taken');
    // Same name, no slug, and the operator means it: a free slug is derived.
    const derived = await ctx.http.post<{ account: Account }>('/api/v1/admin/accounts', { name: 'Taken', email: 'c@taken.example', allowDuplicate: true }, { token: admin });
    expect(derived.status).toBe(201);
    expect(derived.body.account.slug).toMatch(/^taken-[a-z0-9]+$/);
  });

  it('refuses a possible duplicate by name or email with 409 naming the tenant(s), unless allowDuplicate says so', async () => {
    const tag = randomHex(3);
    const first = await ctx.http.post<{ account: Account }>('/api/v1/admin/accounts', { name: `Acme ${tag}`, email: `hello-${tag}@acme.example` }, { token: admin });
    expect(first.status).toBe(201);
    const other = await ctx.http.post<{ account: Account }>('/api/v1/admin/accounts', { name: `Other ${tag}`, email: `boss-${tag}@other.example` }, { token: admin });
    const ref = (a: Account) => ({ id: a.id, name: a.name, slug: a.slug, status: 'active' });
    const count = async () => (await query(ctx.db.url, `SELECT 1 FROM "Account" WHERE name ILIKE $1`, [`%${tag}%`])).length;

    // The same name, whatever its case and surrounding spaces.
    const byName = await ctx.http.post<ErrorBody & { error: { details: { account?: unknown }[] } }>(
      '/api/v1/admin/accounts',
      { name: `  ACME ${tag.toUpperCase()} `, email: `new-${tag}@example.test` },
      { token: admin },
    );
    expect(byName.status).toBe(409);
    expect(byName.body.error.code).toBe('tenant_possible_duplicate');
    expect(byName.body.error.message).toContain(`"Acme ${tag}" (${first.body.account.slug})`);
    expect(byName.body.error.details).toEqual([{ field: 'name', message: expect.stringContaining(first.body.account.slug) as unknown, account: ref(first.body.account) }]);

    // The contact email of one tenant and, as owner email, the open owner invite of another.
    const byEmail = await ctx.http.post<{ error: { code: string; details: { field: string; account: { id: string } }[] } }>(
      '/api/v1/admin/accounts',
      { name: `Fresh ${tag}`, email: `hello-${tag}@acme.example`, ownerEmail: `BOSS-${tag}@other.example` },
      { token: admin },
    );
    expect(byEmail.status).toBe(409);
    expect(byEmail.body.error.code).toBe('tenant_possible_duplicate');
    expect(byEmail.body.error.details.map((d) => [d.field, d.account.id])).toEqual([
      ['email', first.body.account.id],
      ['ownerEmail', other.body.account.id],
    ]);
    expect(await count()).toBe(2);

    // Both fields, one tenant: each field is named.
    const both = await ctx.http.post<{ error: { details: { field: string }[] } }>('/api/v1/admin/accounts', { name: `acme ${tag}`, email: `hello-${tag}@acme.example` }, { token: admin });
    expect(both.body.error.details.map((d) => d.field)).toEqual(['name', 'email']);

    // A name with LIKE wildcards matches only itself.
    expect((await ctx.http.post('/api/v1/admin/accounts', { name: `Ac%e ${tag}`, email: `w-${tag}@example.test` }, { token: admin })).status).toBe(201);
    expect((await ctx.http.post('/api/v1/admin/accounts', { name: `Acm_ ${tag}`, email: `u-${tag}@example.test` }, { token: admin })).status).toBe(201);

    // Meant: created, with a slug of its own.
    const meant = await ctx.http.post<{ account: Account }>('/api/v1/admin/accounts', { name: `Acme ${tag}`, email: `hello-${tag}@acme.example`, allowDuplicate: true }, { token: admin });
    expect(meant.status).toBe(201);
    expect(meant.body.account.slug).not.toBe(first.body.account.slug);
    expect(meant.body.account.slug.startsWith(first.body.account.slug)).toBe(true);
  });

  it('refuses an owner email that already has a user, naming its tenant, even with allowDuplicate', async () => {
    const t = await createTenant(ctx.http, admin);
    for (const body of [
      { name: `Elsewhere ${randomHex(3)}`, email: t.ownerEmail },
      { name: `Elsewhere ${randomHex(3)}`, email: `contact-${randomHex(3)}@example.test`, ownerEmail: t.ownerEmail, allowDuplicate: true },
    ]) {
      const res = await ctx.http.post<{ error: { code: string; message: string; details: { field: string; account: { id: string; slug: string } }[] } }>(
        '/api/v1/admin/accounts',
        body,
        { token: admin },
      );
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('email_in_use');
      expect(res.body.error.message).toContain(t.slug);
      expect(res.body.error.details).toEqual([
        { field: 'ownerEmail' in body ? 'ownerEmail' : 'email', message: expect.stringContaining('already belongs to a user') as unknown, account: expect.objectContaining({ id: t.accountId, slug: t.slug }) as unknown },
      ]);
    }
  });

  it('lists newest first with search, status filter and keyset pagination', async () => {
    for (let i = 0; i < 5; i++) {
      await ctx.http.post('/api/v1/admin/accounts', { name: `Pager ${i}`, email: `pager${i}@pager.example` }, { token: admin });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Account[]; nextCursor: string | null } } = await ctx.http.get(
        `/api/v1/admin/accounts?q=pager&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((a) => a.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Pager 4', 'Pager 3', 'Pager 2', 'Pager 1', 'Pager 0']);
    const byEmail = await ctx.http.get<{ items: Account[] }>('/api/v1/admin/accounts?q=PAGER3@', { token: admin });
    expect(byEmail.body.items.map((a) => a.name)).toEqual(['Pager 3']);
    const bad = await ctx.http.get<ErrorBody>('/api/v1/admin/accounts?limit=1000&status=zombie', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field).sort()).toEqual(['limit', 'status']);
    const badCursor = await ctx.http.get<ErrorBody>('/api/v1/admin/accounts?cursor=garbage', { token: admin });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details[0]?.field).toBe('cursor');
  });

  it('suspends, reactivates and cancels with 409 for impossible moves, and audits each', async () => {
    const t = await createTenant(ctx.http, admin);
    const path = `/api/v1/admin/accounts/${t.accountId}`;
    expect((await ctx.http.post<Account>(`${path}/suspend`, undefined, { token: admin })).body.status).toBe('suspended');
    const twice = await ctx.http.post<ErrorBody>(`${path}/suspend`, undefined, { token: admin });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('invalid_transition');
    expect((await ctx.http.post<Account>(`${path}/reactivate`, undefined, { token: admin })).body.status).toBe('active');
    expect((await ctx.http.post<Account>(`${path}/cancel`, undefined, { token: admin })).body.status).toBe('cancelled');
    const actions = await query<{ action: string }>(ctx.db.url, `SELECT action FROM "AuditEvent" WHERE "accountId" = $1 AND action LIKE 'account.%' ORDER BY "createdAt"`, [t.accountId]);
    expect(actions.map((a) => a.action)).toEqual(['account.created', 'account.suspended', 'account.reactivated', 'account.cancelled']);
    const audit = await ctx.http.get<{ items: { action: string }[] }>(`/api/v1/admin/audit-events?accountId=${t.accountId}&limit=2`, { token: admin });
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e) => e.action)).toEqual(['account.cancelled', 'account.reactivated']);
  });

  it('answers 404 not_found for an unknown id and for a malformed one alike', async () => {
    const missing = await ctx.http.get<ErrorBody>('/api/v1/admin/accounts/00000000-0000-7000-8000-000000000000', { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    for (const id of ['not-a-uuid', '123', '00000000-0000-7000-8000-00000000000Z', encodeURIComponent("1' OR '1'='1")]) {
      const malformed = await ctx.http.get<ErrorBody>(`/api/v1/admin/accounts/${id}`, { token: admin });
      expect(malformed.status, id).toBe(404);
      expect(malformed.body.error).toMatchObject({ code: 'not_found', details: [] });
      const suspend = await ctx.http.post<ErrorBody>(`/api/v1/admin/accounts/${id}/suspend`, undefined, { token: admin });
      expect(suspend.status, id).toBe(404);
    }
  });

  it('closes an account for good: the data key is destroyed and nothing of it is readable', async () => {
    const t = await createTenant(ctx.http, admin);
    expect((await ctx.http.put('/api/v1/integrations/calcom', sampleCredentials().calcom, { token: t.token })).status).toBe(200);
    expect(await query(ctx.db.url, `SELECT 1 FROM "TenantKey" WHERE "accountId" = $1`, [t.accountId])).toHaveLength(1);
    const path = `/api/v1/admin/accounts/${t.accountId}/close`;
    const wrong = await ctx.http.post<ErrorBody>(path, { confirmSlug: 'something-else' }, { token: admin });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0]?.field).toBe('confirmSlug');
    const closed = await ctx.http.post<Account>(path, { confirmSlug: t.slug }, { token: admin });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('cancelled');
    expect(closed.body.closedAt).not.toBeNull();
    expect(await query(ctx.db.url, `SELECT 1 FROM "TenantKey" WHERE "accountId" = $1`, [t.accountId])).toHaveLength(0);
    expect(await query(ctx.db.url, `SELECT 1 FROM "IntegrationCredential" WHERE "accountId" = $1`, [t.accountId])).toHaveLength(0);
    expect((await ctx.http.post<ErrorBody>(path, { confirmSlug: t.slug }, { token: admin })).status).toBe(409);
    expect((await ctx.http.post<ErrorBody>(`/api/v1/admin/accounts/${t.accountId}/reactivate`, undefined, { token: admin })).status).toBe(409);
    expect((await ctx.http.post('/api/v1/auth/login', { email: t.ownerEmail, password: t.ownerPassword })).status).toBe(403);
    // A request that passed the guard just before the close cannot give the account a fresh key.
    await expect(ctx.app.get(TenantCryptoService).encryptSecrets(t.accountId, 'calcom', { apiKey: 'late-write' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await query(ctx.db.url, `SELECT 1 FROM "TenantKey" WHERE "accountId" = $1`, [t.accountId])).toHaveLength(0);
  });
});
