import { Injectable } from '@nestjs/common';
import { PrismaService } from '../db/prisma.service.js';

export interface ThrottleKey {
  key: string;
  /** Attempts in the window that lock the key. */
  limit: number;
}

export type Admission =
  | { admitted: true; /** Seconds of lock this attempt started, if it reached a limit. */ lockedSeconds: number | null }
  | { admitted: false; retryAfterSeconds: number };

interface Row {
  key: string;
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Counts one attempt against every key before the password is checked, so a
   * burst of parallel guesses cannot all slip in ahead of the first failure.
   * The rows are locked (in key order, so two requests cannot deadlock) for the
   * length of this short transaction. A locked key refuses without counting.
   */
  admit(keys: ThrottleKey[], windowSeconds: number, lockSeconds: (overLimit: number) => number): Promise<Admission> {
    const ordered = [...keys].sort((a, b) => a.key.localeCompare(b.key));
    return this.prisma.$transaction(async (tx) => {
      for (const { key } of ordered) {
        await tx.$executeRaw`INSERT INTO "LoginThrottle" ("key", "failures", "windowStart", "updatedAt") VALUES (${key}, 0, now(), now()) ON CONFLICT ("key") DO NOTHING`;
      }
      const rows = await tx.$queryRaw<(Row & { now: Date })[]>`
        SELECT "key", "failures", "windowStart", "lockedUntil", now() AS "now" FROM "LoginThrottle"
        WHERE "key" = ANY(${ordered.map((k) => k.key)}::text[]) ORDER BY "key" FOR UPDATE`;
      const now = rows[0]?.now.getTime() ?? Date.now();
      const waits = rows.map((r) => (r.lockedUntil ? r.lockedUntil.getTime() - now : 0)).filter((ms) => ms > 0);
      if (waits.length > 0) return { admitted: false, retryAfterSeconds: Math.ceil(Math.max(...waits) / 1000) };

      let lockedSeconds: number | null = null;
      for (const row of rows) {
        const limit = ordered.find((k) => k.key === row.key)?.limit ?? Number.POSITIVE_INFINITY;
        const expired = row.windowStart.getTime() < now - windowSeconds * 1000;
        const failures = (expired ? 0 : row.failures) + 1;
        let lockedUntil: Date | null = null;
        if (failures >= limit) {
          const seconds = lockSeconds(failures - limit);
          lockedUntil = new Date(now + seconds * 1000);
          lockedSeconds = Math.max(lockedSeconds ?? 0, seconds);
        }
        await tx.$executeRaw`
          UPDATE "LoginThrottle" SET "failures" = ${failures}, "lockedUntil" = ${lockedUntil},
            "windowStart" = ${expired ? new Date(now) : row.windowStart}, "updatedAt" = now()
          WHERE "key" = ${row.key}`;
      }
      return { admitted: true, lockedSeconds };
    });
  }

  /** Takes back the attempt counted by admit() on a key (the password was right) and any lock it started. */
  async forgive(key: string, limit: number): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "LoginThrottle" SET "failures" = GREATEST("failures" - 1, 0),
        "lockedUntil" = CASE WHEN "failures" - 1 < ${limit} THEN NULL ELSE "lockedUntil" END, "updatedAt" = now()
      WHERE "key" = ${key}`;
  }

  async clear(key: string): Promise<void> {
    await this.prisma.loginThrottle.deleteMany({ where: { key } });
  }
}
