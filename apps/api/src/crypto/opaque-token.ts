import { createHash, randomBytes } from 'node:crypto';

/**
 * Opaque bearer tokens (refresh tokens, invite links, realtime tickets): 32
 * random bytes in base64url (43 characters), stored only as their SHA-256.
 */
export function newOpaqueToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashOpaqueToken(token) };
}

/** What is stored and looked up in place of the token: its SHA-256, hex. */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
