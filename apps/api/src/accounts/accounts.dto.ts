import { createZodDto } from 'nestjs-zod';
import {
  accountPageSchema,
  accountSchema,
  closeAccountRequestSchema,
  createAccountRequestSchema,
  createAccountResponseSchema,
  inviteLinkSchema,
  listAccountsQuerySchema,
  reissueOwnerInviteRequestSchema,
  type Account,
} from '@prixagent/contracts';
import type { AccountDetail } from './accounts.repository.js';

export class CreateAccountDto extends createZodDto(createAccountRequestSchema) {}
export class CreateAccountResponseDto extends createZodDto(createAccountResponseSchema) {}
export class ListAccountsQueryDto extends createZodDto(listAccountsQuerySchema) {}
export class AccountPageDto extends createZodDto(accountPageSchema) {}
export class AccountDto extends createZodDto(accountSchema) {}
export class ReissueOwnerInviteDto extends createZodDto(reissueOwnerInviteRequestSchema) {}
export class InviteLinkDto extends createZodDto(inviteLinkSchema) {}
export class CloseAccountDto extends createZodDto(closeAccountRequestSchema) {}

export function toAccount(row: AccountDetail): Account {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    email: row.email,
    status: row.status,
    plan: row.plan,
    closedAt: row.closedAt?.toISOString() ?? null,
    hasOwner: row.hasOwner,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
