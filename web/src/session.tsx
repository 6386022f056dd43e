import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setCsrfToken, setUnauthorizedHandler } from './api';
import { authApi } from './api/accounts';
import type { Me } from './types';

export type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; me: Me };

export type Session = {
  state: SessionState;
  me: Me | null;
  signedIn: (me: Me) => void;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
  can: (permission: string) => boolean;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const signedIn = useCallback((me: Me) => {
    setCsrfToken(me.csrfToken);
    setState({ status: 'signed-in', me });
  }, []);

  const refresh = useCallback(async () => {
    try {
      signedIn(await authApi.me.call());
    } catch {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    }
  }, [signedIn]);

  const logout = useCallback(async () => {
    try {
      await authApi.logout.call();
    } finally {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    }
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    });
    void refresh();
    return () => setUnauthorizedHandler(null);
  }, [refresh]);

  const me = state.status === 'signed-in' ? state.me : null;
  const can = useCallback((p: string) => !!me && me.permissions.includes(p), [me]);
  const value = useMemo(() => ({ state, me, signedIn, refresh, logout, can }), [state, me, signedIn, refresh, logout, can]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in account; only for pages behind the sign-in guard. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
