import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';
import { ROOT_LOGGER } from '../common/logging/logging.module.js';
import { HousekeepingRepository, type PurgeCounts } from './housekeeping.repository.js';

const RETAIN_DAYS = 30;
// Matches the failed-login window: an older, unlocked counter has no effect any more.
const THROTTLE_WINDOW_SECONDS = 15 * 60;

/**
 * Deletes expired sessions, dead invites, stale login counters and used or
 * expired WebSocket tickets on a timer, so those tables do not grow for ever.
 * Every replica may run it: each purge is a set of idempotent DELETEs.
 */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: HousekeepingRepository,
    @Inject(ENV) private readonly env: Env,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.env.HOUSEKEEPING_INTERVAL_MINUTES;
    if (minutes === 0) return;
    this.timer = setInterval(() => void this.runSafely(), minutes * 60_000);
    // Never keeps the process alive on its own.
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  run(now = new Date()): Promise<PurgeCounts> {
    return this.repo.purge(now, RETAIN_DAYS, THROTTLE_WINDOW_SECONDS);
  }

  private async runSafely(): Promise<void> {
    try {
      const counts = await this.run();
      this.logger.info({ purged: counts }, 'housekeeping done');
    } catch (err) {
      this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'housekeeping failed');
    }
  }
}
