import type { Role } from '@prixagent/contracts';

export type TenantPrincipal = {
  kind: 'user';
  userId: string;
  accountId: string;
  role: Role;
  email: string;
};

export type AdminPrincipal = {
  kind: 'platform_admin';
  email: string;
};

export type Principal = TenantPrincipal | AdminPrincipal;

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
