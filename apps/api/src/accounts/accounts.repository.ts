import { Injectable } from '@nestjs/common';
import { olderThan } from '../db/keyset.js';
import { PrismaService } from '../db/prisma.service.js';
import type { AccountStatus, Prisma } from '../generated/prisma/client.js';
import type { InviteRow } from '../users/users.repository.js';

export interface AccountRow {
  id: string;
  name: string;
  slug: string;
  email: string;
  status: AccountStatus;
  plan: string;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An account as the operator sees it: whether its owner signed up decides what can be done with it. */
export type AccountDetail = AccountRow & { hasOwner: boolean };

const accountSelect = { id: true, name: true, slug: true, email: true, status: true, plan: true, closedAt: true, createdAt: true, updatedAt: true } as const;

@Injectable()
export class AccountsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The account and its owner's invite, together or not at all: no account is ever left without a way in. */
  createWithOwnerInvite(
    data: { name: string; slug: string; email: string; plan: string },
    invite: { email: string; tokenHash: string; expiresAt: Date },
  ): Promise<{ account: AccountRow; invite: InviteRow }> {
    return this.prisma.$transaction(async (tx) => {
      const account = await tx.account.create({ data, select: accountSelect });
      const created = await tx.invite.create({
        data: { accountId: account.id, email: invite.email, role: 'owner', tokenHash: invite.tokenHash, expiresAt: invite.expiresAt, createdById: null },
        select: { id: true, accountId: true, email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, createdAt: true },
      });
      return { account, invite: created };
    });
  }

  hasOwner(id: string): Promise<boolean> {
    return this.prisma.user.count({ where: { accountId: id, role: 'owner' } }).then((n) => n > 0);
  }

  /**
   * Which of these accounts have an owner, in one query for a whole page. Not
   * Prisma's filtered relation `_count`, which aggregates every owner on the
   * platform and joins the result; this one reads only the page's accounts.
   */
  async withOwner(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const owners = await this.prisma.user.findMany({ where: { accountId: { in: [...ids] }, role: 'owner' }, select: { accountId: true } });
    return new Set(owners.map((o) => o.accountId));
  }

  /**
   * Tenants a new one may duplicate: the same name, case and surrounding
   * spaces aside (compared in SQL, since an ILIKE would read `%` and `_` in a
   * name as wildcards), and those whose contact email, or an owner invite not
   * yet accepted or withdrawn, is one of `emails`.
   */
  async findPossibleDuplicates(name: string, emails: readonly string[]): Promise<{ byName: AccountRow[]; byEmail: { email: string; account: AccountRow }[] }> {
    const named = await this.prisma.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM "Account" WHERE lower(btrim(name)) = lower(btrim(${name}))`;
    const [byName, byContact, invites] = await Promise.all([
      this.prisma.account.findMany({ where: { id: { in: named.map((r) => r.id) } }, select: accountSelect, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.account.findMany({ where: { email: { in: [...emails] } }, select: accountSelect, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.invite.findMany({
        where: { role: 'owner', email: { in: [...emails] }, acceptedAt: null, revokedAt: null },
        select: { email: true, account: { select: accountSelect } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
    ]);
    return { byName, byEmail: [...byContact.map((account) => ({ email: account.email, account })), ...invites] };
  }

  /** The tenant whose user has this email, if any (emails are unique across the platform). */
  async findAccountOfUserEmail(email: string): Promise<AccountRow | null> {
    const user = await this.prisma.user.findUnique({ where: { email }, select: { account: { select: accountSelect } } });
    return user?.account ?? null;
  }

  findById(id: string): Promise<AccountRow | null> {
    return this.prisma.account.findUnique({ where: { id }, select: accountSelect });
  }

  slugExists(slug: string): Promise<boolean> {
    return this.prisma.account.count({ where: { slug } }).then((n) => n > 0);
  }

  /** Newest first, keyset on (createdAt, id); `q` matches name, slug or email. */
  list(filter: { q?: string | undefined; status?: AccountStatus | undefined; after?: { createdAt: Date; id: string } | undefined; limit: number }): Promise<AccountRow[]> {
    const and: Prisma.AccountWhereInput[] = [];
    if (filter.q) {
      and.push({
        OR: [
          { name: { contains: filter.q, mode: 'insensitive' } },
          { slug: { contains: filter.q.toLowerCase() } },
          { email: { contains: filter.q, mode: 'insensitive' } },
        ],
      });
    }
    if (filter.status) and.push({ status: filter.status });
    if (filter.after) {
      and.push(olderThan(filter.after));
    }
    return this.prisma.account.findMany({ where: { AND: and }, select: accountSelect, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: filter.limit });
  }

  /** Compare-and-set on status so two operators acting at once cannot skip a state. */
  async setStatus(id: string, from: AccountStatus[], to: AccountStatus): Promise<AccountRow | null> {
    const res = await this.prisma.account.updateMany({ where: { id, status: { in: from }, closedAt: null }, data: { status: to } });
    return res.count === 1 ? this.findById(id) : null;
  }

  /** Closing for good: status cancelled, credentials and sessions gone. The data key is destroyed by the crypto service. */
  async markClosed(id: string): Promise<AccountRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const res = await tx.account.updateMany({ where: { id, closedAt: null }, data: { status: 'cancelled', closedAt: new Date() } });
      if (res.count !== 1) return null;
      await tx.integrationCredential.deleteMany({ where: { accountId: id } });
      await tx.refreshToken.updateMany({ where: { accountId: id, revokedAt: null }, data: { revokedAt: new Date() } });
      await tx.invite.updateMany({ where: { accountId: id, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
      return tx.account.findUnique({ where: { id }, select: accountSelect });
    });
  }
}
