import { describe, expect, it } from 'vitest';
import { healthReadyResponseSchema } from './health.js';

describe('readiness body', () => {
  it('always names the database and Redis, Redis being disabled without REDIS_URL', () => {
    expect(healthReadyResponseSchema.safeParse({ status: 'ok', database: 'ok', redis: 'disabled' }).success).toBe(true);
    expect(healthReadyResponseSchema.safeParse({ status: 'ok', database: 'ok', redis: 'unreachable' }).success).toBe(true);
    expect(healthReadyResponseSchema.safeParse({ status: 'unavailable', database: 'unreachable', redis: 'ok' }).success).toBe(true);
    expect(healthReadyResponseSchema.safeParse({ status: 'ok', database: 'ok' }).success).toBe(false);
    expect(healthReadyResponseSchema.safeParse({ status: 'ok', database: 'ok', redis: 'down' }).success).toBe(false);
  });
});
