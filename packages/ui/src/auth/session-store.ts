import type { TokenResponse } from '@prixagent/contracts';
import { ApiError } from '../api/api-error.js';

export type SessionUser = TokenResponse['user'];

/** `restoring`: the page just loaded and asks the refresh cookie whether a session exists. */
export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out';

export interface SessionState {
  status: SessionStatus;
  user: SessionUser | null;
  /**
   * A failure the session layer ran into that did not come from the API ending
   * the session: the API could not be reached while restoring it, or signing
   * out could not reach the server. Null otherwise (also whenever
   * `signedOutReason` is set, so the two are never shown twice).
   */
  error: ApiError | null;
  /**
   * Why the API ended the session, while signed out because of it: its error
   * code (`account_suspended`, `account_cancelled`, `user_removed`,
   * `session_revoked`, `refresh_reused`, `refresh_expired`, `refresh_invalid`,
   * or any other 401/403 code of the refresh route), or `refresh_missing` when
   * the refresh cookie vanished mid-session (signed out in another tab). Null
   * when there is no such reason: never signed in, signed out on purpose, or
   * signed in (again). `signedOutReasonKey()` gives its text.
   */
  signedOutReason: string | null;
}

export interface SessionStoreOptions {
  /** POST /api/v1/auth/refresh: the new tokens, or null for its 204 (no refresh cookie: no session). Rejects with an ApiError. */
  requestRefresh: () => Promise<TokenResponse | null>;
  /** POST /api/v1/auth/logout; rejects with an ApiError. */
  requestLogout: () => Promise<void>;
  /**
   * Which users this dashboard serves. In development both dashboards share
   * the `localhost` cookie jar, so the refresh cookie may belong to the other kind.
   */
  acceptsUser?: (user: SessionUser) => boolean;
  /** Pause before retrying a refresh that lost a race to a concurrent one (another tab). */
  raceRetryDelayMs?: number;
}

// Function-valued properties rather than methods: they are passed around unbound
// (useSyncExternalStore takes `subscribe` and `getState` as they are).
export interface SessionStore {
  getState: () => SessionState;
  subscribe: (listener: () => void) => () => void;
  /** The access token lives here, in memory only: never in storage, never in state that is rendered. */
  getAccessToken: () => string | null;
  signIn: (tokens: TokenResponse) => void;
  /** The signed-in person changed something about themselves (their name, on the profile page): the frame shows it at once. */
  updateUser: (changes: Partial<Pick<SessionUser, 'name'>>) => void;
  /**
   * Ends the session because the API refused it for good (a 403
   * `account_suspended` on any request, say), keeping the error's code as the
   * reason. Does nothing unless signed in.
   */
  end: (error: ApiError) => void;
  /** Gets a new access token with the refresh cookie; concurrent callers share one request. */
  refresh: () => Promise<string | null>;
  /** Called once at start-up: a session survives a reload through the refresh cookie. */
  restore: () => Promise<void>;
  signOut: () => Promise<void>;
}

/** Not an API code: mid-session, the refresh route found no cookie (the person signed out in another tab, say). */
export const REFRESH_MISSING_REASON = 'refresh_missing';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'unknown_error', error instanceof Error ? error.message : String(error));
}

export function createSessionStore(options: SessionStoreOptions): SessionStore {
  let state: SessionState = { status: 'restoring', user: null, error: null, signedOutReason: null };
  let accessToken: string | null = null;
  // Bumped by sign-in and sign-out: a refresh that started before either must not overwrite it.
  let epoch = 0;
  let inflight: Promise<string | null> | null = null;
  const listeners = new Set<() => void>();

  function set(next: SessionState): void {
    state = next;
    for (const listener of [...listeners]) listener();
  }

  function signedOut(error: ApiError | null, signedOutReason: string | null): void {
    accessToken = null;
    set({ status: 'signed-out', user: null, error, signedOutReason });
  }

  function accept(tokens: TokenResponse): string | null {
    if (options.acceptsUser && !options.acceptsUser(tokens.user)) {
      signedOut(null, null);
      return null;
    }
    accessToken = tokens.accessToken;
    set({ status: 'signed-in', user: tokens.user, error: null, signedOutReason: null });
    return accessToken;
  }

  async function requestTokens(): Promise<TokenResponse | null> {
    try {
      return await options.requestRefresh();
    } catch (error) {
      // Another tab rotated the cookie a moment ago; the browser now holds the new one.
      if (error instanceof ApiError && error.code === 'refresh_race') {
        await sleep(options.raceRetryDelayMs ?? 300);
        return options.requestRefresh();
      }
      throw error;
    }
  }

  async function runRefresh(): Promise<string | null> {
    const startedAt = epoch;
    const wasSignedIn = state.status === 'signed-in';
    try {
      const tokens = await requestTokens();
      if (epoch !== startedAt) return accessToken;
      if (tokens) return accept(tokens);
      // No cookie: on a page load the normal signed-out case; mid-session, the cookie went away.
      signedOut(null, wasSignedIn ? REFRESH_MISSING_REASON : null);
      return null;
    } catch (thrown) {
      if (epoch !== startedAt) return accessToken;
      const error = asApiError(thrown);
      // The API refused the cookie (401) or the account (403): the session is over, and its code says why.
      const sessionGone = error.status === 401 || error.status === 403;
      // A network blip or a 5xx mid-session: keep the session (the cookie is still
      // good); this one request fails and the next one tries again.
      if (wasSignedIn && !sessionGone) return null;
      if (sessionGone) signedOut(null, error.code);
      else signedOut(error, null);
      return null;
    }
  }

  function refresh(): Promise<string | null> {
    inflight ??= runRefresh().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getAccessToken: () => accessToken,
    signIn(tokens) {
      epoch += 1;
      accept(tokens);
    },
    updateUser(changes) {
      if (state.status !== 'signed-in' || !state.user) return;
      set({ ...state, user: { ...state.user, ...changes } });
    },
    end(error) {
      if (state.status !== 'signed-in') return;
      epoch += 1;
      signedOut(null, error.code);
    },
    refresh,
    async restore() {
      if (state.status !== 'restoring') return;
      await refresh();
    },
    async signOut() {
      const mine = ++epoch;
      signedOut(null, null);
      try {
        await options.requestLogout();
      } catch (error) {
        // The page forgot the session, but the server may still honour the cookie
        // after a reload: say so rather than pretend.
        if (epoch === mine) signedOut(asApiError(error), null);
      }
    },
  };
}
