import { Injectable } from '@nestjs/common';
import { PrismaService } from '../db/prisma.service.js';

export interface RefreshTokenRow {
  id: string;
  familyId: string;
  accountId: string | null;
  userId: string | null;
  subject: string;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewRefreshToken {
  tokenHash: string;
  familyId: string;
  accountId: string | null;
  userId: string | null;
  subject: string;
  expiresAt: Date;
}

export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];

/** One family at a time: rotation and revocation of the same family never interleave. */
async function lockFamily(tx: Tx, familyId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${familyId}, 0))`;
}

/**
 * One user's sessions at a time: a password change or a removal that revokes
 * them all never misses a successor that a concurrent refresh is inserting
 * (that refresh either finishes first and is revoked too, or finds its token
 * revoked). Always taken after the family lock, never before it.
 */
export async function lockUserSessions(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`user-sessions:${userId}`}, 0))`;
}

@Injectable()
export class RefreshTokenRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(token: NewRefreshToken): Promise<void> {
    await this.prisma.refreshToken.create({ data: token });
  }

  findByHash(tokenHash: string): Promise<RefreshTokenRow | null> {
    return this.prisma.refreshToken.findUnique({
      where: { tokenHash },
      select: { id: true, familyId: true, accountId: true, userId: true, subject: true, expiresAt: true, rotatedAt: true, revokedAt: true },
    });
  }

  /**
   * Marks the token used and issues its successor atomically. Returns false when
   * another request already rotated it (that request won; this one is a reuse).
   */
  async rotate(id: string, successor: NewRefreshToken): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await lockFamily(tx, successor.familyId);
      if (successor.userId) await lockUserSessions(tx, successor.userId);
      const claimed = await tx.refreshToken.updateMany({ where: { id, rotatedAt: null, revokedAt: null }, data: { rotatedAt: new Date() } });
      if (claimed.count !== 1) return false;
      await tx.refreshToken.create({ data: successor });
      return true;
    });
  }

  /** Serialised with rotate(): a successor inserted concurrently is revoked too, never missed. */
  async revokeFamily(familyId: string): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      await lockFamily(tx, familyId);
      const res = await tx.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
      return res.count;
    });
  }

  async revokeAllForAccount(accountId: string): Promise<void> {
    await this.prisma.refreshToken.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: new Date() } });
  }
}
