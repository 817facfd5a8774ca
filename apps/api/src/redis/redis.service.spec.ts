import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPath, startRedisServer, type RedisServer } from '../../test/support/redis-server.js';
import { testEnv } from '../../test/support/test-app.js';
import { reportMissingTool } from '../../test/support/test-runner-env.js';
import { RedisService, redisOptions } from './redis.service.js';

const SUITE = 'RedisService against a real redis-server';
const missing = !onPath('redis-server');
if (missing) reportMissingTool('redis-server', SUITE);

const silent = pino({ level: 'silent' });
const env = (redisUrl?: string) => testEnv('postgresql://unused@127.0.0.1:1/unused', redisUrl ? { REDIS_URL: redisUrl } : {});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('RedisService without REDIS_URL', () => {
  it('opens no connection and reports Redis as disabled', async () => {
    const service = new RedisService(env(), silent);
    expect(service.enabled).toBe(false);
    expect(service.commands).toBeNull();
    service.subscribe('prixagent:test', () => undefined);
    expect(await service.health()).toBe('disabled');
    await service.onApplicationShutdown();
  });
});

describe.skipIf(missing)(SUITE, () => {
  let server: RedisServer;
  let publisher: Redis | undefined;

  beforeAll(async () => {
    server = await startRedisServer({ password: 'redis-service-spec-password' });
  });
  afterAll(async () => {
    publisher?.disconnect();
    await server?.stop();
  });

  async function connectPublisher(): Promise<Redis> {
    publisher?.disconnect();
    publisher = new Redis(server.url, redisOptions());
    await new Promise<void>((resolve) => publisher?.once('ready', () => resolve()));
    return publisher;
  }

  it('subscribes again after Redis comes back, says so, and reports health along the way', async () => {
    const service = new RedisService(env(server.url), silent);
    const received: string[] = [];
    let subscriptions = 0;
    service.subscribe('prixagent:spec', (m) => received.push(m), () => subscriptions++);
    await until(() => subscriptions === 1);
    expect(await service.health()).toBe('ok');

    await (await connectPublisher()).publish('prixagent:spec', 'one');
    await until(() => received.length === 1);

    await server.kill();
    await until(async () => (await service.health()) === 'unreachable');
    // Fails fast, not after a connect timeout.
    const started = Date.now();
    expect(await service.health()).toBe('unreachable');
    expect(Date.now() - started).toBeLessThan(100);

    await server.restart();
    await until(() => subscriptions === 2);
    await until(async () => (await service.health()) === 'ok');
    await (await connectPublisher()).publish('prixagent:spec', 'two');
    await until(() => received.length === 2);
    expect(received).toEqual(['one', 'two']);

    const closing = Date.now();
    await service.onApplicationShutdown();
    expect(Date.now() - closing).toBeLessThan(1_500);
    expect(service.commands?.status).toBe('end');
  });

  it('starts while Redis is down, and shuts down promptly all the same', async () => {
    await server.kill();
    const service = new RedisService(env(server.url), silent);
    try {
      let subscribed = false;
      service.subscribe('prixagent:spec', () => undefined, () => (subscribed = true));
      expect(await service.health()).toBe('unreachable');
      await server.restart();
      await until(() => subscribed);
      expect(await service.health()).toBe('ok');
      await server.kill();
      await until(() => service.commands?.status !== 'ready');
    } finally {
      const closing = Date.now();
      await service.onApplicationShutdown();
      expect(Date.now() - closing).toBeLessThan(500);
      await server.restart();
    }
  });
});
