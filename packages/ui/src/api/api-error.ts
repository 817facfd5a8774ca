import { duplicateTenantDetailSchema, errorResponseSchema, type DuplicateTenantDetail } from '@prixagent/contracts';
import type { z } from 'zod';
import type { MessageParams } from '../i18n/i18n.js';
import type { UiKey } from '../i18n/ui-messages.js';

export interface ErrorDetail {
  field?: string | undefined;
  message: string;
  /** The existing tenant a detail is about (operator answers such as `tenant_possible_duplicate`). */
  account?: { id: string; name: string; slug: string; status: string } | undefined;
}

/** A failed API call: the API's `{error:{code,message,details}}`, or what stood in for it. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when no answer arrived. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    /** From Retry-After on a 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** What openapi-fetch resolves with, whatever the route. */
export interface ApiResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

function retryAfter(response: Response): number | undefined {
  const raw = response.headers.get('retry-after');
  if (raw === null) return undefined;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}

/** Turns a non-2xx answer into an ApiError, trusting the body only when it has the documented shape. */
export function toApiError(response: Response, body: unknown): ApiError {
  const parsed = errorResponseSchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(response.status, code, message, details, retryAfter(response));
  }
  // Something in front of the API answered (a proxy's 502 page, say).
  const code = response.status >= 500 ? 'internal_error' : response.status === 429 ? 'too_many_requests' : 'http_error';
  return new ApiError(response.status, code, `HTTP ${response.status}`, [], retryAfter(response));
}

async function settle(request: Promise<ApiResult>): Promise<ApiResult> {
  try {
    return await request;
  } catch (error) {
    // fetch rejects only when no answer arrived at all.
    throw new ApiError(0, 'network_error', error instanceof Error ? error.message : 'Network error');
  }
}

/**
 * Awaits a typed client call and checks the answer against the shared contract:
 * a failure becomes an ApiError, a success is parsed by `schema` (so the page
 * never renders a shape the contract does not promise).
 */
export async function apiCall<T>(request: Promise<ApiResult>, schema: z.ZodType<T>): Promise<T> {
  const { data, error, response } = await settle(request);
  if (!response.ok) throw toApiError(response, error);
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ApiError(response.status, 'invalid_response', 'The answer does not match the API contract');
  return parsed.data;
}

/**
 * For a route that answers either a body or 204 No Content meaning "nothing"
 * (the refresh route without a cookie: no session): null for the 204.
 */
export async function apiCallOrNoContent<T>(request: Promise<ApiResult>, schema: z.ZodType<T>): Promise<T | null> {
  const { data, error, response } = await settle(request);
  if (response.status === 204) return null;
  if (!response.ok) throw toApiError(response, error);
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ApiError(response.status, 'invalid_response', 'The answer does not match the API contract');
  return parsed.data;
}

/** For answers without a body (204). */
export async function apiCallVoid(request: Promise<ApiResult>): Promise<void> {
  const { error, response } = await settle(request);
  if (!response.ok) throw toApiError(response, error);
}

/** Worth trying again by itself: no answer, or the server's own trouble. A 4xx will not change. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500) && error.code !== 'invalid_response';
}

/**
 * The API was not there to answer: fetch itself failed (the API restarting, a
 * dropped connection), or the proxy in front of it said so (502, 503, 504).
 * Another try a moment later may well succeed. A 500 is the API answering
 * with a bug, and a 4xx is the API answering: neither changes by asking again.
 */
export function isTransientNetworkError(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.code === 'network_error' || error.status === 502 || error.status === 503 || error.status === 504;
}

/** The tenants a 409 `tenant_possible_duplicate` names, each with the request field that matched; empty for any other error. */
export function possibleDuplicates(error: unknown): DuplicateTenantDetail[] {
  if (!(error instanceof ApiError) || error.code !== 'tenant_possible_duplicate') return [];
  return error.details.flatMap((detail) => {
    const parsed = duplicateTenantDetailSchema.safeParse(detail);
    return parsed.success ? [parsed.data] : [];
  });
}

export interface LocalizedMessage {
  key: UiKey;
  params?: MessageParams;
}

/**
 * Which text to show for an error. Known codes get a text in the reader's
 * language; anything else shows the API's own message (it names the problem),
 * and only then a generic one.
 */
export function errorMessage(error: unknown): LocalizedMessage | { text: string } {
  if (!(error instanceof ApiError)) return { key: 'error.unknown' };
  switch (error.code) {
    case 'network_error':
      return { key: 'error.network' };
    case 'invalid_response':
      return { key: 'error.invalidResponse' };
    case 'invalid_credentials':
      return { key: 'error.invalidCredentials' };
    case 'too_many_requests':
      return error.retryAfterSeconds !== undefined
        ? { key: 'error.tooManyRequestsIn', params: { seconds: Math.max(1, error.retryAfterSeconds) } }
        : { key: 'error.tooManyRequests' };
    case 'account_suspended':
      return { key: 'error.accountSuspended' };
    case 'account_cancelled':
      return { key: 'error.accountCancelled' };
    case 'validation_failed':
      return { key: 'error.validation' };
    // The last two: a token of the other kind of user (a tenant on an operator route, or the reverse).
    case 'forbidden':
    case 'tenant_users_only':
    case 'operator_only':
      return { key: 'error.forbidden' };
    // The session ended for a reason the person should hear, not just "sign in again".
    case 'user_removed':
      return { key: 'signedOut.user_removed' };
    case 'session_revoked':
      return { key: 'signedOut.session_revoked' };
    case 'tenant_possible_duplicate':
      return { key: 'error.possibleDuplicate' };
    case 'not_found':
      return { key: 'error.notFound' };
    // A 401, but about the link, not the session: it must not say "sign in again".
    case 'invite_invalid':
      return { key: 'error.inviteInvalid' };
    case 'email_in_use':
      return { key: 'error.emailInUse' };
    case 'owner_exists':
      return { key: 'error.ownerExists' };
    case 'invalid_transition':
      return { key: 'error.invalidTransition' };
    case 'account_closed':
      return { key: 'error.accountClosed' };
    case 'self_modification':
      return { key: 'error.selfModification' };
    case 'conflict':
      return { key: 'error.conflict' };
    // Stored ciphertext that no longer decrypts: saving again is the way out.
    case 'credential_unreadable':
      return { key: 'error.credentialUnreadable' };
  }
  if (error.status === 401) return { key: 'error.sessionEnded' };
  if (error.status >= 500) return { key: 'error.server' };
  return error.message ? { text: error.message } : { key: 'error.unknown' };
}

export function describeError(error: unknown, t: (key: UiKey, params?: MessageParams) => string): string {
  const message = errorMessage(error);
  return 'text' in message ? message.text : t(message.key, message.params);
}

/** The API's per-field reasons (400 `details`), first one per field. */
export function apiFieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const detail of error.details) {
    if (detail.field && !(detail.field in out)) out[detail.field] = detail.message;
  }
  return out;
}
