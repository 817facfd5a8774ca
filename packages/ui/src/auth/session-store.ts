import type { TokenResponse } from '@prixagent/contracts';
import { ApiError } from '../api/api-error.js';

export type SessionUser = TokenResponse['user'];

/** `restoring`: the page just loaded and asks the refresh cookie whether a session exists. */
export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out';

export interface SessionState {
  status: SessionStatus;
  user: SessionUser | null;
  /**
   * Why the session ended or could not be restored, when that is news to the
   * person (not for "there simply was no session").
   */
  error: ApiError | null;
}

export interface SessionStoreOptions {
  /** POST /api/v1/auth/refresh; rejects with an ApiError. */
  requestRefresh: () => Promise<TokenResponse>;
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
  /** Gets a new access token with the refresh cookie; concurrent callers share one request. */
  refresh: () => Promise<string | null>;
  /** Called once at start-up: a session survives a reload through the refresh cookie. */
  restore: () => Promise<void>;
  signOut: () => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'unknown_error', error instanceof Error ? error.message : String(error));
}

export function createSessionStore(options: SessionStoreOptions): SessionStore {
  let state: SessionState = { status: 'restoring', user: null, error: null };
  let accessToken: string | null = null;
  // Bumped by sign-in and sign-out: a refresh that started before either must not overwrite it.
  let epoch = 0;
  let inflight: Promise<string | null> | null = null;
  const listeners = new Set<() => void>();

  function set(next: SessionState): void {
    state = next;
    for (const listener of [...listeners]) listener();
  }

  function accept(tokens: TokenResponse): string | null {
    if (options.acceptsUser && !options.acceptsUser(tokens.user)) {
      accessToken = null;
      set({ status: 'signed-out', user: null, error: null });
      return null;
    }
    accessToken = tokens.accessToken;
    set({ status: 'signed-in', user: tokens.user, error: null });
    return accessToken;
  }

  async function requestTokens(): Promise<TokenResponse> {
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
      return accept(tokens);
    } catch (thrown) {
      if (epoch !== startedAt) return accessToken;
      const error = asApiError(thrown);
      const sessionGone = error.status === 401 || error.status === 403;
      // A network blip or a 5xx mid-session: keep the session (the cookie is still
      // good); this one request fails and the next one tries again.
      if (wasSignedIn && !sessionGone) return null;
      accessToken = null;
      // No cookie on a fresh page load is the normal signed-out case, not an error.
      const quiet = !wasSignedIn && error.status === 401;
      set({ status: 'signed-out', user: null, error: quiet ? null : error });
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
    refresh,
    async restore() {
      if (state.status !== 'restoring') return;
      await refresh();
    },
    async signOut() {
      const mine = ++epoch;
      accessToken = null;
      set({ status: 'signed-out', user: null, error: null });
      try {
        await options.requestLogout();
      } catch (error) {
        // The page forgot the session, but the server may still honour the cookie
        // after a reload: say so rather than pretend.
        if (epoch === mine) set({ status: 'signed-out', user: null, error: asApiError(error) });
      }
    },
  };
}
