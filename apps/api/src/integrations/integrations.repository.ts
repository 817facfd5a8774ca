import { Injectable } from '@nestjs/common';
import { PrismaService } from '../db/prisma.service.js';
import type { IntegrationProvider, IntegrationStatus, Prisma } from '../generated/prisma/client.js';

export interface CredentialRow {
  id: string;
  accountId: string;
  provider: IntegrationProvider;
  secrets: Prisma.JsonValue;
  config: Prisma.JsonValue;
  status: IntegrationStatus;
  lastVerifiedAt: Date | null;
  lastError: string | null;
  hint: string | null;
  updatedAt: Date;
}

export interface CredentialWrite {
  secrets: Record<string, string>;
  config: Record<string, unknown>;
  status: IntegrationStatus;
  hint: string;
  fingerprint: string;
  lastVerifiedAt: Date | null;
  lastError: string | null;
}

const select = { id: true, accountId: true, provider: true, secrets: true, config: true, status: true, lastVerifiedAt: true, lastError: true, hint: true, updatedAt: true } as const;

@Injectable()
export class IntegrationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(accountId: string): Promise<CredentialRow[]> {
    return this.prisma.integrationCredential.findMany({ where: { accountId }, select, orderBy: { provider: 'asc' } });
  }

  find(accountId: string, provider: IntegrationProvider): Promise<CredentialRow | null> {
    return this.prisma.integrationCredential.findUnique({ where: { accountId_provider: { accountId, provider } }, select });
  }

  /**
   * Null when the account is closed for good. The account row is share-locked so
   * a close in progress (which deletes the credentials) cannot interleave.
   */
  upsert(accountId: string, provider: IntegrationProvider, data: CredentialWrite): Promise<CredentialRow | null> {
    const values = { ...data, config: data.config as Prisma.InputJsonObject };
    return this.prisma.$transaction(async (tx) => {
      const open = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Account" WHERE "id" = ${accountId}::uuid AND "closedAt" IS NULL FOR SHARE`;
      if (open.length === 0) return null;
      return tx.integrationCredential.upsert({
        where: { accountId_provider: { accountId, provider } },
        create: { accountId, provider, ...values },
        update: values,
        select,
      });
    });
  }

  async delete(accountId: string, provider: IntegrationProvider): Promise<boolean> {
    const res = await this.prisma.integrationCredential.deleteMany({ where: { accountId, provider } });
    return res.count === 1;
  }
}
