import { createZodDto } from 'nestjs-zod';
import {
  idParamSchema,
  inviteCreatedResponseSchema,
  inviteMemberRequestSchema,
  meResponseSchema,
  memberSchema,
  teamResponseSchema,
  updateProfileRequestSchema,
  updateRoleRequestSchema,
  type Member,
} from '@prixagent/contracts';
import type { UserRow } from './users.repository.js';

export class IdParamDto extends createZodDto(idParamSchema) {}
export class MeResponseDto extends createZodDto(meResponseSchema) {}
export class TeamResponseDto extends createZodDto(teamResponseSchema) {}
export class MemberDto extends createZodDto(memberSchema) {}
export class InviteMemberDto extends createZodDto(inviteMemberRequestSchema) {}
export class InviteCreatedDto extends createZodDto(inviteCreatedResponseSchema) {}
export class UpdateRoleDto extends createZodDto(updateRoleRequestSchema) {}
export class UpdateProfileDto extends createZodDto(updateProfileRequestSchema) {}

export function toMember(row: UserRow): Member {
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.createdAt.toISOString() };
}
