import { Inject, Injectable } from '@nestjs/common';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';
import { TooManyRequestsError } from '../common/errors/domain-error.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';

const WINDOW_SECONDS = 15 * 60;
const MAX_LOCK_SECONDS = 15 * 60;
// Many people can share one address (an office NAT), so an address gets more room than an email.
const IP_THRESHOLD_FACTOR = 4;

/**
 * Failed-login backoff per email and per client address, kept in Postgres so
 * every API replica sees the same counts. After `LOGIN_BACKOFF_THRESHOLD`
 * failures the key is locked for base * 2^(extra failures), capped at 15 minutes.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly repo: LoginThrottleRepository,
    @Inject(ENV) private readonly env: Env,
  ) {}

  private keys(email: string, ip: string): { email: string; ip: string } {
    return { email: `email:${email}`, ip: `ip:${ip}` };
  }

  /** Throws 429 with the seconds left when either key is locked. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const rows = await this.repo.findMany([keys.email, keys.ip]);
    const now = Date.now();
    const waits = rows.map((r) => (r.lockedUntil ? r.lockedUntil.getTime() - now : 0)).filter((ms) => ms > 0);
    if (waits.length > 0) {
      const seconds = Math.ceil(Math.max(...waits) / 1000);
      throw new TooManyRequestsError(`Too many failed sign-in attempts; try again in ${seconds} seconds`, seconds);
    }
  }

  /** Returns the lock (seconds) this failure started, if any. */
  async recordFailure(email: string, ip: string): Promise<number | null> {
    const keys = this.keys(email, ip);
    const threshold = this.env.LOGIN_BACKOFF_THRESHOLD;
    let lockSeconds: number | null = null;
    for (const [key, limit] of [
      [keys.email, threshold],
      [keys.ip, threshold * IP_THRESHOLD_FACTOR],
    ] as const) {
      const row = await this.repo.recordFailure(key, WINDOW_SECONDS);
      if (row.failures >= limit) {
        const seconds = Math.min(MAX_LOCK_SECONDS, this.env.LOGIN_BACKOFF_BASE_SECONDS * 2 ** (row.failures - limit));
        await this.repo.lockUntil(key, new Date(Date.now() + seconds * 1000));
        lockSeconds = Math.max(lockSeconds ?? 0, seconds);
      }
    }
    return lockSeconds;
  }

  async recordSuccess(email: string): Promise<void> {
    // The address keeps its count: one good login must not reset a spraying attacker.
    await this.repo.clear([this.keys(email, '').email]);
  }
}
