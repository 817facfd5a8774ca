import { Injectable } from '@nestjs/common';
import { PrismaService } from '../db/prisma.service.js';
import type { AccountStatus } from '../generated/prisma/client.js';

export interface NewRealtimeTicket {
  tokenHash: string;
  accountId: string | null;
  userId: string | null;
  subject: string;
  expiresAt: Date;
}

export interface ConsumedTicket {
  accountId: string | null;
  userId: string | null;
  subject: string;
}

export interface AccountStatusRow {
  id: string;
  status: AccountStatus;
}

@Injectable()
export class RealtimeRepository {
  constructor(private readonly prisma: PrismaService) {}

  async createTicket(ticket: NewRealtimeTicket): Promise<void> {
    await this.prisma.realtimeTicket.create({ data: ticket });
  }

  /**
   * Marks the ticket used and returns it, in one UPDATE: of two sockets
   * presenting the same ticket at once, exactly one gets the row. Unknown,
   * expired and used tickets all give null.
   */
  async consumeTicket(tokenHash: string, now: Date): Promise<ConsumedTicket | null> {
    const rows = await this.prisma.realtimeTicket.updateManyAndReturn({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
      select: { accountId: true, userId: true, subject: true },
    });
    return rows[0] ?? null;
  }

  /** For the periodic re-check of live sockets: which of these users still exist, in which account. */
  async findUsers(userIds: string[]): Promise<{ id: string; accountId: string }[]> {
    if (userIds.length === 0) return [];
    return this.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, accountId: true } });
  }

  async findAccountStatuses(accountIds: string[]): Promise<AccountStatusRow[]> {
    if (accountIds.length === 0) return [];
    return this.prisma.account.findMany({ where: { id: { in: accountIds } }, select: { id: true, status: true } });
  }
}
