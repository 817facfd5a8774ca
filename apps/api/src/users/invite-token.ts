import { newOpaqueToken } from '../crypto/opaque-token.js';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface PreparedInvite {
  token: string;
  tokenHash: string;
  expiresAt: Date;
  url: string;
}

/** A fresh single-use token, its hash (the only thing stored) and the link shown once. */
export function prepareInvite(clientAppUrl: string): PreparedInvite {
  const { token, tokenHash } = newOpaqueToken();
  return { token, tokenHash, expiresAt: new Date(Date.now() + INVITE_TTL_MS), url: inviteUrl(clientAppUrl, token) };
}

/** The token travels in the fragment, which browsers never send to a server or a log. */
export function inviteUrl(clientAppUrl: string, token: string): string {
  return `${clientAppUrl.replace(/\/$/, '')}/accept-invite#token=${token}`;
}
