import { sessionEndCodes } from '@prixagent/contracts';
import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/i18n.js';
import { uiMessages } from '../i18n/ui-messages.js';
import { REFRESH_MISSING_REASON } from './session-store.js';
import { signedOutReasonKey } from './signed-out-reason.js';

describe('signedOutReasonKey', () => {
  it('has no text when there is no reason', () => {
    expect(signedOutReasonKey(null)).toBeNull();
  });

  it('names each reason the session store can keep, in both languages', () => {
    for (const code of [...sessionEndCodes, REFRESH_MISSING_REASON]) {
      const key = signedOutReasonKey(code);
      expect(key).toBe(`signedOut.${code}`);
      if (!key) continue;
      for (const lang of ['en', 'es'] as const) expect(uiMessages[lang][key], `${lang} ${key}`).toBeTruthy();
    }
  });

  it('falls back to a generic text for a code it does not know', () => {
    expect(signedOutReasonKey('refresh_race')).toBe('signedOut.generic');
    expect(signedOutReasonKey('toString')).toBe('signedOut.generic');
    expect(translate(uiMessages.en, 'signedOut.generic')).toBe('Your session has ended. Sign in again.');
    expect(translate(uiMessages.es, 'signedOut.user_removed')).toMatch(/eliminado de esta cuenta/);
  });
});
