import { Injectable } from '@nestjs/common';
import { PrismaService } from '../db/prisma.service.js';

export interface ThrottleRow {
  key: string;
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly prisma: PrismaService) {}

  findMany(keys: string[]): Promise<ThrottleRow[]> {
    return this.prisma.loginThrottle.findMany({ where: { key: { in: keys } } });
  }

  /**
   * Counts one failure atomically (concurrent failures must all count) and
   * returns the new state. A window older than `windowSeconds` starts over.
   */
  async recordFailure(key: string, windowSeconds: number): Promise<ThrottleRow> {
    const rows = await this.prisma.$queryRaw<ThrottleRow[]>`
      INSERT INTO "LoginThrottle" ("key", "failures", "windowStart", "updatedAt")
      VALUES (${key}, 1, now(), now())
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN "LoginThrottle"."windowStart" < now() - make_interval(secs => ${windowSeconds}::int)
                          THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
        "windowStart" = CASE WHEN "LoginThrottle"."windowStart" < now() - make_interval(secs => ${windowSeconds}::int)
                          THEN now() ELSE "LoginThrottle"."windowStart" END,
        "updatedAt" = now()
      RETURNING "key", "failures", "windowStart", "lockedUntil"`;
    const row = rows[0];
    if (!row) throw new Error('login throttle upsert returned no row');
    return row;
  }

  async lockUntil(key: string, until: Date): Promise<void> {
    await this.prisma.loginThrottle.update({ where: { key }, data: { lockedUntil: until } });
  }

  async clear(keys: string[]): Promise<void> {
    await this.prisma.loginThrottle.deleteMany({ where: { key: { in: keys } } });
  }
}
