import { Inject, Injectable } from '@nestjs/common';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';
import { TooManyRequestsError } from '../common/errors/domain-error.js';
import { LoginThrottleRepository, type ThrottleKey } from './login-throttle.repository.js';

const WINDOW_SECONDS = 15 * 60;
const MAX_LOCK_SECONDS = 15 * 60;
// Many people can share one address (an office NAT), so an address gets more room than an email.
const IP_THRESHOLD_FACTOR = 4;

export interface AttemptTicket {
  /** Seconds of lock this attempt started if it turns out to be a failure. */
  lockedSeconds: number | null;
}

/**
 * Failed-login backoff per email and per client address, kept in Postgres so
 * every API replica sees the same counts. Every attempt is counted before the
 * password is checked and taken back when it was right; at
 * `LOGIN_BACKOFF_THRESHOLD` attempts in 15 minutes (four times that for an
 * address) the key is locked for base * 2^(attempts over), capped at 15 minutes.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly repo: LoginThrottleRepository,
    @Inject(ENV) private readonly env: Env,
  ) {}

  private keys(email: string, ip: string): { email: ThrottleKey; ip: ThrottleKey } {
    const threshold = this.env.LOGIN_BACKOFF_THRESHOLD;
    return { email: { key: `email:${email}`, limit: threshold }, ip: { key: `ip:${ip}`, limit: threshold * IP_THRESHOLD_FACTOR } };
  }

  /** Counts the attempt, or throws 429 with the seconds left when either key is locked. */
  async admit(email: string, ip: string): Promise<AttemptTicket> {
    const keys = this.keys(email, ip);
    const admission = await this.repo.admit([keys.email, keys.ip], WINDOW_SECONDS, (over) =>
      Math.min(MAX_LOCK_SECONDS, this.env.LOGIN_BACKOFF_BASE_SECONDS * 2 ** over),
    );
    if (!admission.admitted) {
      const seconds = admission.retryAfterSeconds;
      throw new TooManyRequestsError(`Too many failed sign-in attempts; try again in ${seconds} seconds`, seconds);
    }
    return { lockedSeconds: admission.lockedSeconds };
  }

  /** The password was right: the email starts over; the address only gets this attempt back. */
  async succeeded(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    await this.repo.clear(keys.email.key);
    // One good login must not reset a spraying attacker behind the same address.
    await this.repo.forgive(keys.ip.key, keys.ip.limit);
  }
}
