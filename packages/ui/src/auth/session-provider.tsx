import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Loading } from '../components/loading.js';
import type { SessionState, SessionStore } from './session-store.js';
import { signInPathFor } from './safe-next.js';

const SessionContext = createContext<SessionStore | null>(null);

export function SessionProvider({ store, children }: { store: SessionStore; children: ReactNode }) {
  useEffect(() => {
    void store.restore();
  }, [store]);
  return <SessionContext.Provider value={store}>{children}</SessionContext.Provider>;
}

export function useSessionStore(): SessionStore {
  const store = useContext(SessionContext);
  if (!store) throw new Error('useSession() needs a <SessionProvider> above it');
  return store;
}

export function useSession(): SessionState {
  const store = useSessionStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}

/** Renders its children for a signed-in user; sends anyone else to sign in, and back here afterwards. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'restoring') return <Loading />;
  if (status === 'signed-out') return <Navigate to={signInPathFor(location.pathname + location.search)} replace />;
  return children;
}
