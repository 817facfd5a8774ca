import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestContext, type TestContext } from './support/test-app.js';
import { adminToken, createTenant, sampleCredentials, type Tenant } from './support/tenants.js';

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}
interface Invite {
  id: string;
  token: string;
  role: string;
}
interface TokenBody {
  accessToken: string;
  user: { id: string; role: string };
}

let ctx: TestContext;
let owner: Tenant;

beforeAll(async () => {
  ctx = await startTestContext();
  owner = await createTenant(ctx.http, await adminToken(ctx.http));
});
afterAll(async () => {
  await ctx?.teardown();
});

async function join(inviterToken: string, role: 'admin' | 'member', email: string): Promise<TokenBody> {
  const invite = await ctx.http.post<Invite>('/api/v1/team/invites', { email, role }, { token: inviterToken });
  expect(invite.status).toBe(201);
  const accepted = await ctx.http.post<TokenBody>('/api/v1/auth/invites/accept', { token: invite.body.token, name: role, password: `a-long-${role}-passphrase` });
  expect(accepted.status).toBe(200);
  return accepted.body;
}

describe('team', () => {
  it('owner invites an admin, admin invites a member; roles apply at once', async () => {
    const admin = await join(owner.token, 'admin', 'admin@team.example');
    expect(admin.user.role).toBe('admin');
    const member = await join(admin.accessToken, 'member', 'member@team.example');
    const team = await ctx.http.get<{ members: { email: string; role: string }[] }>('/api/v1/team', { token: member.accessToken });
    expect(team.body.members.map((m) => [m.email, m.role])).toEqual([
      [owner.ownerEmail, 'owner'],
      ['admin@team.example', 'admin'],
      ['member@team.example', 'member'],
    ]);

    // Members read but do not write credentials or the team.
    const put = await ctx.http.put<ErrorBody>('/api/v1/integrations/calcom', sampleCredentials().calcom, { token: member.accessToken });
    expect(put.status).toBe(403);
    expect(put.body.error.code).toBe('forbidden');
    expect((await ctx.http.post('/api/v1/team/invites', { email: 'x@team.example' }, { token: member.accessToken })).status).toBe(403);
    // Admins cannot create admins or touch the owner.
    expect((await ctx.http.post('/api/v1/team/invites', { email: 'y@team.example', role: 'admin' }, { token: admin.accessToken })).status).toBe(403);
    expect((await ctx.http.patch('/api/v1/team/members/' + owner.ownerId, { role: 'member' }, { token: admin.accessToken })).status).toBe(403);

    // The owner promotes the member; the member's existing token carries the new role on its next request.
    const promoted = await ctx.http.patch<{ role: string }>(`/api/v1/team/members/${member.user.id}`, { role: 'admin' }, { token: owner.token });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('admin');
    expect((await ctx.http.put('/api/v1/integrations/calcom', sampleCredentials().calcom, { token: member.accessToken })).status).toBe(200);

    // Removal ends the removed user's token immediately.
    expect((await ctx.http.delete(`/api/v1/team/members/${member.user.id}`, { token: owner.token })).status).toBe(204);
    expect((await ctx.http.get('/api/v1/me', { token: member.accessToken })).status).toBe(401);
  });

  it('refuses to invite an existing user (409) and lists then revokes pending invites', async () => {
    const dup = await ctx.http.post<ErrorBody>('/api/v1/team/invites', { email: owner.ownerEmail }, { token: owner.token });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('email_in_use');
    const invite = await ctx.http.post<Invite>('/api/v1/team/invites', { email: 'pending@team.example' }, { token: owner.token });
    const team = await ctx.http.get<{ pendingInvites: { id: string; email: string }[] }>('/api/v1/team', { token: owner.token });
    expect(team.body.pendingInvites.map((i) => i.email)).toContain('pending@team.example');
    expect(JSON.stringify(team.body)).not.toContain(invite.body.token);
    expect((await ctx.http.delete(`/api/v1/team/invites/${invite.body.id}`, { token: owner.token })).status).toBe(204);
    const used = await ctx.http.post<ErrorBody>('/api/v1/auth/invites/accept', { token: invite.body.token, name: 'P', password: 'a-long-passphrase-here' });
    expect(used.status).toBe(401);
  });

  it('leaves exactly one open invite when two are sent to one email at once', async () => {
    const sent = await Promise.all([1, 2, 3].map(() => ctx.http.post<Invite>('/api/v1/team/invites', { email: 'twice@team.example' }, { token: owner.token })));
    expect(sent.map((r) => r.status)).toEqual([201, 201, 201]);
    const team = await ctx.http.get<{ pendingInvites: { email: string }[] }>('/api/v1/team', { token: owner.token });
    expect(team.body.pendingInvites.filter((i) => i.email === 'twice@team.example')).toHaveLength(1);
  });

  it('does not let you change or remove yourself (409)', async () => {
    const self = await ctx.http.delete<ErrorBody>(`/api/v1/team/members/${owner.ownerId}`, { token: owner.token });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('self_modification');
  });
});
