import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AcceptInviteRequest, ChangePasswordRequest, InviteMemberRequest, Role, UpdateProfileRequest } from '@prixagent/contracts';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';
import { AuditService } from '../audit/audit.service.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { AuthService, accountInactive, type IssuedSession } from '../auth/auth.service.js';
import { PasswordService } from '../auth/password.service.js';
import type { TenantPrincipal } from '../common/auth/principal.js';
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../common/errors/domain-error.js';
import { hashOpaqueToken } from '../crypto/opaque-token.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { prepareInvite } from './invite-token.js';
import { isUniqueViolation, UsersRepository, type InviteRow, type InviteWithAccount, type UserRow } from './users.repository.js';

function inviteInvalid(): UnauthorizedError {
  return new UnauthorizedError('This invite link is invalid, used or expired; ask for a new one', 'invite_invalid');
}

export interface CreatedInvite {
  invite: InviteRow;
  token: string;
  url: string;
}

@Injectable()
export class UsersService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repo: UsersRepository,
    private readonly accounts: AccountsRepository,
    private readonly passwords: PasswordService,
    private readonly auth: AuthService,
    private readonly realtime: RealtimeService,
    private readonly audit: AuditService,
  ) {}

  async me(principal: TenantPrincipal) {
    const [user, account] = await Promise.all([this.repo.findInAccount(principal.accountId, principal.userId), this.accounts.findById(principal.accountId)]);
    if (!user || !account) throw new NotFoundError('User');
    return { user, account };
  }

  /** A user's own profile; the audit event names the fields, never their values. */
  async updateProfile(principal: TenantPrincipal, body: UpdateProfileRequest, ip: string): Promise<UserRow> {
    const updated = await this.repo.updateName(principal.accountId, principal.userId, body.name);
    if (!updated) throw new NotFoundError('User');
    await this.audit.record({ accountId: principal.accountId, actorType: 'user', actorId: principal.userId, action: 'user.profile.updated', targetType: 'user', targetId: principal.userId, ip, metadata: { fields: 'name' } });
    return updated;
  }

  async team(principal: TenantPrincipal) {
    const [members, invites] = await Promise.all([this.repo.listMembers(principal.accountId), this.repo.listPendingInvites(principal.accountId, new Date())]);
    return { members, invites };
  }

  async assertEmailFree(email: string): Promise<void> {
    if (await this.repo.emailTaken(email)) throw new ConflictError('A user with this email already exists', 'email_in_use');
  }

  /** Used by owners/admins (team invites) and the operator (a new owner invite). */
  async createInvite(accountId: string, email: string, role: Role, createdById: string | null): Promise<CreatedInvite> {
    await this.assertEmailFree(email);
    const prepared = prepareInvite(this.env.CLIENT_APP_URL);
    const invite = await this.repo.replaceInvite({ accountId, email, role, tokenHash: prepared.tokenHash, expiresAt: prepared.expiresAt, createdById });
    return { invite, token: prepared.token, url: prepared.url };
  }

  async inviteMember(principal: TenantPrincipal, body: InviteMemberRequest, ip: string): Promise<CreatedInvite> {
    if (body.role === 'admin' && principal.role !== 'owner') throw new ForbiddenError('Only the owner can invite admins');
    const created = await this.createInvite(principal.accountId, body.email, body.role, principal.userId);
    await this.audit.record({ accountId: principal.accountId, actorType: 'user', actorId: principal.userId, action: 'team.invite.created', targetType: 'invite', targetId: created.invite.id, ip, metadata: { role: body.role } });
    return created;
  }

  async revokeInvite(principal: TenantPrincipal, inviteId: string, ip: string): Promise<void> {
    if (!(await this.repo.revokeInvite(principal.accountId, inviteId))) throw new NotFoundError('Invite');
    await this.audit.record({ accountId: principal.accountId, actorType: 'user', actorId: principal.userId, action: 'team.invite.revoked', targetType: 'invite', targetId: inviteId, ip });
  }

  async updateRole(principal: TenantPrincipal, userId: string, role: 'admin' | 'member', ip: string): Promise<UserRow> {
    const target = await this.modifiableMember(principal, userId);
    if (role === 'admin' && principal.role !== 'owner') throw new ForbiddenError('Only the owner can make admins');
    const updated = await this.repo.updateRole(principal.accountId, target.id, target.role, role);
    if (!updated) throw new ConflictError('The member changed meanwhile; reload and try again', 'conflict');
    await this.audit.record({ accountId: principal.accountId, actorType: 'user', actorId: principal.userId, action: 'team.member.role_changed', targetType: 'user', targetId: target.id, ip, metadata: { from: target.role, to: role } });
    return updated;
  }

  async removeMember(principal: TenantPrincipal, userId: string, ip: string): Promise<void> {
    const target = await this.modifiableMember(principal, userId);
    if (!(await this.repo.remove(principal.accountId, target.id, target.role))) throw new ConflictError('The member changed meanwhile; reload and try again', 'conflict');
    this.realtime.disconnectUser(target.id);
    await this.audit.record({ accountId: principal.accountId, actorType: 'user', actorId: principal.userId, action: 'team.member.removed', targetType: 'user', targetId: target.id, ip });
  }

  /**
   * Every other session of the user ends: its refresh tokens are revoked, and
   * its access tokens stop at their next request, since their credentials
   * stamp was made from the old password hash. The session that asked carries
   * on with the fresh session this returns (a new login family).
   */
  async changePassword(principal: TenantPrincipal, body: ChangePasswordRequest, ip: string): Promise<IssuedSession> {
    const current = await this.repo.findPasswordHash(principal.accountId, principal.userId);
    if (!current || !(await this.passwords.verify(current, body.currentPassword))) {
      throw new ValidationError('currentPassword is incorrect', [{ field: 'currentPassword', message: 'is incorrect' }]);
    }
    const passwordHash = await this.passwords.hash(body.newPassword);
    await this.repo.setPasswordHashAndRevokeSessions(principal.accountId, principal.userId, passwordHash);
    // Sockets carry no session of their own: all close (4401), and this session's dashboard reconnects with a new ticket.
    this.realtime.disconnectUser(principal.userId);
    await this.audit.record({ accountId: principal.accountId, actorType: 'user', actorId: principal.userId, action: 'auth.password.changed', targetType: 'user', targetId: principal.userId, ip });
    const user = await this.repo.findInAccount(principal.accountId, principal.userId);
    if (!user) throw new NotFoundError('User');
    return this.auth.issueForUser(
      { userId: user.id, accountId: user.accountId, email: user.email, name: user.name, role: user.role, passwordHash, accountStatus: 'active' },
      randomUUID(),
    );
  }

  /**
   * What an invite is for, answered with exactly the checks accepting it makes
   * before it writes anything, so the page can tell at once what accepting
   * would say. Writes nothing (no audit event either): it reveals no more than
   * a failed accept with the same token would.
   */
  inspectInvite(token: string): Promise<InviteWithAccount> {
    return this.usableInvite(token);
  }

  async acceptInvite(body: AcceptInviteRequest, ip: string): Promise<IssuedSession> {
    const invite = await this.usableInvite(body.token);
    const passwordHash = await this.passwords.hash(body.password);
    let user: UserRow | null;
    try {
      user = await this.repo.acceptInvite(invite.id, { accountId: invite.accountId, email: invite.email, name: body.name, role: invite.role, passwordHash });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('A user with this email already exists', 'email_in_use');
      throw e;
    }
    if (!user) throw inviteInvalid();
    await this.audit.record({ accountId: user.accountId, actorType: 'user', actorId: user.id, action: 'team.invite.accepted', targetType: 'invite', targetId: invite.id, ip, metadata: { role: user.role } });
    return this.auth.issueForUser(
      { userId: user.id, accountId: user.accountId, email: user.email, name: user.name, role: user.role, passwordHash, accountStatus: 'active' },
      randomUUID(),
    );
  }

  /**
   * The invite a token names, if it can be accepted. Unknown, used, withdrawn
   * and expired tokens get one and the same answer, so nobody learns which.
   */
  private async usableInvite(token: string): Promise<InviteWithAccount> {
    const invite = await this.repo.findInviteByTokenHash(hashOpaqueToken(token));
    if (!invite || invite.acceptedAt || invite.revokedAt || invite.expiresAt.getTime() <= Date.now()) throw inviteInvalid();
    if (invite.accountStatus !== 'active') throw accountInactive(invite.accountStatus);
    await this.assertEmailFree(invite.email);
    return invite;
  }

  /** Another account's user is simply not found; the owner and oneself are off limits. */
  private async modifiableMember(principal: TenantPrincipal, userId: string): Promise<UserRow> {
    const target = await this.repo.findInAccount(principal.accountId, userId);
    if (!target) throw new NotFoundError('Member');
    if (target.id === principal.userId) throw new ConflictError('You cannot change or remove yourself here', 'self_modification');
    if (target.role === 'owner') throw new ForbiddenError('The owner cannot be changed or removed');
    if (target.role === 'admin' && principal.role !== 'owner') throw new ForbiddenError('Only the owner can change or remove admins');
    return target;
  }
}
