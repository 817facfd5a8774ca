import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RealtimeService } from '../src/realtime/realtime.service.js';
import { freePort, requireBuild, startApiProcess, type RunningApi } from './support/processes.js';
import { onPath, startRedisServer, type RedisServer } from './support/redis-server.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, HttpClient, LOG_DIR, SECRET_CANARY, randomHex, startApp, testEnv, type HttpResponse, type RequestOptions, type RunningApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { registerStoredSecret, reportMissingTool } from './support/test-runner-env.js';
import { adminToken, createTenant, type Tenant } from './support/tenants.js';
import { WsClient, within, type Closed } from './support/ws-client.js';

/**
 * REDIS_URL for real: two built API processes (and, for publishing events,
 * two in-process apps) on one database and one private redis-server. Shared
 * rate limits (against a contrast pair without Redis), sockets closed on the
 * other replica at once, and Redis going away and coming back.
 */

const SUITE = 'two API replicas against one Redis';
const missing = !onPath('redis-server');
if (missing) reportMissingTool('redis-server', SUITE);

// The general limit every process here runs with (RATE_LIMIT_MAX_REQUESTS).
const LIMIT = 8;
const ORIGIN = 'http://localhost:3001';
// Well under the 30-second heartbeat re-check, which would otherwise close the
// socket too, with room for a busy two-core CI machine running two files at once.
const PROMPTLY_MS = 5_000;

/**
 * nginx's X-Forwarded-For (TRUST_PROXY=1): every test sends from addresses
 * of its own, so each gets fresh rate-limit buckets on a shared pair of replicas.
 */
class ClientFrom extends HttpClient {
  constructor(
    baseUrl: string,
    private readonly address: string,
  ) {
    super(baseUrl);
  }

  override request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return super.request<T>(method, path, { ...options, headers: { 'x-forwarded-for': this.address, ...options.headers } });
  }
}

let addresses = 0;
const freshAddress = () => `198.51.100.${++addresses}`;

describe.skipIf(missing)(SUITE, () => {
  let db: TestDatabase;
  let redis: RedisServer;
  let redisPassword: string;
  let a: RunningApi;
  let b: RunningApi;
  const shared = { JWT_SECRET: `${SECRET_CANARY}-replicas-jwt-${randomHex(24)}`, ENCRYPTION_KEY: randomHex(32) };
  const sockets: WsClient[] = [];

  function processEnv(name: string, overrides: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DATABASE_POOL_MAX: '3',
      ...shared,
      ENCRYPTION_KEY_ID: 'k1',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      LOG_FILE: join(LOG_DIR, `api-redis-${name}-${process.pid}.log`),
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      CORS_ORIGIN: ORIGIN,
      TRUST_PROXY: '1',
      RATE_LIMIT_MAX_REQUESTS: String(LIMIT),
      RATE_LIMIT_WINDOW: '60',
      LOGIN_RATE_LIMIT_MAX: '100000',
      LOGIN_BACKOFF_THRESHOLD: '1000',
      ...overrides,
    };
  }

  /** A client per replica, both from one fresh address. */
  function clients(): [ClientFrom, ClientFrom] {
    const address = freshAddress();
    return [new ClientFrom(a.baseUrl, address), new ClientFrom(b.baseUrl, address)];
  }

  /** Requests alternate between the replicas; how many got through before 429s, and the slowest answer. */
  async function spend(replicas: HttpClient[], requests: number): Promise<{ passed: number; statuses: number[]; slowestMs: number }> {
    const statuses: number[] = [];
    let slowestMs = 0;
    for (let i = 0; i < requests; i++) {
      const started = Date.now();
      // Unauthenticated: the rate limit runs before authentication, so each 401 counts.
      const res = await (replicas[i % replicas.length] as HttpClient).get('/api/v1/me');
      slowestMs = Math.max(slowestMs, Date.now() - started);
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const passed = statuses.filter((s) => s !== 429).length;
    // Once refused, refused: no request gets through after the first 429.
    expect(statuses).toEqual([...Array<number>(passed).fill(401), ...Array<number>(requests - passed).fill(429)]);
    return { passed, statuses, slowestMs };
  }

  async function readiness(api: { baseUrl: string }): Promise<{ status: string; database: string; redis: string }> {
    return (await new HttpClient(api.baseUrl).get<{ status: string; database: string; redis: string }>('/api/health/ready')).body;
  }

  async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function ticket(http: HttpClient, token: string): Promise<string> {
    const res = await http.post<{ ticket: string }>('/api/v1/realtime/tickets', undefined, { token });
    expect(res.status).toBe(201);
    return registerStoredSecret(res.body.ticket);
  }

  async function socket(baseUrl: string, http: HttpClient, token: string): Promise<WsClient> {
    const { client } = await WsClient.welcomed(baseUrl, await ticket(http, token), ORIGIN);
    sockets.push(client);
    return client;
  }

  async function suspend(http: HttpClient, admin: string, accountId: string): Promise<void> {
    expect((await http.post(`/api/v1/admin/accounts/${accountId}/suspend`, undefined, { token: admin })).status).toBe(200);
  }

  const suspended: Closed = { code: 4403, reason: 'account_suspended' };

  beforeAll(async () => {
    requireBuild();
    db = await createTestDatabase('redis');
    // A password carrying the canary: were REDIS_URL ever logged, the end-of-run log scan would fail.
    redisPassword = `${SECRET_CANARY}-redis-${randomHex(8)}`;
    redis = await startRedisServer({ password: redisPassword });
    [a, b] = await Promise.all([startApiProcess(processEnv('a', { REDIS_URL: redis.url })), startApiProcess(processEnv('b', { REDIS_URL: redis.url }))]);
    await until(async () => (await readiness(a)).redis === 'ok' && (await readiness(b)).redis === 'ok');
  }, 60_000);

  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  afterAll(async () => {
    for (const api of [a, b]) if (api && api.proc.exitCode === null) api.proc.kill('SIGKILL');
    await redis?.stop();
    await db?.drop();
  });

  it('reports Redis in readiness', async () => {
    expect(await readiness(a)).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
    expect(await readiness(b)).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
  });

  it('shares the general rate limit: LIMIT requests in total across both replicas, where two replicas without Redis allow twice that', async () => {
    const withRedis = await spend(clients(), 2 * LIMIT + 2);
    expect(withRedis.passed).toBe(LIMIT);

    // The contrast, so the assertion above cannot pass by accident: the same, without REDIS_URL.
    const [c, d] = await Promise.all([startApiProcess(processEnv('c')), startApiProcess(processEnv('d'))]);
    try {
      expect((await readiness(c)).redis).toBe('disabled');
      const address = freshAddress();
      const withoutRedis = await spend([new ClientFrom(c.baseUrl, address), new ClientFrom(d.baseUrl, address)], 2 * LIMIT + 2);
      expect(withoutRedis.passed).toBe(2 * LIMIT);
    } finally {
      expect(await Promise.all([c.stop(), d.stop()])).toEqual([0, 0]);
    }
  }, 60_000);

  it('suspending an account on replica A closes its sockets on replica B with 4403 at once', async () => {
    const [httpA, httpB] = clients();
    const admin = await adminToken(httpA);
    const tenant = await createTenant(httpA, admin);
    const onB = await socket(b.baseUrl, httpB, tenant.token);
    const onA = await socket(a.baseUrl, httpA, tenant.token);
    const started = Date.now();
    await suspend(httpA, admin, tenant.accountId);
    expect(await within(onB.closed, PROMPTLY_MS)).toEqual(suspended);
    expect(await within(onA.closed, PROMPTLY_MS)).toEqual(suspended);
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
  });

  it("removing a member on replica A closes that member's socket on replica B with 4401, and only that one", async () => {
    const [httpA, httpB] = clients();
    const admin = await adminToken(httpA);
    const owner = await createTenant(httpA, admin);
    const invite = await httpA.post<{ token: string }>('/api/v1/team/invites', { email: `member-${randomHex(4)}@example.test`, role: 'member' }, { token: owner.token });
    expect(invite.status).toBe(201);
    const member = await httpB.post<{ accessToken: string; user: { id: string } }>('/api/v1/auth/invites/accept', { token: invite.body.token, name: 'Member', password: `member-${SECRET_CANARY}-${randomHex(8)}` });
    expect(member.status).toBe(200);
    const memberOnB = await socket(b.baseUrl, httpB, member.body.accessToken);
    const ownerOnB = await socket(b.baseUrl, httpB, owner.token);

    expect((await httpA.delete(`/api/v1/team/members/${member.body.user.id}`, { token: owner.token })).status).toBe(204);
    expect(await within(memberOnB.closed, PROMPTLY_MS)).toEqual({ code: 4401, reason: 'session_ended' });
    expect(await ownerOnB.roundTrip()).toEqual([]);
  });

  describe('events published in-process', () => {
    let one: RunningApp;
    let two: RunningApp;

    beforeAll(async () => {
      const env = () => testEnv(db.url, { ...shared, REDIS_URL: redis.url, CORS_ORIGIN: ORIGIN });
      [one, two] = await Promise.all([startApp(env()), startApp(env())]);
      await until(async () => (await readiness(one)).redis === 'ok' && (await readiness(two)).redis === 'ok');
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
    });

    it("reach the room's sockets on both replicas exactly once, in order, and no other room", async () => {
      const admin = await adminToken(one.http);
      const tenant: Tenant = await createTenant(one.http, admin);
      const other: Tenant = await createTenant(one.http, admin);
      const local = await socket(one.baseUrl, one.http, tenant.token);
      const remote = await socket(two.baseUrl, two.http, tenant.token);
      const bystander = await socket(two.baseUrl, two.http, other.token);
      const operator = await socket(one.baseUrl, one.http, admin);

      const realtime = one.app.get(RealtimeService);
      // The publishing replica delivers to its own socket at once; it returns how many of its sockets got it.
      expect(realtime.publish(tenant.accountId, { type: 'test.first', data: { n: 1 } })).toBe(1);
      expect(realtime.publish(tenant.accountId, { type: 'test.second', data: { n: 2 } })).toBe(1);
      expect(await remote.next()).toEqual({ type: 'test.first', data: { n: 1 } });
      expect(await remote.next()).toEqual({ type: 'test.second', data: { n: 2 } });

      // From the other replica, to the operator's room on the first.
      expect(two.app.get(RealtimeService).publish('platform', { type: 'test.platform', data: {} })).toBe(0);
      expect(await operator.next()).toEqual({ type: 'test.platform', data: {} });

      // By now the first replica has had its own messages back from Redis too: they must not echo.
      await new Promise((r) => setTimeout(r, 200));
      expect(await local.roundTrip()).toEqual([
        { type: 'test.first', data: { n: 1 } },
        { type: 'test.second', data: { n: 2 } },
      ]);
      expect(await remote.roundTrip()).toEqual([]);
      expect(await bystander.roundTrip()).toEqual([]);
      expect(await operator.roundTrip()).toEqual([]);
    });
  });

  it('starts, serves and stops promptly with Redis unreachable from the start', async () => {
    const nowhere = `redis://:${redisPassword}@127.0.0.1:${await freePort()}`;
    const e = await startApiProcess(processEnv('e', { REDIS_URL: nowhere }));
    try {
      expect(await readiness(e)).toEqual({ status: 'ok', database: 'ok', redis: 'unreachable' });
      expect((await new ClientFrom(e.baseUrl, freshAddress()).get('/api/v1/me')).status).toBe(401);
    } finally {
      const stopping = Date.now();
      expect(await e.stop()).toBe(0);
      expect(Date.now() - stopping).toBeLessThan(5_000);
    }
  });

  it('keeps both APIs answering while Redis is down (rate limits per replica), and fan-out works again once it is back', async () => {
    const [httpA, httpB] = clients();
    const admin = await adminToken(httpA);
    const missed = await createTenant(httpA, admin);
    const missedOnB = await socket(b.baseUrl, httpB, missed.token);

    await redis.kill();
    await until(async () => (await readiness(a)).redis === 'unreachable' && (await readiness(b)).redis === 'unreachable');
    for (const api of [a, b]) expect(await readiness(api)).toEqual({ status: 'ok', database: 'ok', redis: 'unreachable' });

    // Fail open to each process's own memory: the budget is per replica again, and nothing waits for Redis.
    const degraded = await spend(clients(), 2 * LIMIT + 2);
    expect(degraded.passed).toBe(2 * LIMIT);
    // Waiting on Redis would show as its 5 s connect timeout; a busy machine stays well under.
    expect(degraded.slowestMs).toBeLessThan(2_500);

    // The operator's request still works; B cannot hear about it while Redis is down.
    await suspend(httpA, admin, missed.accountId);

    await redis.restart();
    await until(async () => (await readiness(a)).redis === 'ok' && (await readiness(b)).redis === 'ok');
    // B re-checks its sockets as soon as it is listening again (or, at worst, the heartbeat re-check did already).
    expect(await within(missedOnB.closed, 5_000)).toEqual(suspended);

    // Fan-out is back: at once again.
    const [httpA2, httpB2] = clients();
    const tenant = await createTenant(httpA2, admin);
    const onB = await socket(b.baseUrl, httpB2, tenant.token);
    await suspend(httpA2, admin, tenant.accountId);
    expect(await within(onB.closed, PROMPTLY_MS)).toEqual(suspended);

    // And the limit is shared again.
    expect((await spend(clients(), 2 * LIMIT + 2)).passed).toBe(LIMIT);

    // Each replica said so once, without the URL or its password.
    for (const name of ['a', 'b']) {
      const log = readFileSync(join(LOG_DIR, `api-redis-${name}-${process.pid}.log`), 'utf8');
      expect(log).not.toContain(redisPassword);
      expect(log.match(/rate limits fall back to this process/g)?.length ?? 0).toBeLessThanOrEqual(1);
      expect(log).toMatch(/redis reachable again/);
    }
  }, 90_000);

  it('stops both replicas with exit code 0, promptly', async () => {
    const stopping = Date.now();
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
    expect(Date.now() - stopping).toBeLessThan(5_000);
  });
});
