import { createHash, randomBytes } from 'node:crypto';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function newInviteToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashInviteToken(token) };
}

export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token travels in the fragment, which browsers never send to a server or a log. */
export function inviteUrl(clientAppUrl: string, token: string): string {
  return `${clientAppUrl.replace(/\/$/, '')}/accept-invite#token=${token}`;
}
