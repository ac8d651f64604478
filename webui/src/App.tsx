import { BrowserRouter } from 'react-router-dom';

import { AuthProvider } from './features/auth/AuthProvider';
import { AppProviders } from './shell/AppProviders';
import { AppRoutes } from './shell/AppRoutes';
import { ROUTER_FUTURE } from './shell/routerFuture';

export function App() {
  return (
    <AppProviders>
      <AuthProvider>
        <BrowserRouter future={ROUTER_FUTURE}>
          <AppRoutes />
        </BrowserRouter>
      </AuthProvider>
    </AppProviders>
  );
}
