import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HousekeepingService } from '../src/housekeeping/housekeeping.service.js';
import { query } from './support/test-database.js';
import { registerStoredSecret } from './support/test-runner-env.js';
import { startTestContext, type TestContext } from './support/test-app.js';
import { adminToken, createTenant, type Tenant } from './support/tenants.js';

let ctx: TestContext;
let tenant: Tenant;
beforeAll(async () => {
  ctx = await startTestContext();
  tenant = await createTenant(ctx.http, await adminToken(ctx.http));
});
afterAll(async () => {
  await ctx?.teardown();
});

describe('housekeeping', () => {
  it('purges expired sessions, dead invites, stale login counters and dead realtime tickets, and nothing still in use', async () => {
    // One live session (from createTenant), plus dead rows of each kind.
    await ctx.http.post('/api/v1/auth/login', { email: 'nobody@example.test', password: 'wrong-password' });
    const dead = await ctx.http.post<{ id: string }>('/api/v1/team/invites', { email: 'dead@example.test' }, { token: tenant.token });
    const live = await ctx.http.post<{ id: string }>('/api/v1/team/invites', { email: 'live@example.test' }, { token: tenant.token });
    await query(ctx.db.url, `UPDATE "Invite" SET "expiresAt" = now() - interval '40 days' WHERE id = $1`, [dead.body.id]);
    await query(ctx.db.url, `INSERT INTO "RefreshToken" (id, "tokenHash", "familyId", "accountId", "userId", subject, "expiresAt") VALUES (gen_random_uuid(), 'old', gen_random_uuid(), $1::uuid, $2::uuid, $2::text, now() - interval '1 day')`, [tenant.accountId, tenant.ownerId]);
    await query(ctx.db.url, `UPDATE "LoginThrottle" SET "windowStart" = now() - interval '1 hour'`);
    // Realtime tickets: one live, one expired, one used (still within its 30 seconds).
    for (let i = 0; i < 3; i++) {
      const issued = await ctx.http.post<{ ticket: string }>('/api/v1/realtime/tickets', undefined, { token: tenant.token });
      expect(issued.status).toBe(201);
      registerStoredSecret(issued.body.ticket);
    }
    const tickets = await query<{ id: string }>(ctx.db.url, `SELECT id FROM "RealtimeTicket" ORDER BY id`);
    await query(ctx.db.url, `UPDATE "RealtimeTicket" SET "expiresAt" = now() - interval '1 minute' WHERE id = $1`, [tickets[0]?.id]);
    await query(ctx.db.url, `UPDATE "RealtimeTicket" SET "usedAt" = now() WHERE id = $1`, [tickets[1]?.id]);

    const counts = await ctx.app.get(HousekeepingService).run();
    expect(counts).toEqual({ refreshTokens: 1, invites: 1, loginThrottles: 2, realtimeTickets: 2 });
    expect(await query(ctx.db.url, `SELECT 1 FROM "Invite" WHERE id = $1`, [live.body.id])).toHaveLength(1);
    expect(await query<{ id: string }>(ctx.db.url, `SELECT id FROM "RealtimeTicket"`)).toEqual([{ id: tickets[2]?.id }]);
    // The live session still refreshes.
    expect((await ctx.http.post('/api/v1/auth/refresh', undefined, { cookie: tenant.refreshCookie })).status).toBe(200);
    expect(await ctx.app.get(HousekeepingService).run()).toEqual({ refreshTokens: 0, invites: 0, loginThrottles: 0, realtimeTickets: 0 });
  });
});
