import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ALLOW_OPERATOR, ALLOWED_ROLES, IS_PUBLIC } from '../common/auth/auth.decorators.js';
import { ForbiddenError, UnauthorizedError } from '../common/errors/domain-error.js';
import { AuthRepository } from './auth.repository.js';
import { accountInactive } from './auth.service.js';
import { sessionRevoked, TokenService, userRemoved } from './token.service.js';

/**
 * Global guard: every route needs a valid access token unless marked @Public.
 * For tenant users the user and the account's status are read on every request,
 * so a suspension, a removal or a password change (the token's credentials
 * stamp no longer matches the password hash) takes effect on the very next request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly repo: AuthRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    if (!header || !header.startsWith('Bearer ')) throw new UnauthorizedError('Authentication required: send "Authorization: Bearer <token>"');
    const claims = this.tokens.verify(header.slice('Bearer '.length).trim());
    const allowed = this.reflector.getAllAndOverride<string[] | undefined>(ALLOWED_ROLES, targets);
    const adminRoute = allowed?.includes('platform_admin') ?? false;

    if (claims.kind === 'platform_admin') {
      const operatorWelcome = adminRoute || this.reflector.getAllAndOverride<boolean>(ALLOW_OPERATOR, targets) === true;
      if (!operatorWelcome) throw new ForbiddenError('This route is for tenant users', 'tenant_users_only');
      request.principal = { kind: 'platform_admin', email: claims.email };
      return true;
    }
    if (adminRoute) throw new ForbiddenError('This route is for the platform operator', 'operator_only');
    const session = await this.repo.findSessionByUserId(claims.sub);
    // Distinct codes, so a dashboard can tell the person why they were signed out.
    if (!session || session.accountId !== claims.acc) throw userRemoved();
    if (session.accountStatus !== 'active') throw accountInactive(session.accountStatus);
    if (claims.cst !== this.tokens.userStamp(session.userId, session.passwordHash)) throw sessionRevoked();
    if (allowed && !allowed.includes(session.role)) throw new ForbiddenError(`Requires role ${allowed.join(' or ')}`);
    request.principal = { kind: 'user', userId: session.userId, accountId: session.accountId, role: session.role, email: session.email };
    return true;
  }
}
