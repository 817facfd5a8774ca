import { Global, Module } from '@nestjs/common';
import { RedisService } from './redis.service.js';

/** Global: the rate-limit storage, realtime fan-out and health all share the process's connections. */
@Global()
@Module({ providers: [RedisService], exports: [RedisService] })
export class RedisModule {}
