import type { TokenResponse } from '@prixagent/contracts';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-error.js';
import { createSessionStore, type SessionStoreOptions } from './session-store.js';

function tokens(accessToken: string, role: TokenResponse['user']['role'] = 'owner'): TokenResponse {
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn: 900,
    user: { id: `u-${accessToken}`, email: 'ada@example.test', name: 'Ada', role, accountId: role === 'platform_admin' ? null : 'acc-1' },
  };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function store(overrides: Partial<SessionStoreOptions> = {}) {
  // The refresh route's 204: no cookie, no session.
  const requestRefresh = vi.fn<() => Promise<TokenResponse | null>>(() => Promise.resolve(null));
  const requestLogout = vi.fn<() => Promise<void>>(() => Promise.resolve());
  const session = createSessionStore({ requestRefresh, requestLogout, raceRetryDelayMs: 1, ...overrides });
  return { session, requestRefresh, requestLogout };
}

describe('session store', () => {
  it('starts restoring, with no token', () => {
    const { session } = store();
    expect(session.getState()).toEqual({ status: 'restoring', user: null, error: null, signedOutReason: null });
    expect(session.getAccessToken()).toBeNull();
  });

  it('restores a session from the refresh cookie', async () => {
    const requestRefresh = vi.fn(() => Promise.resolve(tokens('t1')));
    const { session } = store({ requestRefresh });
    await session.restore();
    expect(session.getState()).toMatchObject({ status: 'signed-in', user: { id: 'u-t1' }, error: null, signedOutReason: null });
    expect(session.getAccessToken()).toBe('t1');
  });

  it('shows a changed name at once, and only for a signed-in person', () => {
    const { session } = store();
    session.updateUser({ name: 'Nobody' });
    expect(session.getState().user).toBeNull();
    session.signIn(tokens('t1'));
    session.updateUser({ name: 'Ada Lovelace' });
    expect(session.getState().user).toMatchObject({ id: 'u-t1', name: 'Ada Lovelace', email: 'ada@example.test' });
    expect(session.getAccessToken()).toBe('t1');
  });

  it('is quietly signed out when there is no session to restore (the 204)', async () => {
    const { session } = store();
    await session.restore();
    expect(session.getState()).toEqual({ status: 'signed-out', user: null, error: null, signedOutReason: null });
  });

  it('keeps why the API refused to restore the session, and reports a failure to reach it as an error', async () => {
    for (const [status, code] of [
      [403, 'account_suspended'],
      [403, 'account_cancelled'],
      [401, 'user_removed'],
      [401, 'session_revoked'],
      [401, 'refresh_expired'],
      [401, 'refresh_invalid'],
    ] as const) {
      const { session } = store({ requestRefresh: () => Promise.reject(new ApiError(status, code, 'x')) });
      await session.restore();
      expect(session.getState(), code).toEqual({ status: 'signed-out', user: null, error: null, signedOutReason: code });
    }

    const { session } = store({ requestRefresh: () => Promise.reject(new ApiError(0, 'network_error', 'Failed to fetch')) });
    await session.restore();
    expect(session.getState()).toMatchObject({ status: 'signed-out', error: { code: 'network_error' }, signedOutReason: null });
  });

  it('restores only once', async () => {
    const requestRefresh = vi.fn(() => Promise.resolve(tokens('t1')));
    const { session } = store({ requestRefresh });
    // React's StrictMode runs start-up effects twice.
    await Promise.all([session.restore(), session.restore()]);
    await session.restore();
    expect(requestRefresh).toHaveBeenCalledTimes(1);
  });

  it('shares one refresh request between concurrent callers', async () => {
    const pending = deferred<TokenResponse | null>();
    const requestRefresh = vi.fn(() => pending.promise);
    const { session } = store({ requestRefresh });
    session.signIn(tokens('old'));
    const calls = [session.refresh(), session.refresh(), session.refresh()];
    pending.resolve(tokens('new'));
    expect(await Promise.all(calls)).toEqual(['new', 'new', 'new']);
    expect(requestRefresh).toHaveBeenCalledTimes(1);
    // A later 401 starts a fresh request.
    requestRefresh.mockImplementation(() => Promise.resolve(tokens('newer')));
    expect(await session.refresh()).toBe('newer');
    expect(requestRefresh).toHaveBeenCalledTimes(2);
  });

  it('retries once after losing a refresh race to another tab', async () => {
    const requestRefresh = vi
      .fn<() => Promise<TokenResponse | null>>()
      .mockRejectedValueOnce(new ApiError(401, 'refresh_race', 'Concurrent refresh'))
      .mockResolvedValueOnce(tokens('t2'));
    const { session } = store({ requestRefresh });
    await session.restore();
    expect(session.getAccessToken()).toBe('t2');
    expect(requestRefresh).toHaveBeenCalledTimes(2);
  });

  it('ends the session, keeping why, when a refresh is refused mid-session', async () => {
    const { session } = store({ requestRefresh: () => Promise.reject(new ApiError(401, 'refresh_reused', 'Reused')) });
    session.signIn(tokens('t1'));
    expect(await session.refresh()).toBeNull();
    expect(session.getAccessToken()).toBeNull();
    expect(session.getState()).toEqual({ status: 'signed-out', user: null, error: null, signedOutReason: 'refresh_reused' });
  });

  it('says the cookie went away when a refresh finds no session mid-session', async () => {
    const { session } = store();
    session.signIn(tokens('t1'));
    expect(await session.refresh()).toBeNull();
    expect(session.getState()).toEqual({ status: 'signed-out', user: null, error: null, signedOutReason: 'refresh_missing' });
  });

  it('ends the session when told the account is shut, keeping the code, and forgets it at the next sign-in', () => {
    const { session } = store();
    // Not signed in: nothing to end, no reason invented.
    session.end(new ApiError(403, 'account_suspended', 'Suspended'));
    expect(session.getState().signedOutReason).toBeNull();

    session.signIn(tokens('t1'));
    session.end(new ApiError(403, 'account_suspended', 'Suspended'));
    expect(session.getAccessToken()).toBeNull();
    expect(session.getState()).toEqual({ status: 'signed-out', user: null, error: null, signedOutReason: 'account_suspended' });
    session.signIn(tokens('t2'));
    expect(session.getState()).toMatchObject({ status: 'signed-in', signedOutReason: null });
  });

  it('does not let a refresh that was under way undo the end of the session', async () => {
    const pending = deferred<TokenResponse | null>();
    const { session } = store({ requestRefresh: () => pending.promise });
    session.signIn(tokens('t1'));
    const refreshing = session.refresh();
    session.end(new ApiError(403, 'account_cancelled', 'Closed'));
    pending.resolve(tokens('t2'));
    await refreshing;
    expect(session.getState()).toMatchObject({ status: 'signed-out', signedOutReason: 'account_cancelled' });
    expect(session.getAccessToken()).toBeNull();
  });

  it('keeps the session through a network blip mid-session', async () => {
    const { session } = store({ requestRefresh: () => Promise.reject(new ApiError(0, 'network_error', 'Failed to fetch')) });
    session.signIn(tokens('t1'));
    expect(await session.refresh()).toBeNull();
    expect(session.getState()).toMatchObject({ status: 'signed-in', user: { id: 'u-t1' } });
  });

  it('does not let a refresh that started earlier undo a sign-in', async () => {
    const pending = deferred<TokenResponse | null>();
    const { session } = store({ requestRefresh: () => pending.promise });
    const restoring = session.restore();
    session.signIn(tokens('fresh'));
    pending.reject(new ApiError(401, 'refresh_invalid', 'No session'));
    await restoring;
    expect(session.getState()).toMatchObject({ status: 'signed-in', user: { id: 'u-fresh' } });
    expect(session.getAccessToken()).toBe('fresh');
  });

  it('does not let a refresh that started earlier undo a sign-out', async () => {
    const pending = deferred<TokenResponse | null>();
    const { session } = store({ requestRefresh: () => pending.promise });
    session.signIn(tokens('t1'));
    const refreshing = session.refresh();
    await session.signOut();
    pending.resolve(tokens('t2'));
    await refreshing;
    expect(session.getState().status).toBe('signed-out');
    expect(session.getAccessToken()).toBeNull();
  });

  it('refuses a user of the other kind', async () => {
    const { session } = store({
      requestRefresh: () => Promise.resolve(tokens('op', 'platform_admin')),
      acceptsUser: (user) => user.role !== 'platform_admin',
    });
    await session.restore();
    expect(session.getState()).toEqual({ status: 'signed-out', user: null, error: null, signedOutReason: null });
    expect(session.getAccessToken()).toBeNull();
  });

  it('signs out locally first, and says so when the server could not be told', async () => {
    const { session, requestLogout } = store();
    session.signIn(tokens('t1'));
    await session.signOut();
    expect(requestLogout).toHaveBeenCalledTimes(1);
    expect(session.getState()).toEqual({ status: 'signed-out', user: null, error: null, signedOutReason: null });

    const failing = store({ requestLogout: () => Promise.reject(new ApiError(0, 'network_error', 'Failed to fetch')) }).session;
    failing.signIn(tokens('t1'));
    const signingOut = failing.signOut();
    expect(failing.getAccessToken()).toBeNull();
    await signingOut;
    expect(failing.getState()).toMatchObject({ status: 'signed-out', error: { code: 'network_error' } });
  });

  it('notifies subscribers of every change until they unsubscribe', async () => {
    const { session } = store({ requestRefresh: () => Promise.resolve(tokens('t1')) });
    const seen: string[] = [];
    const unsubscribe = session.subscribe(() => seen.push(session.getState().status));
    await session.restore();
    await session.signOut();
    unsubscribe();
    session.signIn(tokens('t2'));
    expect(seen).toEqual(['signed-in', 'signed-out']);
  });
});
