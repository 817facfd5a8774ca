import { ApiError } from '@prixagent/ui';

/** The API refused the link itself: no field the person can fix, only a new invite helps. */
export function isLinkRefused(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'invite_invalid' || (error.code === 'validation_failed' && error.details.some((d) => d.field === 'token')));
}

/**
 * The API will not take this invite, and asking again will not change that:
 * the link is unusable, its account inactive, or its email already has a user.
 * No answer, a server error or a rate limit (429) may pass, so those are not.
 */
export function isFinalRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
}
