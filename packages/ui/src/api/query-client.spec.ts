import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { createDashboardQueryClient, shouldRetryQuery } from './query-client.js';

describe('shouldRetryQuery', () => {
  const transient = [new ApiError(0, 'network_error', 'Failed to fetch'), new ApiError(502, 'internal_error', 'HTTP 502'), new ApiError(503, 'internal_error', 'HTTP 503'), new ApiError(504, 'provider_timeout', 'x')];

  it('tries once more when the API was not there to answer (restarting, behind the proxy)', () => {
    for (const error of transient) expect(shouldRetryQuery(0, error), `${error.status}`).toBe(true);
  });

  it('tries only once: the second failure is shown', () => {
    for (const error of transient) expect(shouldRetryQuery(1, error), `${error.status}`).toBe(false);
  });

  it('never retries what the API answered: a 4xx, or a 500 (a bug does not pass by itself)', () => {
    for (const error of [
      new ApiError(400, 'validation_failed', 'x'),
      new ApiError(401, 'token_expired', 'x'),
      new ApiError(403, 'account_suspended', 'x'),
      new ApiError(404, 'not_found', 'x'),
      new ApiError(409, 'conflict', 'x'),
      new ApiError(429, 'too_many_requests', 'x', [], 5),
      new ApiError(500, 'internal_error', 'x'),
      new ApiError(200, 'invalid_response', 'x'),
    ]) {
      expect(shouldRetryQuery(0, error), `${error.status} ${error.code}`).toBe(false);
    }
    expect(shouldRetryQuery(0, new TypeError('Failed to fetch'))).toBe(false);
    expect(shouldRetryQuery(0, 'boom')).toBe(false);
  });
});

describe('createDashboardQueryClient', () => {
  it('retries queries by that rule, and never retries a mutation', () => {
    const defaults = createDashboardQueryClient().getDefaultOptions();
    expect(defaults.queries?.retry).toBe(shouldRetryQuery);
    expect(defaults.mutations?.retry).toBe(false);
  });
});
