import { z } from 'zod';
import { emailSchema, plainText } from './common.js';
import { roleSchema } from './auth.js';

export const memberSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

/** PATCH /api/v1/me: what a signed-in user may change about themselves (the same rules as the name given when accepting an invite). */
export const updateProfileRequestSchema = z.object({
  name: plainText(120).min(1, { message: 'is required' }),
});
export type UpdateProfileRequest = z.infer<typeof updateProfileRequestSchema>;

export const meResponseSchema = z.object({
  user: memberSchema,
  account: z.object({ id: z.string(), name: z.string(), slug: z.string(), status: z.string(), plan: z.string() }),
});

export const teamResponseSchema = z.object({
  members: z.array(memberSchema),
  pendingInvites: z.array(
    z.object({ id: z.string(), email: z.string(), role: roleSchema, expiresAt: z.string(), createdAt: z.string() }),
  ),
});

export const inviteMemberRequestSchema = z.object({
  email: emailSchema,
  // Ownership is transferred, not invited.
  role: z.enum(['admin', 'member']).default('member'),
});
export type InviteMemberRequest = z.infer<typeof inviteMemberRequestSchema>;

export const inviteCreatedResponseSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  token: z.string(),
  url: z.string(),
  expiresAt: z.string(),
});

export const updateRoleRequestSchema = z.object({
  role: z.enum(['admin', 'member']),
});
