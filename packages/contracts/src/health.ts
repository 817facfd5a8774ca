import { z } from 'zod';

/** GET /api/health: the process answers. */
export const healthLiveResponseSchema = z.object({ status: z.literal('ok') });
export type HealthLiveResponse = z.infer<typeof healthLiveResponseSchema>;

/**
 * GET /api/health/ready: 200 while the database answers, 503 when it does not.
 * Redis is reported but does not decide readiness: without it the API still
 * serves, with per-replica rate limits and no cross-replica fan-out
 * (docs/SCALING.md), and every replica shares one Redis, so failing them all
 * together would turn a degraded platform into a dead one. `disabled`: no REDIS_URL.
 */
export const healthReadyResponseSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['ok', 'unreachable']),
  redis: z.enum(['ok', 'unreachable', 'disabled']),
});
export type HealthReadyResponse = z.infer<typeof healthReadyResponseSchema>;
