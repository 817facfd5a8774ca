import { Inject, Injectable } from '@nestjs/common';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';
import { prepareInvite } from '../users/invite-token.js';
import type { CreateAccountRequest, DuplicateTenantField, ListAccountsQuery } from '@prixagent/contracts';
import { AuditService } from '../audit/audit.service.js';
import { RefreshTokenRepository } from '../auth/refresh-token.repository.js';
import { ConflictError, NotFoundError, ValidationError, type ErrorDetail } from '../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../common/http/cursor.js';
import { TenantCryptoService } from '../crypto/tenant-crypto.service.js';
import type { AccountStatus } from '../generated/prisma/client.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { isUniqueViolation } from '../users/users.repository.js';
import { UsersService, type CreatedInvite } from '../users/users.service.js';
import { AccountsRepository, type AccountDetail, type AccountRow } from './accounts.repository.js';

const ADMIN_ACTOR = { actorType: 'platform_admin', actorId: 'platform_admin' } as const;

function accountRef(account: AccountRow): { id: string; name: string; slug: string; status: string } {
  return { id: account.id, name: account.name, slug: account.slug, status: account.status };
}

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return base || 'account';
}

@Injectable()
export class AccountsService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repo: AccountsRepository,
    private readonly users: UsersService,
    private readonly crypto: TenantCryptoService,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly realtime: RealtimeService,
    private readonly audit: AuditService,
  ) {}

  async create(body: CreateAccountRequest, ip: string): Promise<{ account: AccountDetail; invite: CreatedInvite }> {
    const ownerEmail = body.ownerEmail ?? body.email;
    await this.assertOwnerEmailFree(ownerEmail, body.ownerEmail ? 'ownerEmail' : 'email');
    if (!body.allowDuplicate) await this.refusePossibleDuplicate(body);
    const prepared = prepareInvite(this.env.CLIENT_APP_URL);
    const { account, invite } = await this.createWithSlug(body, { email: ownerEmail, tokenHash: prepared.tokenHash, expiresAt: prepared.expiresAt });
    await this.audit.record({ ...ADMIN_ACTOR, accountId: account.id, action: 'account.created', targetType: 'account', targetId: account.id, ip, metadata: { slug: account.slug, plan: account.plan } });
    // Created a moment ago with only an invite: nobody has signed up yet.
    return { account: { ...account, hasOwner: false }, invite: { invite, token: prepared.token, url: prepared.url } };
  }

  /**
   * An email names one user on the platform, so an owner email that already
   * has a user can never accept the invite: refused whatever allowDuplicate
   * says. The operator sees every tenant anyway, so the answer names it.
   */
  private async assertOwnerEmailFree(email: string, field: 'email' | 'ownerEmail'): Promise<void> {
    const holder = await this.repo.findAccountOfUserEmail(email);
    if (!holder) return;
    throw new ConflictError(
      `${email} is already a user of the tenant "${holder.name}" (${holder.slug}); an email belongs to one user on the platform, so the new tenant needs another owner email`,
      'email_in_use',
      [{ field, message: `already belongs to a user of the tenant "${holder.name}"`, account: accountRef(holder) }],
    );
  }

  /**
   * Two tenants with the same name or email are more often a double click or
   * a forgotten earlier one than two businesses: say which tenant it looks
   * like, and create it only when the request says it means it. Not a
   * constraint: two operators creating the same tenant at the same instant can
   * both pass.
   */
  private async refusePossibleDuplicate(body: CreateAccountRequest): Promise<void> {
    const emails: { field: 'email' | 'ownerEmail'; email: string }[] = [{ field: 'email', email: body.email }];
    if (body.ownerEmail && body.ownerEmail !== body.email) emails.push({ field: 'ownerEmail', email: body.ownerEmail });
    const found = await this.repo.findPossibleDuplicates(body.name, emails.map((e) => e.email));
    const details: ErrorDetail[] = [];
    const seen = new Set<string>();
    const add = (field: DuplicateTenantField, account: AccountRow, message: string) => {
      if (seen.has(`${field}:${account.id}`)) return;
      seen.add(`${field}:${account.id}`);
      details.push({ field, message, account: accountRef(account) });
    };
    for (const account of found.byName) add('name', account, `is the name of the tenant "${account.name}" (${account.slug})`);
    for (const { field, email } of emails) {
      for (const match of found.byEmail.filter((m) => m.email === email)) {
        add(field, match.account, `is the email of the tenant "${match.account.name}" (${match.account.slug}) or of its owner invite`);
      }
    }
    if (details.length === 0) return;
    const names = [...new Map(details.map((d) => [d.account?.id, `"${d.account?.name}" (${d.account?.slug})`])).values()].join(', ');
    throw new ConflictError(`This looks like an existing tenant: ${names}. Send allowDuplicate: true to create it anyway`, 'tenant_possible_duplicate', details);
  }

  /** A new owner invite for an account whose owner never signed up (the first one expired or was lost). */
  async reissueOwnerInvite(id: string, email: string | undefined, ip: string): Promise<CreatedInvite> {
    const account = await this.existing(id);
    if (account.closedAt) throw new ConflictError('This account is closed for good', 'account_closed');
    if (await this.repo.hasOwner(id)) throw new ConflictError('This account already has an owner; they can invite others from the dashboard', 'owner_exists');
    const created = await this.users.createInvite(id, email ?? account.email, 'owner', null);
    await this.audit.record({ ...ADMIN_ACTOR, accountId: id, action: 'account.owner_invite.reissued', targetType: 'invite', targetId: created.invite.id, ip });
    return created;
  }

  async list(query: ListAccountsQuery) {
    const rows = await this.repo.list({ q: query.q, status: query.status, after: decodeCursor(query.cursor), limit: query.limit + 1 });
    const page = toPage(rows, query.limit);
    const owned = await this.repo.withOwner(page.items.map((a) => a.id));
    return { items: page.items.map((a): AccountDetail => ({ ...a, hasOwner: owned.has(a.id) })), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<AccountDetail> {
    return this.detail(await this.existing(id));
  }

  async suspend(id: string, ip: string): Promise<AccountDetail> {
    return this.detail(await this.transition(id, ['active'], 'suspended', 'account.suspended', ip));
  }

  async reactivate(id: string, ip: string): Promise<AccountDetail> {
    return this.detail(await this.transition(id, ['suspended', 'cancelled'], 'active', 'account.reactivated', ip));
  }

  async cancel(id: string, ip: string): Promise<AccountDetail> {
    return this.detail(await this.transition(id, ['active', 'suspended'], 'cancelled', 'account.cancelled', ip));
  }

  /**
   * Closing for good destroys the tenant's data key (crypto-shredding; see
   * docs/SECURITY.md for what that means for older backups). The account is
   * marked closed first, so no new key or credential can appear after the key
   * is gone; if destroying the key fails, closing again finishes the job.
   */
  async close(id: string, confirmSlug: string, ip: string): Promise<AccountDetail> {
    const account = await this.existing(id);
    if (confirmSlug !== account.slug) throw new ValidationError('confirmSlug must repeat the account slug', [{ field: 'confirmSlug', message: 'does not match the account slug' }]);
    const closed = account.closedAt ? account : await this.repo.markClosed(id);
    this.realtime.disconnectAccount(id, 'cancelled');
    const destroyed = await this.crypto.destroyTenantKey(id);
    if (account.closedAt && !destroyed) throw new ConflictError('This account is already closed', 'account_closed');
    if (!closed) throw new ConflictError('This account is already closed', 'account_closed');
    await this.audit.record({ ...ADMIN_ACTOR, accountId: id, action: 'account.closed', targetType: 'account', targetId: id, ip, metadata: { cryptoShredded: true } });
    return this.detail(closed);
  }

  private async existing(id: string): Promise<AccountRow> {
    const account = await this.repo.findById(id);
    if (!account) throw new NotFoundError('Account');
    return account;
  }

  // Only the operator's answers carry it: /me reads the account on every dashboard load and needs no extra query.
  private async detail(account: AccountRow): Promise<AccountDetail> {
    return { ...account, hasOwner: await this.repo.hasOwner(account.id) };
  }

  private async transition(id: string, from: AccountStatus[], to: AccountStatus, action: string, ip: string): Promise<AccountRow> {
    const current = await this.existing(id);
    if (current.closedAt) throw new ConflictError('This account is closed for good', 'account_closed');
    if (!from.includes(current.status)) throw new ConflictError(`Cannot go from ${current.status} to ${to}`, 'invalid_transition');
    const updated = await this.repo.setStatus(id, from, to);
    if (!updated) throw new ConflictError('The account changed meanwhile; reload and try again', 'invalid_transition');
    if (to !== 'active') {
      await this.refreshTokens.revokeAllForAccount(id);
      // After the commit, so a socket being admitted right now either sees the new status or is already in the room.
      this.realtime.disconnectAccount(id, to);
    }
    await this.audit.record({ ...ADMIN_ACTOR, accountId: id, action, targetType: 'account', targetId: id, ip, metadata: { from: current.status, to } });
    return updated;
  }

  private async createWithSlug(body: CreateAccountRequest, invite: { email: string; tokenHash: string; expiresAt: Date }) {
    if (body.slug) {
      try {
        return await this.repo.createWithOwnerInvite({ name: body.name, slug: body.slug, email: body.email, plan: body.plan }, invite);
      } catch (e) {
        if (isUniqueViolation(e)) throw new ConflictError(`The slug "${body.slug}" is taken`, 'slug_taken');
        throw e;
      }
    }
    const base = slugify(body.name);
    for (let attempt = 0; attempt < 20; attempt++) {
      const slug = attempt === 0 ? base : `${base}-${Math.random().toString(36).slice(2, 7)}`;
      try {
        return await this.repo.createWithOwnerInvite({ name: body.name, slug, email: body.email, plan: body.plan }, invite);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
    }
    throw new ConflictError('Could not find a free slug; pass one explicitly', 'slug_taken');
  }
}
