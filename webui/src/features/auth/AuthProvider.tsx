import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';

import * as api from '../../api';
import { AuthContext, type AuthContextValue, type AuthState } from './AuthContext';

/** Holds the session: restores it on load, logs in and out, reacts to a 401 anywhere. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    api
      .getSession()
      .then((session) => {
        if (!cancelled) setState({ status: 'authenticated', user: session.user });
      })
      .catch(() => {
        if (!cancelled) setState({ status: 'anonymous' });
      });
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(
    () =>
      api.onUnauthorized(() => {
        api.setCsrfToken(null);
        setState((current) =>
          current.status === 'authenticated' ? { status: 'anonymous', reason: 'expired' } : current,
        );
      }),
    [],
  );

  const login = useCallback(async (credentials: api.LoginRequest) => {
    const session = await api.login(credentials);
    setState({ status: 'authenticated', user: session.user });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // The session is dropped locally whatever the Manager answered.
    }
    setState({ status: 'anonymous', reason: 'loggedOut' });
  }, []);

  const value = useMemo<AuthContextValue>(() => ({ state, login, logout }), [state, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
