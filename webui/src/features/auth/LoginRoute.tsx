import { Navigate, useLocation } from 'react-router-dom';

import { HOME_PATH } from '../../shell/navigation';
import { useAuth } from './AuthContext';
import { LoginPage } from './LoginPage';
import type { LoginLocationState } from './RequireAuth';
import { SessionSpinner } from './SessionSpinner';

/** /login: the login page, or straight on for a user who already has a session. */
export function LoginRoute() {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <SessionSpinner />;
  if (state.status === 'authenticated') {
    const from = (location.state as LoginLocationState | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : HOME_PATH} replace />;
  }
  return <LoginPage />;
}
