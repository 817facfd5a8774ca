import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { TooManyRequestsError } from '../errors/domain-error.js';

/** The stock guard, answering in the platform's error shape with a Retry-After. */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    // Fastify resolved `ip` under TRUST_PROXY, so forwarded headers count only from trusted hops.
    return Promise.resolve(typeof req['ip'] === 'string' ? req['ip'] : 'unknown');
  }

  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    return Promise.reject(new TooManyRequestsError(`Too many requests; try again in ${seconds} seconds`, seconds));
  }
}
