import { Controller, Get, Res } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SkipThrottle } from '@nestjs/throttler';
import type { HealthLiveResponse, HealthReadyResponse } from '@prixagent/contracts';
import { ZodResponse } from 'nestjs-zod';
import { Public } from '../common/auth/auth.decorators.js';
import { RedisService } from '../redis/redis.service.js';
import { HealthLiveDto, HealthReadyDto } from './health.dto.js';
import { HealthRepository } from './health.repository.js';

const READY_TIMEOUT_MS = 2_000;

@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly repo: HealthRepository,
    private readonly redis: RedisService,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @ZodResponse({ status: 200, type: HealthLiveDto, description: 'The process answers' })
  live(): HealthLiveResponse {
    return { status: 'ok' };
  }

  /**
   * Readiness: the database answers within two seconds. Redis is reported,
   * not required (see healthReadyResponseSchema for why).
   */
  @Get('ready')
  @ZodResponse({ status: 200, type: HealthReadyDto, description: 'Ready: the database answers' })
  @ApiResponse({ status: 503, type: HealthReadyDto.Output, description: 'Not ready: the database does not answer' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReadyResponse> {
    const [database, redis] = await Promise.all([this.database(), this.redis.health()]);
    if (database !== 'ok') {
      void reply.status(503);
      return { status: 'unavailable', database, redis };
    }
    return { status: 'ok', database, redis };
  }

  private async database(): Promise<'ok' | 'unreachable'> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.repo.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS);
        }),
      ]);
      return 'ok';
    } catch {
      return 'unreachable';
    } finally {
      clearTimeout(timer);
    }
  }
}
