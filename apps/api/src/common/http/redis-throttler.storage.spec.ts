import { Writable } from 'node:stream';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRedisServer, onPath, type RedisServer } from '../../../test/support/redis-server.js';
import { reportMissingTool } from '../../../test/support/test-runner-env.js';
import { REDIS_COMMAND_TIMEOUT_MS, redisOptions } from '../../redis/redis.service.js';
import { RedisThrottlerStorage, THROTTLE_KEY_PREFIX } from './redis-throttler.storage.js';

/**
 * The Lua script and the fallback against a real redis-server started here
 * (never the machine's own Redis), compared with @nestjs/throttler's in-memory
 * storage where the two must agree.
 */

const SUITE = 'RedisThrottlerStorage against a real redis-server';
const missing = !onPath('redis-server');
if (missing) reportMissingTool('redis-server', SUITE);

function collectingLogger(): { logger: Logger; lines: () => { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: string; msg: string });
      done();
    },
  });
  return { logger: pino({ formatters: { level: (label) => ({ level: label }) } }, stream), lines: () => lines };
}

async function connected(url: string): Promise<Redis> {
  const client = new Redis(url, redisOptions());
  await new Promise<void>((resolve) => client.once('ready', () => resolve()));
  return client;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(missing)(SUITE, () => {
  let server: RedisServer;
  let client: Redis;
  let storage: RedisThrottlerStorage;
  let n = 0;
  // A fresh key per test: the server is shared by the file.
  let key: string;

  beforeAll(async () => {
    server = await startRedisServer();
    client = await connected(server.url);
    storage = new RedisThrottlerStorage(client, collectingLogger().logger);
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });
  beforeEach(() => {
    key = `key-${++n}`;
  });

  it('counts hits in a window kept under a prefixed key with the window as TTL', async () => {
    const first = await storage.increment(key, 60_000, 5, 60_000, 'default');
    expect(first).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect((await storage.increment(key, 60_000, 5, 60_000, 'default')).totalHits).toBe(2);
    const ttl = await client.pttl(`${THROTTLE_KEY_PREFIX}${key}`);
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await client.exists(key)).toBe(0);
  });

  it('agrees with the in-memory storage: the hit past the limit blocks, blocked hits are not counted, a fresh count follows the block', async () => {
    const memory = new ThrottlerStorageService();
    const sequence = async (s: { increment: RedisThrottlerStorage['increment'] }) => {
      const out: { totalHits: number; isBlocked: boolean }[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await s.increment(key, 5_000, 3, 400, 'default');
        out.push({ totalHits: r.totalHits, isBlocked: r.isBlocked });
      }
      return out;
    };
    const [inRedis, inMemory] = await Promise.all([sequence(storage), sequence(memory)]);
    expect(inRedis).toEqual([
      { totalHits: 1, isBlocked: false },
      { totalHits: 2, isBlocked: false },
      { totalHits: 3, isBlocked: false },
      { totalHits: 4, isBlocked: true },
      { totalHits: 4, isBlocked: true },
      { totalHits: 4, isBlocked: true },
    ]);
    expect(inRedis).toEqual(inMemory);
    const blocked = await storage.increment(key, 5_000, 3, 400, 'default');
    expect(blocked.timeToBlockExpire).toBe(1);

    // The block (400 ms) ends before the window (5 s): counting starts again, in both.
    await sleep(500);
    const after = await storage.increment(key, 5_000, 3, 400, 'default');
    const afterMemory = await memory.increment(key, 5_000, 3, 400, 'default');
    expect({ totalHits: after.totalHits, isBlocked: after.isBlocked }).toEqual({ totalHits: 1, isBlocked: false });
    expect({ totalHits: afterMemory.totalHits, isBlocked: afterMemory.isBlocked }).toEqual({ totalHits: 1, isBlocked: false });
    memory.onApplicationShutdown();
  });

  it('without a block duration refuses past the limit, uncounted, until the window ends (as in memory)', async () => {
    const memory = new ThrottlerStorageService();
    for (const s of [storage, memory]) {
      const seen: [number, boolean][] = [];
      for (let i = 0; i < 5; i++) {
        const r = await s.increment(key, 300, 2, 0, 'default');
        seen.push([r.totalHits, r.isBlocked]);
      }
      expect(seen).toEqual([
        [1, false],
        [2, false],
        [3, true],
        [3, true],
        [3, true],
      ]);
    }
    await sleep(400);
    expect((await storage.increment(key, 300, 2, 0, 'default')).isBlocked).toBe(false);
    memory.onApplicationShutdown();
  });

  it('is atomic: concurrent hits from two processes never let more than the limit through', async () => {
    const other = await connected(server.url);
    try {
      const second = new RedisThrottlerStorage(other, collectingLogger().logger);
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? storage : second).increment(key, 60_000, 25, 60_000, 'default')));
      expect(results.filter((r) => !r.isBlocked)).toHaveLength(25);
      expect(results.map((r) => r.totalHits).sort((a, b) => a - b).slice(0, 26)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    } finally {
      other.disconnect();
    }
  });

  it('loads the script again when Redis has forgotten it (restart, SCRIPT FLUSH)', async () => {
    await storage.increment(key, 60_000, 5, 60_000, 'default');
    await client.script('FLUSH');
    expect((await storage.increment(key, 60_000, 5, 60_000, 'default')).totalHits).toBe(2);
  });
});

describe.skipIf(missing)(`${SUITE}: Redis unavailable`, () => {
  let server: RedisServer;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('falls back to per-process memory at once while Redis is down, logs it once, and goes back when it returns', async () => {
    const client = await connected(server.url);
    const log = collectingLogger();
    const storage = new RedisThrottlerStorage(client, log.logger, { retryAfterFailureMs: 100 });
    try {
      expect((await storage.increment('down', 60_000, 2, 60_000, 'default')).totalHits).toBe(1);
      await server.kill();
      await until(() => client.status !== 'ready');

      const started = Date.now();
      const during = [];
      for (let i = 0; i < 4; i++) during.push(await storage.increment('down', 60_000, 2, 60_000, 'default'));
      expect(Date.now() - started).toBeLessThan(200);
      // Memory starts from zero: this process's own count, limited as before Redis.
      expect(during.map((r) => [r.totalHits, r.isBlocked])).toEqual([
        [1, false],
        [2, false],
        [3, true],
        [3, true],
      ]);
      const warnings = log.lines().filter((l) => l.level === 'warn');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.msg).toMatch(/rate limits fall back to this process/);

      await server.restart();
      await until(() => client.status === 'ready');
      // Back in (a fresh) Redis.
      expect(await storage.increment('down', 60_000, 2, 60_000, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
      expect(await client.exists(`${THROTTLE_KEY_PREFIX}down`)).toBe(1);
      expect(log.lines().filter((l) => l.level === 'info').map((l) => l.msg)).toEqual(['rate limits are shared through redis again']);
    } finally {
      client.disconnect();
    }
  });

  it('does not hang on a Redis that stops answering: one command timeout, then memory until the retry interval passes', async () => {
    const client = await connected(server.url);
    const storage = new RedisThrottlerStorage(client, collectingLogger().logger, { retryAfterFailureMs: 1_000 });
    try {
      server.pause();
      let started = Date.now();
      expect((await storage.increment('hung', 60_000, 5, 60_000, 'default')).isBlocked).toBe(false);
      expect(Date.now() - started).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 300);
      started = Date.now();
      for (let i = 0; i < 5; i++) await storage.increment('hung', 60_000, 5, 60_000, 'default');
      expect(Date.now() - started).toBeLessThan(100);
    } finally {
      server.resume();
      client.disconnect();
    }
  });
});
