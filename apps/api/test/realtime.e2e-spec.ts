import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { RealtimeGateway } from '../src/realtime/realtime.gateway.js';
import { RealtimeService } from '../src/realtime/realtime.service.js';
import { query } from './support/test-database.js';
import { startApp, startTestContext, type TestContext } from './support/test-app.js';
import { registerStoredSecret } from './support/test-runner-env.js';
import { adminToken, createTenant, type Tenant } from './support/tenants.js';
import { WsClient, type Message } from './support/ws-client.js';

/**
 * The WebSocket at /ws against the real app on a real port: tickets, origin,
 * close codes, rooms, heartbeats and shutdown, spoken to with the `ws` client.
 */

// testEnv() allows exactly this browser origin (CORS_ORIGIN).
const ALLOWED_ORIGIN = 'http://localhost:3001';

/** A client socket whose messages queue up, so a test can await them in order. */
type Client = WsClient;
const Client = WsClient;

let ctx: TestContext;
let admin: string;
let a: Tenant;
let b: Tenant;
const issuedTickets: string[] = [];
const clients: Client[] = [];

function wsUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/^http/, 'ws') + path;
}

function connect(ticket: string | null, options: { origin?: string | null; autoPong?: boolean; baseUrl?: string; path?: string } = {}): Client {
  const origin = options.origin === undefined ? ALLOWED_ORIGIN : options.origin;
  const path = options.path ?? (ticket === null ? '/ws' : `/ws?ticket=${encodeURIComponent(ticket)}`);
  const ws = new WebSocket(wsUrl(options.baseUrl ?? ctx.baseUrl, path), { ...(origin !== null ? { origin } : {}), autoPong: options.autoPong ?? true });
  const client = new Client(ws);
  clients.push(client);
  return client;
}

async function ticketFor(token: string, http = ctx.http): Promise<string> {
  const res = await http.post<{ ticket: string; expiresAt: string }>('/api/v1/realtime/tickets', undefined, { token });
  expect(res.status).toBe(201);
  // The end-of-run log scan fails the suite if a ticket ever shows up in a log.
  issuedTickets.push(registerStoredSecret(res.body.ticket));
  return res.body.ticket;
}

/** Connects and waits for the welcome. */
async function welcomed(token: string): Promise<{ client: Client; welcome: Message }> {
  const client = connect(await ticketFor(token));
  const welcome = await client.next();
  expect(welcome.type).toBe('welcome');
  return { client, welcome };
}

async function expectRefused(client: Client, code: number, reason: string): Promise<void> {
  const closed = await promptly(client.closed);
  expect(closed).toEqual({ code, reason });
  // Refused sockets never got a welcome, or anything else.
  expect(client.messages).toEqual([]);
}

/**
 * The direct hooks must act at once: well inside the 30-second periodic
 * re-check, which would otherwise close the socket too and hide a missing hook.
 */
function promptly<T>(promise: Promise<T>, ms = 3_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

beforeAll(async () => {
  ctx = await startTestContext();
  admin = await adminToken(ctx.http);
  a = await createTenant(ctx.http, admin, 'Realtime A');
  b = await createTenant(ctx.http, admin, 'Realtime B');
});

// A socket left open by a failed test must not receive the next test's events.
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await ctx?.teardown();
});

describe('tickets', () => {
  it('gives a tenant user and the operator a 30-second ticket, and stores only its hash', async () => {
    const before = Date.now();
    const res = await ctx.http.post<{ ticket: string; expiresAt: string }>('/api/v1/realtime/tickets', undefined, { token: a.token });
    expect(res.status).toBe(201);
    issuedTickets.push(registerStoredSecret(res.body.ticket));
    expect(res.body.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ttl = Date.parse(res.body.expiresAt) - before;
    expect(ttl).toBeGreaterThan(28_000);
    expect(ttl).toBeLessThanOrEqual(31_000);

    const rows = await query<{ dump: string; tokenHash: string; accountId: string | null; userId: string | null }>(
      ctx.db.url,
      `SELECT row_to_json(t)::text AS dump, "tokenHash", "accountId", "userId" FROM "RealtimeTicket" t WHERE "tokenHash" = $1`,
      [sha256(res.body.ticket)],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ accountId: a.accountId, userId: a.ownerId });
    expect(rows[0]?.dump).not.toContain(res.body.ticket);

    const operator = await ctx.http.post<{ ticket: string }>('/api/v1/realtime/tickets', undefined, { token: admin });
    expect(operator.status).toBe(201);
    issuedTickets.push(registerStoredSecret(operator.body.ticket));
    const opRows = await query<{ accountId: string | null; userId: string | null }>(ctx.db.url, `SELECT "accountId", "userId" FROM "RealtimeTicket" WHERE "tokenHash" = $1`, [
      sha256(operator.body.ticket),
    ]);
    expect(opRows).toEqual([{ accountId: null, userId: null }]);
  });

  it('needs a token', async () => {
    const res = await ctx.http.post<{ error: { code: string } }>('/api/v1/realtime/tickets');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });
});

describe('connecting', () => {
  it('welcomes a tenant user into its account room and answers ping with pong', async () => {
    const ticket = await ticketFor(a.token);
    const client = connect(ticket);
    const welcome = await client.next();
    expect(welcome).toEqual({
      type: 'welcome',
      data: { connectionId: expect.any(String) as unknown, room: `account:${a.accountId}`, accountId: a.accountId, userId: a.ownerId, role: 'owner', heartbeatSeconds: 30 },
    });
    expect(JSON.stringify(welcome)).not.toContain(ticket);
    client.send(JSON.stringify({ type: 'ping' }));
    expect(await client.next()).toEqual({ type: 'pong' });
    // The ticket is spent.
    const used = await query<{ usedAt: Date | null }>(ctx.db.url, `SELECT "usedAt" FROM "RealtimeTicket" WHERE "tokenHash" = $1`, [sha256(ticket)]);
    expect(used[0]?.usedAt).not.toBeNull();
    client.close();
  });

  it('welcomes the operator into the platform room', async () => {
    const { client, welcome } = await welcomed(admin);
    expect(welcome.data).toMatchObject({ room: 'platform', accountId: null, userId: null, role: 'platform_admin' });
    client.close();
  });

  it('refuses a used ticket with 4401', async () => {
    const ticket = await ticketFor(a.token);
    const first = connect(ticket);
    expect((await first.next()).type).toBe('welcome');
    await expectRefused(connect(ticket), 4401, 'invalid_ticket');
    first.close();
  });

  it('admits exactly one of two sockets racing with the same ticket', async () => {
    const ticket = await ticketFor(a.token);
    const racers = [connect(ticket), connect(ticket)];
    const outcomes = await Promise.all(
      racers.map((c) => Promise.race([c.next().then((m) => m.type), c.closed.then((closed) => `closed:${closed.code}`)])),
    );
    expect(outcomes.sort()).toEqual(['closed:4401', 'welcome']);
    for (const c of racers) c.close();
  });

  it('refuses an expired ticket with 4401', async () => {
    const ticket = await ticketFor(a.token);
    await query(ctx.db.url, `UPDATE "RealtimeTicket" SET "expiresAt" = now() - interval '1 second' WHERE "tokenHash" = $1`, [sha256(ticket)]);
    await expectRefused(connect(ticket), 4401, 'invalid_ticket');
  });

  it('refuses a missing, malformed or unknown ticket with 4401', async () => {
    await expectRefused(connect(null), 4401, 'invalid_ticket');
    await expectRefused(connect('not-a-ticket'), 4401, 'invalid_ticket');
    await expectRefused(connect('A'.repeat(43)), 4401, 'invalid_ticket');
  });

  it('refuses a disallowed or missing Origin with 4403, without spending the ticket', async () => {
    const ticket = await ticketFor(a.token);
    await expectRefused(connect(ticket, { origin: 'https://evil.example' }), 4403, 'origin_not_allowed');
    await expectRefused(connect(ticket, { origin: 'http://localhost:3001.evil.example' }), 4403, 'origin_not_allowed');
    await expectRefused(connect(ticket, { origin: null }), 4403, 'origin_not_allowed');
    const client = connect(ticket);
    expect((await client.next()).type).toBe('welcome');
    client.close();
  });

  it('answers other upgrade paths with 404 and no socket', async () => {
    const ws = new WebSocket(wsUrl(ctx.baseUrl, '/api/v1/ws'), { origin: ALLOWED_ORIGIN });
    const status = await new Promise<number>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('an upgrade outside /ws was accepted')));
      ws.once('error', reject);
    });
    expect(status).toBe(404);
    ws.terminate();
  });
});

describe('messages', () => {
  it('answers invalid JSON, unknown types and binary frames with an error and keeps the socket open', async () => {
    const { client } = await welcomed(a.token);
    client.send('{not json');
    expect(await client.next()).toEqual({ type: 'error', data: { code: 'invalid_json', message: expect.any(String) as unknown } });
    client.send(JSON.stringify({ type: 'subscribe', room: `account:${b.accountId}` }));
    expect(await client.next()).toMatchObject({ type: 'error', data: { code: 'unknown_type' } });
    client.send(JSON.stringify(['ping']));
    expect(await client.next()).toMatchObject({ type: 'error', data: { code: 'invalid_message' } });
    client.send(JSON.stringify({ type: 'ping', extra: true }));
    expect(await client.next()).toMatchObject({ type: 'error', data: { code: 'invalid_message' } });
    client.send(Buffer.from([1, 2, 3]));
    expect(await client.next()).toMatchObject({ type: 'error', data: { code: 'invalid_message' } });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    expect(await client.roundTrip()).toEqual([]);
    client.close();
  });

  it('closes a socket that sends more than 4 KiB in one message with 1009', async () => {
    const { client } = await welcomed(a.token);
    client.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(5000) }));
    expect((await client.closed).code).toBe(1009);
  });
});

describe('rooms', () => {
  it('delivers an event published to account A to A\'s sockets only', async () => {
    const a1 = await welcomed(a.token);
    const a2 = await welcomed(a.token);
    const bSocket = await welcomed(b.token);
    const operator = await welcomed(admin);
    const realtime = ctx.app.get(RealtimeService);

    expect(realtime.publish(a.accountId, { type: 'call.status', data: { callId: 'c1', status: 'ringing' } })).toBe(2);
    for (const { client } of [a1, a2]) expect(await client.next()).toEqual({ type: 'call.status', data: { callId: 'c1', status: 'ringing' } });
    expect(await bSocket.client.roundTrip()).toEqual([]);
    expect(await operator.client.roundTrip()).toEqual([]);

    expect(realtime.publish('platform', { type: 'platform.notice', data: { n: 1 } })).toBe(1);
    expect(await operator.client.next()).toEqual({ type: 'platform.notice', data: { n: 1 } });
    expect(await a1.client.roundTrip()).toEqual([]);
    expect(await bSocket.client.roundTrip()).toEqual([]);

    expect(() => realtime.publish(a.accountId, { type: 'welcome', data: {} })).toThrow();
    for (const { client } of [a1, a2, bSocket, operator]) client.close();
  });
});

describe('account standing', () => {
  it('refuses a ticket of an account suspended after it was issued with 4403', async () => {
    const c = await createTenant(ctx.http, admin);
    const ticket = await ticketFor(c.token);
    expect((await ctx.http.post(`/api/v1/admin/accounts/${c.accountId}/suspend`, undefined, { token: admin })).status).toBe(200);
    await expectRefused(connect(ticket), 4403, 'account_suspended');
    // And no new ticket is issued to it.
    expect((await ctx.http.post('/api/v1/realtime/tickets', undefined, { token: c.token })).status).toBe(403);
  });

  it('closes the live sockets of a tenant that gets suspended with 4403, and only those', async () => {
    const c = await createTenant(ctx.http, admin);
    const victim = await welcomed(c.token);
    const bystander = await welcomed(b.token);
    expect((await ctx.http.post(`/api/v1/admin/accounts/${c.accountId}/suspend`, undefined, { token: admin })).status).toBe(200);
    expect(await promptly(victim.client.closed)).toEqual({ code: 4403, reason: 'account_suspended' });
    expect(await bystander.client.roundTrip()).toEqual([]);
    bystander.client.close();
  });

  it('closes the live sockets of a tenant that is cancelled or closed for good', async () => {
    const c = await createTenant(ctx.http, admin);
    const cancelled = await welcomed(c.token);
    expect((await ctx.http.post(`/api/v1/admin/accounts/${c.accountId}/cancel`, undefined, { token: admin })).status).toBe(200);
    expect(await promptly(cancelled.client.closed)).toEqual({ code: 4403, reason: 'account_cancelled' });

    const d = await createTenant(ctx.http, admin);
    const closedForGood = await welcomed(d.token);
    expect((await ctx.http.post(`/api/v1/admin/accounts/${d.accountId}/close`, { confirmSlug: d.slug }, { token: admin })).status).toBe(200);
    expect(await promptly(closedForGood.client.closed)).toEqual({ code: 4403, reason: 'account_cancelled' });
  });

  it('closes the sockets of a removed member with 4401', async () => {
    const c = await createTenant(ctx.http, admin);
    const invite = await ctx.http.post<{ token: string }>('/api/v1/team/invites', { email: `m-${Date.now()}@example.test` }, { token: c.token });
    const member = await ctx.http.post<{ accessToken: string; user: { id: string } }>('/api/v1/auth/invites/accept', {
      token: invite.body.token,
      name: 'Member',
      password: 'a-long-member-passphrase',
    });
    const memberSocket = await welcomed(member.body.accessToken);
    expect(memberSocket.welcome.data).toMatchObject({ role: 'member' });
    const ownerSocket = await welcomed(c.token);
    expect((await ctx.http.delete(`/api/v1/team/members/${member.body.user.id}`, { token: c.token })).status).toBe(204);
    expect(await promptly(memberSocket.client.closed)).toEqual({ code: 4401, reason: 'session_ended' });
    expect(await ownerSocket.client.roundTrip()).toEqual([]);
    ownerSocket.client.close();
  });

  it('catches a suspension made elsewhere (another replica) at the periodic re-check', async () => {
    const c = await createTenant(ctx.http, admin);
    const victim = await welcomed(c.token);
    const bystander = await welcomed(b.token);
    // Straight in the database, as another replica's request would leave it: no local hook runs.
    await query(ctx.db.url, `UPDATE "Account" SET status = 'suspended' WHERE id = $1`, [c.accountId]);
    await ctx.app.get(RealtimeService).revalidate();
    expect(await promptly(victim.client.closed)).toEqual({ code: 4403, reason: 'account_suspended' });
    expect(await bystander.client.roundTrip()).toEqual([]);
    bystander.client.close();
  });
});

describe('heartbeat', () => {
  it('drops a socket that stops answering pings and keeps one that answers', async () => {
    const gateway = ctx.app.get(RealtimeGateway);
    const silent = connect(await ticketFor(a.token), { autoPong: false });
    expect((await silent.next()).type).toBe('welcome');
    const healthy = await welcomed(a.token);
    let pings = 0;
    const silentPinged = new Promise<void>((resolve) => silent.ws.on('ping', () => (pings++, resolve())));
    const healthyPinged = new Promise<void>((resolve) => healthy.client.ws.once('ping', () => resolve()));

    gateway.heartbeat();
    await promptly(healthyPinged);
    // ws queues its automatic pong before it tells 'ping' listeners, so this
    // message follows the pong on the wire: once the server answers it, it has
    // seen the pong. (A fixed sleep would race on a busy machine.)
    expect(await promptly(healthy.client.roundTrip())).toEqual([]);
    await promptly(silentPinged);
    expect(pings).toBe(1);
    gateway.heartbeat();
    // Terminated without a close frame: the client sees an abnormal closure.
    expect((await promptly(silent.closed)).code).toBe(1006);
    expect(healthy.client.ws.readyState).toBe(WebSocket.OPEN);
    expect(await healthy.client.roundTrip()).toEqual([]);
    healthy.client.close();
  });
});

describe('shutdown', () => {
  it('closes every socket with 1001 and lets the app close promptly', async () => {
    // A second app on the same database and configuration, so A's token works there.
    const running = await startApp(ctx.env);
    const res = await running.http.post<{ ticket: string }>('/api/v1/realtime/tickets', undefined, { token: a.token });
    issuedTickets.push(registerStoredSecret(res.body.ticket));
    const client = connect(res.body.ticket, { baseUrl: running.baseUrl });
    expect((await client.next()).type).toBe('welcome');
    const started = Date.now();
    await running.close();
    // Prompt, with room for a busy two-core machine running two files at once.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await client.closed).toEqual({ code: 1001, reason: 'server_shutdown' });
  });
});

describe('logs', () => {
  it('never contain a ticket', async () => {
    // Not an upgrade: an ordinary request, which Fastify logs with its URL.
    const plain = await ticketFor(a.token);
    expect((await ctx.http.get(`/ws?ticket=${plain}`)).status).toBe(404);
    expect(issuedTickets.length).toBeGreaterThan(10);
    const logFile = ctx.env.LOG_FILE;
    if (!logFile) throw new Error('test env has no LOG_FILE');
    // Let pino's stream flush what the connections above logged.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('realtime socket connected');
    expect(log).toContain('"url":"/ws"');
    for (const ticket of issuedTickets) expect(log).not.toContain(ticket);
  });
});
