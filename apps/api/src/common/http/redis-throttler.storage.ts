import { createHash } from 'node:crypto';
import type { OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { REDIS_KEY_PREFIX } from '../../redis/redis.service.js';

// The package's index does not re-export the record type; it is what `increment` resolves to.
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

export const THROTTLE_KEY_PREFIX = `${REDIS_KEY_PREFIX}throttle:`;

// After a failed command, requests skip Redis this long: a hung server costs one
// command timeout per interval, not one per request.
const RETRY_AFTER_FAILURE_MS = 2_000;

/**
 * One hit, atomically. KEYS[1]: the counter (a hash: `hits`, and `blocked` once
 * over the limit). ARGV: window (ms), limit, block duration (ms). Returns
 * { totalHits, ms until the window or block ends, blocked 0/1, ms until the block ends }.
 *
 * A fixed window: the first hit starts it with a TTL of the window. Like
 * @nestjs/throttler's in-memory storage, the hit that goes over the limit
 * starts a block; hits during the block are refused and not counted, and the
 * first hit after it starts a fresh count. Here the block is the key's TTL,
 * so the whole record expires when the block ends. With no block duration,
 * hits past the limit are refused (and not counted) until the window ends.
 * Redis's own clock is the only one used: replicas' clocks may differ.
 */
export const THROTTLE_SCRIPT = `
local key = KEYS[1]
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local block = tonumber(ARGV[3])

if redis.call('HGET', key, 'blocked') == '1' then
  local left = redis.call('PTTL', key)
  return { tonumber(redis.call('HGET', key, 'hits') or '0'), left, 1, left }
end

if block <= 0 then
  local hits = tonumber(redis.call('HGET', key, 'hits') or '0')
  if hits >= limit then
    local left = redis.call('PTTL', key)
    return { hits + 1, left, 1, left }
  end
end

local hits = redis.call('HINCRBY', key, 'hits', 1)
if redis.call('PTTL', key) < 0 then
  redis.call('PEXPIRE', key, ttl)
end
if block > 0 and hits > limit then
  redis.call('HSET', key, 'blocked', '1')
  redis.call('PEXPIRE', key, block)
  return { hits, block, 1, block }
end
return { hits, redis.call('PTTL', key), 0, 0 }
`;

const SCRIPT_SHA = createHash('sha1').update(THROTTLE_SCRIPT).digest('hex');

export interface RedisThrottlerStorageOptions {
  retryAfterFailureMs?: number;
}

/**
 * @nestjs/throttler's storage in Redis, so every replica counts against the
 * same budget (REDIS_URL; docs/SCALING.md).
 *
 * Fails open to per-process memory: while Redis is unreachable or slow, each
 * replica counts on its own again (the pre-Redis behaviour), logged once per
 * outage. Failing closed would turn a Redis outage into a full API outage;
 * failing fully open would leave no limit at all. Passwords stay protected
 * either way: the failed-login back-off lives in PostgreSQL, and nginx keeps
 * its own per-address limits.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly fallback = new ThrottlerStorageService();
  private readonly retryAfterFailureMs: number;
  private retryAt = 0;
  private degraded = false;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
    options: RedisThrottlerStorageOptions = {},
  ) {
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? RETRY_AFTER_FAILURE_MS;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    if (this.redis.status !== 'ready') {
      this.degrade('redis is not connected');
    } else if (Date.now() >= this.retryAt) {
      try {
        const record = toRecord(await this.run(`${THROTTLE_KEY_PREFIX}${key}`, ttl, limit, blockDuration));
        if (this.degraded) {
          this.degraded = false;
          this.log.info('rate limits are shared through redis again');
        }
        return record;
      } catch (err) {
        this.retryAt = Date.now() + this.retryAfterFailureMs;
        this.degrade(err instanceof Error ? err.message : String(err));
      }
    }
    return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  onApplicationShutdown(): void {
    this.fallback.onApplicationShutdown();
  }

  private degrade(reason: string): void {
    if (this.degraded) return;
    this.degraded = true;
    this.log.warn({ err: reason }, 'redis unavailable: rate limits fall back to this process until it is back');
  }

  /** EVALSHA, loading the script on a NOSCRIPT (first use, or a Redis that restarted empty). */
  private async run(key: string, ttl: number, limit: number, blockDuration: number): Promise<unknown> {
    const args = [Math.max(1, Math.ceil(ttl)), limit, Math.max(0, Math.ceil(blockDuration))];
    try {
      return await this.redis.evalsha(SCRIPT_SHA, 1, key, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return this.redis.eval(THROTTLE_SCRIPT, 1, key, ...args);
    }
  }
}

/** The script's reply, in the record's units (seconds, rounded up, as the in-memory storage gives them). */
export function toRecord(reply: unknown): ThrottlerStorageRecord {
  if (!Array.isArray(reply) || reply.length !== 4 || !reply.every((n) => typeof n === 'number')) {
    throw new Error('unexpected reply from the rate-limit script');
  }
  const [totalHits, msToExpire, blocked, msToBlockExpire] = reply as [number, number, number, number];
  return {
    totalHits,
    timeToExpire: Math.max(0, Math.ceil(msToExpire / 1000)),
    isBlocked: blocked === 1,
    timeToBlockExpire: Math.max(0, Math.ceil(msToBlockExpire / 1000)),
  };
}
