import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../common/auth/auth.decorators.js';
import { HealthRepository } from './health.repository.js';

const READY_TIMEOUT_MS = 2_000;

@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(private readonly repo: HealthRepository) {}

  /** Liveness: the process answers. */
  @Get()
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the database answers within two seconds. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ok' | 'unavailable'; database: 'ok' | 'unreachable' }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.repo.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS);
        }),
      ]);
      return { status: 'ok', database: 'ok' };
    } catch {
      void reply.status(503);
      return { status: 'unavailable', database: 'unreachable' };
    } finally {
      clearTimeout(timer);
    }
  }
}
