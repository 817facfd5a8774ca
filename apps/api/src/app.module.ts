import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { ZodSerializerInterceptor } from 'nestjs-zod';
import type { Logger } from 'pino';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { LOGIN_LIMITED } from './common/auth/auth.decorators.js';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter.js';
import { AppValidationPipe } from './common/http/app-validation.pipe.js';
import { AppThrottlerGuard } from './common/http/app-throttler.guard.js';
import { RedisThrottlerStorage } from './common/http/redis-throttler.storage.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { ConfigModule } from './config/config.module.js';
import type { Env } from './config/env.schema.js';
import { CryptoModule } from './crypto/crypto.module.js';
import { DbModule } from './db/db.module.js';
import { HealthModule } from './health/health.module.js';
import { HousekeepingModule } from './housekeeping/housekeeping.module.js';
import { IntegrationsModule } from './integrations/integrations.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RedisService } from './redis/redis.service.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(env: Env, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(env),
        LoggingModule.forRoot(logger),
        DbModule,
        AuditModule,
        RedisModule,
        ThrottlerModule.forRootAsync({
          inject: [RedisService],
          useFactory: (redis: RedisService): ThrottlerModuleOptions => ({
            // With REDIS_URL every replica counts against one budget; without it, the stock in-memory storage.
            ...(redis.commands ? { storage: new RedisThrottlerStorage(redis.commands, logger.child({ module: 'rate-limit' })) } : {}),
            throttlers: [
              { name: 'default', ttl: env.RATE_LIMIT_WINDOW * 1000, limit: env.RATE_LIMIT_MAX_REQUESTS },
              {
                // Sign-in style routes get a far smaller budget on top of the default one.
                name: 'login',
                ttl: 60_000,
                limit: env.LOGIN_RATE_LIMIT_MAX,
                skipIf: (ctx) => Reflect.getMetadata(LOGIN_LIMITED, ctx.getHandler()) !== true,
              },
            ],
          }),
        }),
        AuthModule,
        CryptoModule,
        UsersModule,
        AccountsModule,
        IntegrationsModule,
        RealtimeModule,
        HealthModule,
        HousekeepingModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: AppValidationPipe },
        { provide: APP_FILTER, useValue: new AllExceptionsFilter(logger) },
        // Every response is parsed by its @ZodResponse schema, so a field not in the contract (a secret) never leaves.
        { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
        // Order matters: rate limits first, so floods never reach the database.
        { provide: APP_GUARD, useClass: AppThrottlerGuard },
        { provide: APP_GUARD, useExisting: AuthGuard },
      ],
    };
  }
}
