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

/**
 * `POST /api/v1/auth/refresh` answers 204 No Content, not an error, when the
 * request carries no refresh cookie: there is simply no session to restore
 * (a browser logs every 4xx as a console error). A cookie that is present but
 * unusable still answers 401 (or 403 for an inactive account).
 */
export const REFRESH_NO_SESSION_STATUS = 204;

/**
 * The API's codes that mean "this session is over; sign in again", with why.
 * A dashboard signs out on any of them and keeps the code to say why.
 */
export const sessionEndCodes = [
  /** 403: the tenant was suspended by the operator. */
  'account_suspended',
  /** 403: the tenant was cancelled or closed. */
  'account_cancelled',
  /** 401: the user was removed from the account. */
  'user_removed',
  /** 401: the session was ended: the password changed (on another device), or the session was revoked. */
  'session_revoked',
  /** 401: the refresh token was used twice; the whole login was revoked as a precaution. */
  'refresh_reused',
  /** 401: the session outlived REFRESH_TOKEN_TTL_DAYS. */
  'refresh_expired',
  /** 401: the refresh cookie names no session. */
  'refresh_invalid',
] as const;
export type SessionEndCode = (typeof sessionEndCodes)[number];

export function isSessionEndCode(code: string): code is SessionEndCode {
  return (sessionEndCodes as readonly string[]).includes(code);
}

export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1, { message: 'is required' }).max(256),
  newPassword: passwordSchema,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

/** The token of an invite link (from its `#token=` fragment); a cut-off link fails here, before any lookup. */
// Exactly what the API issues (32 random bytes, base64url: apps/api/src/crypto/opaque-token.ts),
// so a link cut short in an email or a chat is refused before any request is made.
export const inviteTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: 'is not a valid invite token' });

export const acceptInviteRequestSchema = z.object({
  token: inviteTokenSchema,
  name: plainText(120).min(1, { message: 'is required' }),
  password: passwordSchema,
});
export type AcceptInviteRequest = z.infer<typeof acceptInviteRequestSchema>;

// A POST body rather than a path or query, so the token never reaches an access log or the history.
export const inspectInviteRequestSchema = z.object({
  token: inviteTokenSchema,
});
export type InspectInviteRequest = z.infer<typeof inspectInviteRequestSchema>;

/** What a usable invite is for, so the accept page can say it before asking for anything. */
export const inspectInviteResponseSchema = z.object({
  accountName: z.string(),
  email: z.string(),
  role: roleSchema,
  expiresAt: z.string(),
});
export type InspectInviteResponse = z.infer<typeof inspectInviteResponseSchema>;
