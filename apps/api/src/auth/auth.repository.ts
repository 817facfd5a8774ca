import { Injectable } from '@nestjs/common';
import { PrismaService } from '../db/prisma.service.js';
import type { AccountStatus, UserRole } from '../generated/prisma/client.js';

export interface SessionRow {
  userId: string;
  accountId: string;
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string;
  accountStatus: AccountStatus;
}

/** Reads the user and its account together: one query decides whether a request may go on. */
@Injectable()
export class AuthRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findSessionByUserId(userId: string): Promise<SessionRow | null> {
    const user = await this.prisma.user.findUnique({ where: { id: userId }, include: { account: { select: { status: true } } } });
    return user ? toSessionRow(user) : null;
  }

  async findSessionByEmail(email: string): Promise<SessionRow | null> {
    const user = await this.prisma.user.findUnique({ where: { email }, include: { account: { select: { status: true } } } });
    return user ? toSessionRow(user) : null;
  }
}

function toSessionRow(user: {
  id: string;
  accountId: string;
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string;
  account: { status: AccountStatus };
}): SessionRow {
  return {
    userId: user.id,
    accountId: user.accountId,
    email: user.email,
    name: user.name,
    role: user.role,
    passwordHash: user.passwordHash,
    accountStatus: user.account.status,
  };
}
