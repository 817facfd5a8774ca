import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@prixagent/contracts';
import { UnauthorizedError } from '../errors/domain-error.js';
import type { AdminPrincipal, Principal, TenantPrincipal } from './principal.js';

export const IS_PUBLIC = 'prixagent:public';
export const ALLOWED_ROLES = 'prixagent:roles';
export const LOGIN_LIMITED = 'prixagent:login-limited';
export const ALLOW_OPERATOR = 'prixagent:allow-operator';

/** No access token needed. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Tenant users with one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_ROLES, roles);

/** The platform operator only. */
export const PlatformAdmin = (): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_ROLES, ['platform_admin']);

/**
 * Tenant users (any role) and the platform operator alike. Rare on purpose:
 * only for routes that serve each caller its own thing (a realtime ticket for
 * the caller's own room), never tenant data.
 */
export const TenantOrOperator = (): MethodDecorator & ClassDecorator => SetMetadata(ALLOW_OPERATOR, true);

/** Counts against the stricter login rate limit as well as the default one. */
export const LoginRateLimited = (): MethodDecorator & ClassDecorator => SetMetadata(LOGIN_LIMITED, true);

function principalOf(ctx: ExecutionContext): Principal {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new UnauthorizedError();
  return principal;
}

export const CurrentTenant = createParamDecorator((_: unknown, ctx: ExecutionContext): TenantPrincipal => {
  const principal = principalOf(ctx);
  if (principal.kind !== 'user') throw new UnauthorizedError('A tenant user token is required');
  return principal;
});

/** Whoever the guard let in, tenant user or operator (routes marked @TenantOrOperator). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => principalOf(ctx));

export const CurrentAdmin = createParamDecorator((_: unknown, ctx: ExecutionContext): AdminPrincipal => {
  const principal = principalOf(ctx);
  if (principal.kind !== 'platform_admin') throw new UnauthorizedError('An operator token is required');
  return principal;
});

/** Client address as Fastify resolved it under TRUST_PROXY. */
export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest<FastifyRequest>().ip);
