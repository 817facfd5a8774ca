import type { SessionEndCode } from '@prixagent/contracts';
import type { UiKey } from '../i18n/ui-messages.js';
import type { REFRESH_MISSING_REASON } from './session-store.js';

/** The reasons that have a text of their own (every session-end code of the API has one); any other code gets `signedOut.generic`. */
const REASON_KEYS = {
  account_suspended: 'signedOut.account_suspended',
  account_cancelled: 'signedOut.account_cancelled',
  user_removed: 'signedOut.user_removed',
  session_revoked: 'signedOut.session_revoked',
  refresh_reused: 'signedOut.refresh_reused',
  refresh_expired: 'signedOut.refresh_expired',
  refresh_invalid: 'signedOut.refresh_invalid',
  refresh_missing: 'signedOut.refresh_missing',
} as const satisfies Record<SessionEndCode | typeof REFRESH_MISSING_REASON, UiKey>;

function hasOwnText(code: string): code is keyof typeof REASON_KEYS {
  return Object.hasOwn(REASON_KEYS, code);
}

/**
 * The text key for `useSession().signedOutReason`: null when there is no
 * reason to show (never signed in, or signed out on purpose), the reason's own
 * text when it has one, and a generic "your session has ended" otherwise.
 */
export function signedOutReasonKey(code: string | null): UiKey | null {
  if (code === null) return null;
  return hasOwnText(code) ? REASON_KEYS[code] : 'signedOut.generic';
}
