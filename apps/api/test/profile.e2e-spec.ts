import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from './support/test-database.js';
import { startTestContext, type TestContext } from './support/test-app.js';
import { adminToken, createTenant, type Tenant } from './support/tenants.js';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}
interface Member {
  id: string;
  email: string;
  name: string;
  role: string;
  createdAt: string;
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

describe('PATCH /api/v1/me', () => {
  it('renames the signed-in user, answers the updated member and audits it without the value', async () => {
    const res = await ctx.http.patch<Member>('/api/v1/me', { name: '  Ada Lovelace  ' }, { token: tenant.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: tenant.ownerId, email: tenant.ownerEmail, name: 'Ada Lovelace', role: 'owner', createdAt: expect.any(String) as unknown });
    const me = await ctx.http.get<{ user: Member }>('/api/v1/me', { token: tenant.token });
    expect(me.body.user.name).toBe('Ada Lovelace');
    const team = await ctx.http.get<{ members: Member[] }>('/api/v1/team', { token: tenant.token });
    expect(team.body.members.find((m) => m.id === tenant.ownerId)?.name).toBe('Ada Lovelace');
    const audits = await query<{ actorId: string; targetId: string; metadata: Record<string, unknown> }>(
      ctx.db.url,
      `SELECT "actorId", "targetId", metadata FROM "AuditEvent" WHERE action = 'user.profile.updated' AND "accountId" = $1`,
      [tenant.accountId],
    );
    expect(audits).toEqual([{ actorId: tenant.ownerId, targetId: tenant.ownerId, metadata: { fields: 'name' } }]);
  });

  it('answers 400 naming the field, as accepting an invite does, and changes nothing', async () => {
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(121) }, { name: 'a\u0000b' }, { name: 42 }]) {
      const res = await ctx.http.patch<ErrorBody>('/api/v1/me', body, { token: tenant.token });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details[0]?.field).toBe('name');
    }
    const me = await ctx.http.get<{ user: Member }>('/api/v1/me', { token: tenant.token });
    expect(me.body.user.name).toBe('Ada Lovelace');
  });

  it('changes only the caller: a member renames itself, never anyone else', async () => {
    const invite = await ctx.http.post<{ token: string }>('/api/v1/team/invites', { email: 'renamer@profile.example' }, { token: tenant.token });
    const member = await ctx.http.post<{ accessToken: string; user: { id: string } }>('/api/v1/auth/invites/accept', {
      token: invite.body.token,
      name: 'Member',
      password: 'a-long-member-passphrase',
    });
    const res = await ctx.http.patch<Member>('/api/v1/me', { name: 'Grace', id: tenant.ownerId }, { token: member.body.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: member.body.user.id, name: 'Grace', role: 'member' });
    const team = await ctx.http.get<{ members: Member[] }>('/api/v1/team', { token: tenant.token });
    expect(team.body.members.map((m) => m.name)).toEqual(['Ada Lovelace', 'Grace']);
  });

  it('refuses the operator, whose profile lives in .env and is read-only: 403 tenant_users_only', async () => {
    const res = await ctx.http.patch<ErrorBody>('/api/v1/me', { name: 'Operator' }, { token: admin });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('tenant_users_only');
    expect((await ctx.http.patch<ErrorBody>('/api/v1/me', { name: 'Nobody' })).status).toBe(401);
  });
});
