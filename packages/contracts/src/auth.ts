import { z } from 'zod';
import { emailSchema, passwordSchema, plainText } from './common.js';

export const roleSchema = z.enum(['owner', 'admin', 'member']);
export type Role = z.infer<typeof roleSchema>;

export const loginRequestSchema = z.object({
  email: emailSchema,
  // Login accepts any non-empty password: the policy applies when one is set.
  password: z.string().min(1, { message: 'is required' }).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const sessionUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['owner', 'admin', 'member', 'platform_admin']),
  accountId: z.string().nullable(),
});

export const tokenResponseSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
  user: sessionUserSchema,
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1, { message: 'is required' }).max(256),
  newPassword: passwordSchema,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

export const acceptInviteRequestSchema = z.object({
  token: z.string().min(20, { message: 'is not a valid invite token' }).max(200),
  name: plainText(120).min(1, { message: 'is required' }),
  password: passwordSchema,
});
export type AcceptInviteRequest = z.infer<typeof acceptInviteRequestSchema>;
