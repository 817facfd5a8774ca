import { Injectable } from '@nestjs/common';
import { olderThan } from '../db/keyset.js';
import { PrismaService } from '../db/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';

export interface AuditEventInput {
  accountId: string | null;
  actorType: 'user' | 'platform_admin' | 'system' | 'anonymous';
  actorId: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  metadata?: Record<string, string | number | boolean | null>;
}

export interface AuditEventRow {
  id: string;
  accountId: string | null;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  metadata: Prisma.JsonValue;
  createdAt: Date;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(event: AuditEventInput): Promise<void> {
    await this.prisma.auditEvent.create({
      data: {
        accountId: event.accountId,
        actorType: event.actorType,
        actorId: event.actorId,
        action: event.action,
        targetType: event.targetType ?? null,
        targetId: event.targetId ?? null,
        ip: event.ip ?? null,
        metadata: event.metadata ?? {},
      },
    });
  }

  /** Newest first; keyset on (createdAt, id). */
  list(filter: { accountId?: string; action?: string; before?: { createdAt: Date; id: string }; limit: number }): Promise<AuditEventRow[]> {
    const where: Prisma.AuditEventWhereInput = {
      ...(filter.accountId ? { accountId: filter.accountId } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.before ? olderThan(filter.before) : {}),
    };
    return this.prisma.auditEvent.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: filter.limit });
  }
}
