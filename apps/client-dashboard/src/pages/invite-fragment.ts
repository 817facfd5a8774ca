import { acceptInviteRequestSchema } from '@prixagent/contracts';

/**
 * The invite token from an invite link's fragment (`/accept-invite#token=…`,
 * as the API builds it). The fragment never reaches a server, a proxy log or a
 * Referer, which is why the token travels there rather than in the query.
 */
export function inviteTokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token')?.trim();
  return token ? token : null;
}

/** Whether a token has the shape the API accepts; a cut-off link fails here, before any request. */
export function isWellFormedInviteToken(token: string): boolean {
  return acceptInviteRequestSchema.shape.token.safeParse(token).success;
}
