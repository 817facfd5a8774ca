import { Injectable } from '@nestjs/common';
import { PrismaService } from '../db/prisma.service.js';

export interface PurgeCounts {
  refreshTokens: number;
  invites: number;
  loginThrottles: number;
  realtimeTickets: number;
}

@Injectable()
export class HousekeepingRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Rows that can no longer matter. Revoked and rotated refresh tokens are kept
   * for `retainDays` so reuse detection still recognises a replayed token for a while.
   */
  async purge(now: Date, retainDays: number, throttleWindowSeconds: number): Promise<PurgeCounts> {
    const retainedSince = new Date(now.getTime() - retainDays * 86_400_000);
    const refreshTokens = await this.prisma.refreshToken.deleteMany({
      where: { OR: [{ expiresAt: { lt: now } }, { revokedAt: { lt: retainedSince } }, { rotatedAt: { lt: retainedSince } }] },
    });
    const invites = await this.prisma.invite.deleteMany({
      where: { acceptedAt: null, OR: [{ expiresAt: { lt: retainedSince } }, { revokedAt: { lt: retainedSince } }] },
    });
    const loginThrottles = await this.prisma.loginThrottle.deleteMany({
      where: {
        windowStart: { lt: new Date(now.getTime() - throttleWindowSeconds * 1000) },
        OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
      },
    });
    // A WebSocket ticket is dead once used or expired (30 seconds): nothing looks at it again.
    const realtimeTickets = await this.prisma.realtimeTicket.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { usedAt: { not: null } }] } });
    return { refreshTokens: refreshTokens.count, invites: invites.count, loginThrottles: loginThrottles.count, realtimeTickets: realtimeTickets.count };
  }
}
