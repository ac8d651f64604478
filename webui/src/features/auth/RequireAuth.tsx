import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';

import { SessionSpinner } from './SessionSpinner';
import { useAuth } from './AuthContext';

export interface LoginLocationState {
  from?: string;
}

/** Renders its children for a logged-in user, otherwise sends them to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <SessionSpinner />;
  if (state.status === 'anonymous') {
    // After an explicit logout the next login starts from the home page; otherwise
    // (expired session, bookmark) it comes back here.
    if (state.reason === 'loggedOut') return <Navigate to="/login" replace />;
    const from = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to="/login" replace state={{ from } satisfies LoginLocationState} />;
  }
  return <>{children}</>;
}
