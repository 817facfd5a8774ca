import { describe, expect, it } from 'vitest';
import { acceptInviteRequestSchema, inspectInviteRequestSchema, inspectInviteResponseSchema, isSessionEndCode, sessionEndCodes } from './auth.js';

const token = 'n9xMbGqMc_-R4ABGmcbetuAaZKlNlWg4QhKHjMzh5Jc';

describe('invite inspection', () => {
  it('takes the token on the same terms as accepting it, so a link either route refuses is refused by both', () => {
    for (const candidate of [token, 'x'.repeat(43), token.slice(0, -5), `${token}x`, `${token.slice(0, -1)}=`, 'x'.repeat(201), '']) {
      expect(inspectInviteRequestSchema.safeParse({ token: candidate }).success, candidate).toBe(
        acceptInviteRequestSchema.safeParse({ token: candidate, name: 'Ada', password: 'a-long-passphrase' }).success,
      );
    }
    expect(inspectInviteRequestSchema.safeParse({ token }).success).toBe(true);
    // A link cut short (the last characters lost) is not a token.
    expect(inspectInviteRequestSchema.safeParse({ token: token.slice(0, -5) }).success).toBe(false);
    expect(inspectInviteRequestSchema.safeParse({ token: token.slice(0, 10) }).error?.issues[0]?.path).toEqual(['token']);
  });

  it('answers with the account, email and role of the invite, a tenant role only', () => {
    const answer = { accountName: 'Acme Voice', email: 'owner@acme.example', role: 'owner', expiresAt: '2026-11-30T05:32:56.331Z' };
    expect(inspectInviteResponseSchema.safeParse(answer).success).toBe(true);
    expect(inspectInviteResponseSchema.safeParse({ ...answer, role: 'platform_admin' }).success).toBe(false);
    expect(inspectInviteResponseSchema.safeParse({ ...answer, accountName: undefined }).success).toBe(false);
  });
});

describe('session end codes', () => {
  it('lists the refusals that end a session, and nothing a retry or a refresh can fix', () => {
    expect(sessionEndCodes).toContain('user_removed');
    expect(sessionEndCodes).toContain('account_suspended');
    expect(isSessionEndCode('session_revoked')).toBe(true);
    for (const code of ['refresh_race', 'token_expired', 'invalid_token', 'network_error', 'forbidden', 'invalid_credentials']) {
      expect(isSessionEndCode(code), code).toBe(false);
    }
  });
});
