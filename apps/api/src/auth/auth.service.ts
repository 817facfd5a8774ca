import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { TokenResponse } from '@prixagent/contracts';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';
import { AuditService } from '../audit/audit.service.js';
import { hashOpaqueToken, newOpaqueToken } from '../crypto/opaque-token.js';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError, type DomainError } from '../common/errors/domain-error.js';
import { AuthRepository, type SessionRow } from './auth.repository.js';
import { LoginThrottleService, type AttemptTicket } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { RefreshTokenRepository, type RefreshTokenRow } from './refresh-token.repository.js';
import { ADMIN_SUBJECT, sessionRevoked, TokenService, userRemoved } from './token.service.js';

/**
 * Two requests refreshing with the same token at once (two tabs, a retried
 * request) are not an attack: the loser gets a 401 but the family survives.
 * A used token seen again after this long is a replay and revokes the family.
 * Nothing is issued inside the window, so it grants an attacker nothing.
 */
const REUSE_GRACE_MS = 2_000;

function raceLost(): UnauthorizedError {
  return new UnauthorizedError('This refresh token was just used by a concurrent request; use the newer session', 'refresh_race');
}

export interface IssuedSession {
  body: TokenResponse;
  refreshToken: string;
  refreshExpiresAt: Date;
}

const isOperatorSubject = (subject: string): boolean => subject.startsWith(`${ADMIN_SUBJECT}:`);

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

@Injectable()
export class AuthService {

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repo: AuthRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
  ) {}

  async login(email: string, password: string, ip: string): Promise<IssuedSession> {
    const ticket = await this.admit(email, ip, 'auth.login.blocked');
    const session = await this.repo.findSessionByEmail(email);
    const ok = session ? await this.passwords.verify(session.passwordHash, password) : await this.passwords.verifyAgainstNothing(password);
    if (!session || !ok) {
      const locked = ticket.lockedSeconds;
      await this.audit.record({
        accountId: session?.accountId ?? null,
        actorType: 'anonymous',
        actorId: null,
        action: 'auth.login.failed',
        targetType: 'user',
        targetId: session?.userId ?? null,
        ip,
        metadata: { reason: session ? 'bad_password' : 'unknown_email', locked: locked !== null },
      });
      throw new UnauthorizedError('Email or password is incorrect', 'invalid_credentials');
    }
    if (session.accountStatus !== 'active') {
      await this.audit.record({
        accountId: session.accountId,
        actorType: 'user',
        actorId: session.userId,
        action: 'auth.login.refused',
        ip,
        metadata: { reason: `account_${session.accountStatus}` },
      });
      throw accountInactive(session.accountStatus);
    }
    await this.throttle.succeeded(email, ip);
    await this.audit.record({ accountId: session.accountId, actorType: 'user', actorId: session.userId, action: 'auth.login.succeeded', ip });
    return this.issueForUser(session, randomUUID());
  }

  async adminLogin(email: string, password: string, ip: string): Promise<IssuedSession> {
    await this.admit(email, ip, 'auth.admin_login.blocked');
    // Both comparisons always run, over fixed-length digests, so timing says nothing.
    const emailOk = timingSafeEqual(sha256(email), sha256(this.env.ADMIN_EMAIL));
    const passwordOk = timingSafeEqual(sha256(password), sha256(this.env.ADMIN_PASSWORD));
    if (!(emailOk && passwordOk)) {
      await this.audit.record({ accountId: null, actorType: 'anonymous', actorId: null, action: 'auth.admin_login.failed', ip });
      throw new UnauthorizedError('Email or password is incorrect', 'invalid_credentials');
    }
    await this.throttle.succeeded(email, ip);
    await this.audit.record({ accountId: null, actorType: 'platform_admin', actorId: ADMIN_SUBJECT, action: 'auth.admin_login.succeeded', ip });
    return this.issueForAdmin(randomUUID());
  }

  /**
   * Rotates the refresh token. A token used twice revokes its whole family.
   * No token at all is no session, not an error: null (the route answers 204).
   */
  async refresh(refreshToken: string | undefined, ip: string): Promise<IssuedSession | null> {
    if (!refreshToken) return null;
    const row = await this.refreshTokens.findByHash(hashOpaqueToken(refreshToken));
    if (!row) throw new UnauthorizedError('Invalid refresh token', 'refresh_invalid');
    if (row.rotatedAt && !row.revokedAt && Date.now() - row.rotatedAt.getTime() < REUSE_GRACE_MS) throw raceLost();
    if (row.rotatedAt) {
      const revoked = await this.refreshTokens.revokeFamily(row.familyId);
      const operator = isOperatorSubject(row.subject);
      await this.audit.record({
        accountId: row.accountId,
        actorType: operator ? 'platform_admin' : 'user',
        actorId: operator ? ADMIN_SUBJECT : row.subject,
        action: 'auth.refresh.reuse_detected',
        ip,
        metadata: { familyRevokedTokens: revoked },
      });
      throw new UnauthorizedError('Refresh token was already used; sign in again', 'refresh_reused');
    }
    if (row.revokedAt) throw await this.whyRevoked(row);
    if (row.expiresAt.getTime() <= Date.now()) throw new UnauthorizedError('Refresh token expired; sign in again', 'refresh_expired');

    if (isOperatorSubject(row.subject)) {
      if (row.subject !== this.tokens.adminSubject) {
        await this.refreshTokens.revokeFamily(row.familyId);
        throw sessionRevoked('The operator credentials changed; sign in again');
      }
      const issued = this.buildAdmin(row.familyId);
      if (!(await this.refreshTokens.rotate(row.id, issued.record))) throw raceLost();
      return issued.session;
    }
    const session = row.userId ? await this.repo.findSessionByUserId(row.userId) : null;
    if (!session) {
      await this.refreshTokens.revokeFamily(row.familyId);
      throw userRemoved();
    }
    if (session.accountStatus !== 'active') {
      await this.refreshTokens.revokeFamily(row.familyId);
      throw accountInactive(session.accountStatus);
    }
    const issued = this.buildUser(session, row.familyId);
    if (!(await this.refreshTokens.rotate(row.id, issued.record))) throw raceLost();
    return issued.session;
  }

  /**
   * A revoked token that was never rotated is a session ended on purpose, not a
   * replay: say why, so the person is told something true. Removing a user
   * keeps its revoked tokens (detached from the user row) for exactly this.
   */
  private async whyRevoked(row: RefreshTokenRow): Promise<DomainError> {
    if (isOperatorSubject(row.subject)) return sessionRevoked();
    const session = row.userId ? await this.repo.findSessionByUserId(row.userId) : null;
    if (!session) return userRemoved();
    if (session.accountStatus !== 'active') return accountInactive(session.accountStatus);
    return sessionRevoked();
  }

  async logout(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const row = await this.refreshTokens.findByHash(hashOpaqueToken(refreshToken));
    if (row) await this.refreshTokens.revokeFamily(row.familyId);
  }

  issueForUser(session: SessionRow, familyId: string): Promise<IssuedSession> {
    const issued = this.buildUser(session, familyId);
    return this.refreshTokens.create(issued.record).then(() => issued.session);
  }

  private issueForAdmin(familyId: string): Promise<IssuedSession> {
    const issued = this.buildAdmin(familyId);
    return this.refreshTokens.create(issued.record).then(() => issued.session);
  }

  /** Counts the attempt; a locked email or address gets 429, and the refused attempt is audited too. */
  private async admit(email: string, ip: string, action: string): Promise<AttemptTicket> {
    try {
      return await this.throttle.admit(email, ip);
    } catch (e) {
      if (e instanceof TooManyRequestsError) {
        await this.audit.record({ accountId: null, actorType: 'anonymous', actorId: null, action, ip, metadata: { retryAfterSeconds: e.retryAfterSeconds ?? null } });
      }
      throw e;
    }
  }

  private buildUser(session: SessionRow, familyId: string) {
    const accessToken = this.tokens.sign({
      kind: 'user',
      sub: session.userId,
      acc: session.accountId,
      role: session.role,
      email: session.email,
      cst: this.tokens.userStamp(session.userId, session.passwordHash),
    });
    return this.build(accessToken, familyId, {
      accountId: session.accountId,
      userId: session.userId,
      subject: session.userId,
      user: { id: session.userId, email: session.email, name: session.name, role: session.role, accountId: session.accountId },
    });
  }

  private buildAdmin(familyId: string) {
    const accessToken = this.tokens.sign({ kind: 'platform_admin', sub: ADMIN_SUBJECT, email: this.env.ADMIN_EMAIL, cst: this.tokens.adminStamp });
    return this.build(accessToken, familyId, {
      accountId: null,
      userId: null,
      subject: this.tokens.adminSubject,
      user: { id: ADMIN_SUBJECT, email: this.env.ADMIN_EMAIL, name: 'Platform operator', role: 'platform_admin', accountId: null },
    });
  }

  private build(
    accessToken: string,
    familyId: string,
    who: { accountId: string | null; userId: string | null; subject: string; user: TokenResponse['user'] },
  ) {
    const { token: refreshToken, tokenHash } = newOpaqueToken();
    const refreshExpiresAt = new Date(Date.now() + this.env.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    return {
      record: { tokenHash, familyId, accountId: who.accountId, userId: who.userId, subject: who.subject, expiresAt: refreshExpiresAt },
      session: {
        body: { accessToken, tokenType: 'Bearer' as const, expiresIn: this.tokens.ttlSeconds, user: who.user },
        refreshToken,
        refreshExpiresAt,
      },
    };
  }
}

export function accountInactive(status: string): ForbiddenError {
  return new ForbiddenError(
    status === 'suspended' ? 'This account is suspended; contact support' : 'This account is closed',
    status === 'suspended' ? 'account_suspended' : 'account_cancelled',
  );
}
