import { Inject, Injectable } from '@nestjs/common';
import { PrismaService } from '../db/prisma.service.js';

/** A tenant's wrapped data key as the crypto layer sees it (never a Prisma type). */
export interface TenantKeyRecord {
  accountId: string;
  wrappedKey: string;
  kekId: string;
}

const SELECT = { accountId: true, wrappedKey: true, kekId: true } as const;

@Injectable()
export class TenantKeyRepository {
  constructor(@Inject(PrismaService) private readonly prisma: PrismaService) {}

  findByAccount(accountId: string): Promise<TenantKeyRecord | null> {
    return this.prisma.tenantKey.findUnique({ where: { accountId }, select: SELECT });
  }

  /**
   * Stores `wrappedKey` unless the account already has a key, and returns the key the
   * account ends up with. Two concurrent first uses both get the same (winning) row:
   * ON CONFLICT DO NOTHING, then read back. Null when the account does not exist or
   * was closed for good: a closed account must never get a fresh key after its
   * shredding (the insert reads the account row under a share lock, so it waits for
   * a close in progress and then sees it).
   */
  async createIfAbsent(accountId: string, wrappedKey: string, kekId: string): Promise<TenantKeyRecord | null> {
    await this.prisma.$executeRaw`
      INSERT INTO "TenantKey" ("accountId", "wrappedKey", "kekId", "createdAt", "updatedAt")
      SELECT a."id", ${wrappedKey}, ${kekId}, now(), now() FROM "Account" a
      WHERE a."id" = ${accountId}::uuid AND a."closedAt" IS NULL
      FOR SHARE OF a
      ON CONFLICT ("accountId") DO NOTHING`;
    return this.findByAccount(accountId);
  }

  /** Crypto-shredding: without this row the tenant's ciphertexts are noise. */
  async delete(accountId: string): Promise<boolean> {
    const { count } = await this.prisma.tenantKey.deleteMany({ where: { accountId } });
    return count > 0;
  }

  /** Keyset page of keys still wrapped under some other KEK, in account id order. */
  findBatchNotUsingKek(currentKekId: string, afterAccountId: string | null, limit: number): Promise<TenantKeyRecord[]> {
    return this.prisma.tenantKey.findMany({
      where: {
        kekId: { not: currentKekId },
        ...(afterAccountId === null ? {} : { accountId: { gt: afterAccountId } }),
      },
      orderBy: { accountId: 'asc' },
      take: limit,
      select: SELECT,
    });
  }

  /**
   * Compare-and-set: replaces the wrapped key only if it is still `expectedOldWrapped`,
   * so a key destroyed or rewrapped meanwhile is left alone. True when it updated.
   */
  async updateWrapped(accountId: string, expectedOldWrapped: string, newWrapped: string, newKekId: string): Promise<boolean> {
    const { count } = await this.prisma.tenantKey.updateMany({
      where: { accountId, wrappedKey: expectedOldWrapped },
      data: { wrappedKey: newWrapped, kekId: newKekId },
    });
    return count === 1;
  }

  async countByKekId(): Promise<Record<string, number>> {
    const groups = await this.prisma.tenantKey.groupBy({ by: ['kekId'], _count: { _all: true }, orderBy: { kekId: 'asc' } });
    const counts: Record<string, number> = {};
    for (const group of groups) counts[group.kekId] = group._count._all;
    return counts;
  }
}
