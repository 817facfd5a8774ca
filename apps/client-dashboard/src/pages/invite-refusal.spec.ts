import { ApiError } from '@prixagent/ui';
import { describe, expect, it } from 'vitest';
import { isFinalRefusal, isLinkRefused } from './invite-refusal';

const invalid = new ApiError(401, 'invite_invalid', 'This invite link is invalid, used or expired; ask for a new one');
const cutToken = new ApiError(400, 'validation_failed', 'token is not a valid invite token', [{ field: 'token', message: 'is not a valid invite token' }]);

describe('isLinkRefused', () => {
  it('is the API refusing the link itself, whichever route said it', () => {
    expect(isLinkRefused(invalid)).toBe(true);
    expect(isLinkRefused(cutToken)).toBe(true);
  });

  it('is not a problem with another field, the account or the email', () => {
    expect(isLinkRefused(new ApiError(400, 'validation_failed', 'name is required', [{ field: 'name', message: 'is required' }]))).toBe(false);
    expect(isLinkRefused(new ApiError(403, 'account_suspended', 'suspended'))).toBe(false);
    expect(isLinkRefused(new ApiError(409, 'email_in_use', 'taken'))).toBe(false);
    expect(isLinkRefused(new Error('boom'))).toBe(false);
  });
});

describe('isFinalRefusal', () => {
  it('holds for answers that asking again will not change', () => {
    for (const error of [invalid, cutToken, new ApiError(403, 'account_cancelled', 'closed'), new ApiError(409, 'email_in_use', 'taken')]) {
      expect(isFinalRefusal(error), error.code).toBe(true);
    }
  });

  it('does not hold for no answer, a server error or a rate limit: those deserve a retry', () => {
    for (const error of [new ApiError(0, 'network_error', 'Failed to fetch'), new ApiError(502, 'internal_error', 'HTTP 502'), new ApiError(429, 'too_many_requests', 'slow down', [], 30)]) {
      expect(isFinalRefusal(error), error.code).toBe(false);
    }
    expect(isFinalRefusal(new Error('boom'))).toBe(false);
  });
});
