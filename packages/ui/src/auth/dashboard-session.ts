import { createApiClient, type ApiClient } from '@prixagent/api-client';
import { tokenResponseSchema, type AcceptInviteRequest, type LoginRequest } from '@prixagent/contracts';
import { apiCall, apiCallOrNoContent, apiCallVoid, toApiError } from '../api/api-error.js';
import { createSessionStore, type SessionStore } from './session-store.js';

/** 403 codes of any tenant route that mean the whole account is shut: no request of this session can succeed. */
const ACCOUNT_ENDED: ReadonlySet<string> = new Set(['account_suspended', 'account_cancelled']);

/** Tenant users sign in to the client dashboard, the platform operator to the admin one. */
export type DashboardKind = 'tenant' | 'operator';

export interface DashboardSession {
  api: ApiClient;
  session: SessionStore;
  signIn: (credentials: LoginRequest) => Promise<void>;
  /**
   * Creates the invited user and signs them in: the API answers the invite with
   * a session, as a login does. Tenant dashboards only (the operator is never invited).
   */
  acceptInvite: (request: AcceptInviteRequest) => Promise<void>;
}

export interface DashboardSessionOptions {
  /** The API's origin; the dashboards reach it on their own origin under /api. */
  baseUrl: string;
  fetch?: typeof fetch;
}

/**
 * The typed API client wired to an in-memory session: every request carries the
 * access token, and a 401 triggers one refresh (through the httpOnly cookie) and
 * one retry.
 */
export function createDashboardSession(kind: DashboardKind, options: DashboardSessionOptions): DashboardSession {
  // The store needs the client for refresh and logout, the client needs the
  // store for tokens; neither closure runs before both exist.
  const session = createSessionStore({
    // 204 (no cookie) is "no session", not an error: a signed-out page load logs nothing in the console.
    requestRefresh: () => apiCallOrNoContent(api.POST('/api/v1/auth/refresh'), tokenResponseSchema),
    requestLogout: () => apiCallVoid(api.POST('/api/v1/auth/logout')),
    acceptsUser: (user) => (kind === 'operator' ? user.role === 'platform_admin' : user.role !== 'platform_admin'),
  });
  const api = createApiClient({
    baseUrl: options.baseUrl,
    getAccessToken: () => session.getAccessToken(),
    refresh: () => session.refresh(),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  api.use({
    // A suspended or closed account answers 403 on every request. Unlike a 401
    // it triggers no refresh (which would say the same), so the session learns
    // of it here and ends, keeping the reason for the sign-in page. Runs before
    // the client's own refresh-and-retry (openapi-fetch calls onResponse last
    // registered first), which leaves 403s alone.
    async onResponse({ request, response }) {
      if (response.status !== 403 || new URL(request.url).pathname.startsWith('/api/v1/auth/')) return undefined;
      const body: unknown = await response
        .clone()
        .json()
        .catch(() => null);
      const error = toApiError(response, body);
      if (ACCOUNT_ENDED.has(error.code)) session.end(error);
      return undefined;
    },
  });

  async function signIn(credentials: LoginRequest): Promise<void> {
    const answer =
      kind === 'operator'
        ? api.POST('/api/v1/auth/admin/login', { body: credentials })
        : api.POST('/api/v1/auth/login', { body: credentials });
    session.signIn(await apiCall(answer, tokenResponseSchema));
  }

  async function acceptInvite(request: AcceptInviteRequest): Promise<void> {
    session.signIn(await apiCall(api.POST('/api/v1/auth/invites/accept', { body: request }), tokenResponseSchema));
  }

  return { api, session, signIn, acceptInvite };
}
