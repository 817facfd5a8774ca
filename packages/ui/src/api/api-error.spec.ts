import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/i18n.js';
import { uiMessages } from '../i18n/ui-messages.js';
import { ApiError, apiCall, apiCallOrNoContent, apiCallVoid, apiFieldErrors, describeError, errorMessage, isRetryable, isTransientNetworkError, possibleDuplicates, toApiError } from './api-error.js';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const apiBody = (code: string, message: string, details: { field?: string; message: string }[] = []) => ({ error: { code, message, details } });

const en = (error: unknown) => describeError(error, (key, params) => translate(uiMessages.en, key, params));
const es = (error: unknown) => describeError(error, (key, params) => translate(uiMessages.es, key, params));

describe('toApiError', () => {
  it('reads the documented error body and Retry-After', () => {
    const error = toApiError(json(429, {}, { 'retry-after': '30' }), apiBody('too_many_requests', 'Too many failed sign-in attempts'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'too_many_requests', message: 'Too many failed sign-in attempts', retryAfterSeconds: 30 });
  });

  it('keeps field details', () => {
    const error = toApiError(json(400, {}), apiBody('validation_failed', 'email must be a valid email address', [{ field: 'email', message: 'must be a valid email address' }]));
    expect(error.details).toEqual([{ field: 'email', message: 'must be a valid email address' }]);
  });

  it('does not trust a body of another shape', () => {
    expect(toApiError(json(502, {}), '<html>Bad gateway</html>')).toMatchObject({ status: 502, code: 'internal_error', message: 'HTTP 502' });
    expect(toApiError(json(418, {}), { message: 'teapot' })).toMatchObject({ status: 418, code: 'http_error' });
  });
});

describe('apiCall', () => {
  const schema = z.object({ id: z.string() });

  it('returns the parsed body of a success', async () => {
    await expect(apiCall(Promise.resolve({ data: { id: 'a', extra: 1 }, response: json(200, {}) }), schema)).resolves.toEqual({ id: 'a' });
  });

  it('throws the API error of a failure', async () => {
    const call = apiCall(Promise.resolve({ error: apiBody('invalid_credentials', 'Invalid email or password'), response: json(401, {}) }), schema);
    await expect(call).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
  });

  it('refuses a success that breaks the contract', async () => {
    await expect(apiCall(Promise.resolve({ data: { id: 7 }, response: json(200, {}) }), schema)).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('turns a rejected fetch into a network error', async () => {
    await expect(apiCall(Promise.reject(new TypeError('Failed to fetch')), schema)).rejects.toMatchObject({ status: 0, code: 'network_error' });
    await expect(apiCallVoid(Promise.reject(new TypeError('Failed to fetch')))).rejects.toMatchObject({ code: 'network_error' });
  });

  it('reads a 204 as "nothing" where a route may answer one, and still throws its errors', async () => {
    await expect(apiCallOrNoContent(Promise.resolve({ response: new Response(null, { status: 204 }) }), schema)).resolves.toBeNull();
    await expect(apiCallOrNoContent(Promise.resolve({ data: { id: 'a' }, response: json(200, {}) }), schema)).resolves.toEqual({ id: 'a' });
    await expect(apiCallOrNoContent(Promise.resolve({ error: apiBody('refresh_invalid', 'x'), response: json(401, {}) }), schema)).rejects.toMatchObject({ code: 'refresh_invalid' });
    await expect(apiCallOrNoContent(Promise.resolve({ data: { id: 7 }, response: json(200, {}) }), schema)).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('accepts an empty success for void calls', async () => {
    await expect(apiCallVoid(Promise.resolve({ response: new Response(null, { status: 204 }) }))).resolves.toBeUndefined();
  });
});

describe('error messages', () => {
  it('localizes the codes a person can act on', () => {
    const wrong = new ApiError(401, 'invalid_credentials', 'Invalid email or password');
    expect(en(wrong)).toBe('The email or the password is not correct.');
    expect(es(wrong)).toBe('El correo o la contraseña no son correctos.');
    expect(es(new ApiError(403, 'account_suspended', 'This account is suspended'))).toMatch(/suspendida/);
    expect(en(new ApiError(0, 'network_error', 'Failed to fetch'))).toMatch(/cannot be reached/);
  });

  it('explains an unusable invite link as such, not as an ended session', () => {
    const used = new ApiError(401, 'invite_invalid', 'This invite link is invalid, used or expired; ask for a new one');
    expect(errorMessage(used)).toEqual({ key: 'error.inviteInvalid' });
    expect(en(used)).toMatch(/Ask the person who invited you for a new invite/);
    expect(es(used)).toMatch(/invitación nueva/);
  });

  it('localizes the onboarding and team conflicts', () => {
    const codes = { email_in_use: 'error.emailInUse', owner_exists: 'error.ownerExists', invalid_transition: 'error.invalidTransition', account_closed: 'error.accountClosed', self_modification: 'error.selfModification', conflict: 'error.conflict', credential_unreadable: 'error.credentialUnreadable' } as const;
    for (const [code, key] of Object.entries(codes)) expect(errorMessage(new ApiError(409, code, 'x'))).toEqual({ key });
  });

  it('says how long to wait after too many attempts', () => {
    expect(en(new ApiError(429, 'too_many_requests', 'x', [], 30))).toBe('Too many attempts. Try again in 30 seconds.');
    expect(es(new ApiError(429, 'too_many_requests', 'x', [], 45))).toBe('Demasiados intentos. Vuelve a intentarlo en 45 segundos.');
    expect(errorMessage(new ApiError(429, 'too_many_requests', 'x', [], 0))).toEqual({ key: 'error.tooManyRequestsIn', params: { seconds: 1 } });
    expect(en(new ApiError(429, 'too_many_requests', 'x'))).toBe('Too many attempts. Try again in a moment.');
  });

  it('treats other 401s as an ended session and 5xx as our fault', () => {
    expect(errorMessage(new ApiError(401, 'token_expired', 'Token expired'))).toEqual({ key: 'error.sessionEnded' });
    expect(errorMessage(new ApiError(401, 'refresh_reused', 'x'))).toEqual({ key: 'error.sessionEnded' });
    expect(errorMessage(new ApiError(500, 'internal_error', 'Something went wrong'))).toEqual({ key: 'error.server' });
    expect(errorMessage(new ApiError(504, 'provider_timeout', 'x'))).toEqual({ key: 'error.server' });
  });

  it('explains the new session-end, cross-kind and duplicate-tenant codes', () => {
    expect(errorMessage(new ApiError(401, 'user_removed', 'x'))).toEqual({ key: 'signedOut.user_removed' });
    expect(errorMessage(new ApiError(401, 'session_revoked', 'x'))).toEqual({ key: 'signedOut.session_revoked' });
    expect(errorMessage(new ApiError(403, 'tenant_users_only', 'x'))).toEqual({ key: 'error.forbidden' });
    expect(errorMessage(new ApiError(403, 'operator_only', 'x'))).toEqual({ key: 'error.forbidden' });
    expect(es(new ApiError(409, 'tenant_possible_duplicate', 'x'))).toMatch(/Ya existe un cliente/);
  });

  it("shows the API's own message for codes it has no text for", () => {
    expect(en(new ApiError(409, 'slug_taken', 'The slug "acme" is taken'))).toBe('The slug "acme" is taken');
    expect(en(new ApiError(409, 'some_future_code', ''))).toBe('Something went wrong.');
  });

  it('has a text for anything that is not an ApiError', () => {
    expect(en(new Error('boom'))).toBe('Something went wrong.');
    expect(en('nope')).toBe('Something went wrong.');
  });

  it('collects the first reason per field', () => {
    const error = new ApiError(400, 'validation_failed', 'x', [
      { field: 'email', message: 'must be a valid email address' },
      { field: 'email', message: 'second' },
      { message: 'no field' },
      { field: 'password', message: 'is required' },
    ]);
    expect(apiFieldErrors(error)).toEqual({ email: 'must be a valid email address', password: 'is required' });
    expect(apiFieldErrors(new Error('x'))).toEqual({});
  });
});

describe('possibleDuplicates', () => {
  it('lists the tenants a tenant_possible_duplicate names, and nothing for other errors', () => {
    const account = { id: 'a1', name: 'Acme', slug: 'acme', status: 'active' };
    const error = toApiError(
      json(409, {}),
      apiBody('tenant_possible_duplicate', 'x', [
        { field: 'name', message: 'is the name of the tenant "Acme" (acme)', account } as { field: string; message: string },
        { field: 'bogus', message: 'not a duplicate detail' },
      ]),
    );
    expect(possibleDuplicates(error)).toEqual([{ field: 'name', message: 'is the name of the tenant "Acme" (acme)', account }]);
    expect(possibleDuplicates(new ApiError(409, 'email_in_use', 'x', [{ field: 'email', message: 'x', account }]))).toEqual([]);
    expect(possibleDuplicates(new Error('x'))).toEqual([]);
  });
});

describe('isTransientNetworkError', () => {
  it('is true only when the API was not there to answer', () => {
    expect(isTransientNetworkError(new ApiError(0, 'network_error', 'x'))).toBe(true);
    for (const status of [502, 503, 504]) expect(isTransientNetworkError(new ApiError(status, 'internal_error', 'x'))).toBe(true);
    expect(isTransientNetworkError(new ApiError(500, 'internal_error', 'x'))).toBe(false);
    expect(isTransientNetworkError(new ApiError(404, 'not_found', 'x'))).toBe(false);
    expect(isTransientNetworkError(new TypeError('Failed to fetch'))).toBe(false);
  });
});

describe('isRetryable', () => {
  it('retries only what may pass on its own', () => {
    expect(isRetryable(new ApiError(0, 'network_error', 'x'))).toBe(true);
    expect(isRetryable(new ApiError(503, 'internal_error', 'x'))).toBe(true);
    expect(isRetryable(new ApiError(401, 'token_expired', 'x'))).toBe(false);
    expect(isRetryable(new ApiError(404, 'not_found', 'x'))).toBe(false);
    expect(isRetryable(new ApiError(200, 'invalid_response', 'x'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });
});
