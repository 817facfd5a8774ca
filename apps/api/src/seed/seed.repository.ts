import { Injectable } from '@nestjs/common';
import { PrismaService } from '../db/prisma.service.js';

@Injectable()
export class SeedRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the account and its owner if absent; never touches an existing password. */
  async ensureAccountWithOwner(account: { name: string; slug: string; email: string }, owner: { email: string; name: string; passwordHash: string }): Promise<{ created: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.account.findUnique({ where: { slug: account.slug }, select: { id: true } });
      const accountId = existing?.id ?? (await tx.account.create({ data: { ...account, plan: 'starter' }, select: { id: true } })).id;
      const user = await tx.user.findUnique({ where: { email: owner.email }, select: { id: true } });
      if (user) return { created: false };
      await tx.user.create({ data: { accountId, email: owner.email, name: owner.name, role: 'owner', passwordHash: owner.passwordHash } });
      return { created: true };
    });
  }
}
