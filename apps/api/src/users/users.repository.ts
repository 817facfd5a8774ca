import { Injectable } from '@nestjs/common';
import { lockUserSessions } from '../auth/refresh-token.repository.js';
import { PrismaService } from '../db/prisma.service.js';
import { Prisma, type AccountStatus, type UserRole } from '../generated/prisma/client.js';

export interface UserRow {
  id: string;
  accountId: string;
  email: string;
  name: string;
  role: UserRole;
  createdAt: Date;
}

export interface NewInvite {
  accountId: string;
  email: string;
  role: UserRole;
  tokenHash: string;
  expiresAt: Date;
  createdById: string | null;
}

export interface InviteRow {
  id: string;
  accountId: string;
  email: string;
  role: UserRole;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export interface InviteWithAccount extends InviteRow {
  accountName: string;
  accountStatus: AccountStatus;
}

const userSelect = { id: true, accountId: true, email: true, name: true, role: true, createdAt: true } as const;
const inviteSelect = { id: true, accountId: true, email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, createdAt: true } as const;

/** Rolls back a removal whose compare-and-set found the member changed. */
class MemberChanged extends Error {}

export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
}

/** Users and invites of one account. Every method is scoped by accountId. */
@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  findInAccount(accountId: string, userId: string): Promise<UserRow | null> {
    return this.prisma.user.findFirst({ where: { id: userId, accountId }, select: userSelect });
  }

  findPasswordHash(accountId: string, userId: string): Promise<string | null> {
    return this.prisma.user.findFirst({ where: { id: userId, accountId }, select: { passwordHash: true } }).then((u) => u?.passwordHash ?? null);
  }

  listMembers(accountId: string): Promise<UserRow[]> {
    return this.prisma.user.findMany({ where: { accountId }, select: userSelect, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  emailTaken(email: string): Promise<boolean> {
    return this.prisma.user.count({ where: { email } }).then((n) => n > 0);
  }

  /** Compare-and-set on the role read by the caller's checks, so a concurrent change is not overwritten. */
  async updateRole(accountId: string, userId: string, from: UserRole, role: UserRole): Promise<UserRow | null> {
    const res = await this.prisma.user.updateMany({ where: { id: userId, accountId, role: from }, data: { role } });
    return res.count === 1 ? this.findInAccount(accountId, userId) : null;
  }

  /**
   * Deletes the user. Its refresh tokens are first revoked and detached from
   * the row (the foreign key would delete them with it), so a browser that
   * still holds one learns that the user was removed rather than "invalid
   * token". Housekeeping purges them with the other revoked tokens.
   */
  async remove(accountId: string, userId: string, role: UserRole): Promise<boolean> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        await lockUserSessions(tx, userId);
        const now = new Date();
        await tx.refreshToken.updateMany({ where: { userId, accountId, revokedAt: null }, data: { revokedAt: now } });
        await tx.refreshToken.updateMany({ where: { userId, accountId }, data: { userId: null } });
        const res = await tx.user.deleteMany({ where: { id: userId, accountId, role } });
        // Changed meanwhile: undo the detaching too.
        if (res.count !== 1) throw new MemberChanged();
        return true;
      });
    } catch (e) {
      if (e instanceof MemberChanged) return false;
      throw e;
    }
  }

  /** The user's own name; null when the user is gone. */
  async updateName(accountId: string, userId: string, name: string): Promise<UserRow | null> {
    const res = await this.prisma.user.updateMany({ where: { id: userId, accountId }, data: { name } });
    return res.count === 1 ? this.findInAccount(accountId, userId) : null;
  }

  /** The new password and the end of every session of the user, in one step (see lockUserSessions). */
  async setPasswordHashAndRevokeSessions(accountId: string, userId: string, passwordHash: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await lockUserSessions(tx, userId);
      await tx.user.updateMany({ where: { id: userId, accountId }, data: { passwordHash } });
      await tx.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    });
  }

  listPendingInvites(accountId: string, now: Date): Promise<InviteRow[]> {
    return this.prisma.invite.findMany({
      where: { accountId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: inviteSelect,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  /**
   * Creates an invite and revokes the earlier open ones it replaces: those for the
   * same email in the account, or for an owner invite every open owner invite (an
   * account has one way in for its owner). Runs under a lock on what it replaces,
   * so two invites sent at once leave exactly one open.
   */
  replaceInvite(data: NewInvite): Promise<InviteRow> {
    const owner = data.role === 'owner';
    const scope = owner ? { role: 'owner' as const } : { email: data.email };
    const lockName = owner ? `invite-owner:${data.accountId}` : `invite:${data.accountId}:${data.email}`;
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockName}, 0))`;
      await tx.invite.updateMany({ where: { accountId: data.accountId, ...scope, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
      return tx.invite.create({ data, select: inviteSelect });
    });
  }

  async revokeInvite(accountId: string, inviteId: string): Promise<boolean> {
    const res = await this.prisma.invite.updateMany({ where: { id: inviteId, accountId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    return res.count === 1;
  }

  /** Read-only: inspecting an invite goes through here too, and must leave no trace. */
  findInviteByTokenHash(tokenHash: string): Promise<InviteWithAccount | null> {
    return this.prisma.invite
      .findUnique({ where: { tokenHash }, select: { ...inviteSelect, account: { select: { name: true, status: true } } } })
      .then((row) => (row ? { ...row, accountName: row.account.name, accountStatus: row.account.status } : null));
  }

  /**
   * Uses the invite and creates its user in one transaction; null when the
   * invite was used meanwhile (single use holds under concurrent accepts).
   */
  async acceptInvite(inviteId: string, user: { accountId: string; email: string; name: string; role: UserRole; passwordHash: string }): Promise<UserRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const claimed = await tx.invite.updateMany({ where: { id: inviteId, acceptedAt: null, revokedAt: null }, data: { acceptedAt: new Date() } });
      if (claimed.count !== 1) return null;
      return tx.user.create({ data: user, select: userSelect });
    });
  }
}
