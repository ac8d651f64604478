import { act, screen, waitFor } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../api';
import { AuthProvider } from '../features/auth/AuthProvider';
import i18n from '../i18n';
import { renderWithProviders } from '../test/render';
import { AppRoutes } from './AppRoutes';

vi.mock('../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../api')>();
  return {
    ...actual,
    getSession: vi.fn(),
    logout: vi.fn(),
    listAgents: vi.fn(),
    listDevices: vi.fn(),
    listRegions: vi.fn(),
  };
});

const mocked = vi.mocked(api);

function renderApp(route: string) {
  return renderWithProviders(
    <AuthProvider>
      <AppRoutes />
    </AuthProvider>,
    { route },
  );
}

beforeEach(() => {
  vi.resetAllMocks();
  mocked.getSession.mockResolvedValue({ csrfToken: 't', user: { username: 'administrator', role: 'system_manager' } });
  mocked.logout.mockResolvedValue(undefined);
  mocked.listAgents.mockResolvedValue([]);
  mocked.listRegions.mockResolvedValue([]);
  mocked.listDevices.mockResolvedValue({
    items: [],
    total: 0,
    page: 1,
    pageSize: 200,
    statusCounts: { severity: {}, power: {} },
  });
});

afterEach(async () => {
  await act(() => i18n.changeLanguage('en'));
});

describe('console shell', () => {
  it('opens System > Agents from the side menu', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderApp('/');
    expect(await screen.findByTestId('devices-page')).toHaveTextContent('Device List');
    expect(mocked.listDevices).toHaveBeenCalledWith({ page: 1, pageSize: 200, filters: {} });
    expect(screen.getByTestId('app-shell')).toHaveTextContent('Printwarden');

    await user.click(screen.getByTestId('menu-system'));
    await user.click(await screen.findByTestId('menu-system-agents'));
    expect(await screen.findByTestId('agents-page')).toBeInTheDocument();
    expect(mocked.listAgents).toHaveBeenCalled();
  });

  it.each([
    ['/data-management', 'Data Management'],
    ['/system/configuration', 'System Configuration'],
    ['/system/users', 'Users'],
  ])('says honestly that %s is not available in this version', async (route, area) => {
    renderApp(route);
    const page = await screen.findByTestId('not-available');
    expect(page).toHaveTextContent('Not available in this version');
    expect(page).toHaveTextContent(`“${area}” is not available in this version of Printwarden.`);
  });

  it('shows a not-found page for unknown addresses', async () => {
    renderApp('/no/such/page');
    expect(await screen.findByTestId('not-found')).toHaveTextContent('Page not found');
  });

  it('logs out from the user menu and shows the login page', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderApp('/system/agents');
    await user.click(await screen.findByTestId('user-menu'));
    expect(await screen.findByText('Role: System manager')).toBeInTheDocument();
    await user.click(await screen.findByTestId('logout'));
    expect(await screen.findByTestId('login-page')).toBeInTheDocument();
    expect(mocked.logout).toHaveBeenCalledTimes(1);
  });

  it('returns to the login page when a call answers 401', async () => {
    renderApp('/system/agents');
    await screen.findByTestId('agents-page');
    // Any call through the real client that answers 401 reaches the auth provider.
    await act(() => fetchUnauthorized());
    expect(await screen.findByTestId('login-page')).toBeInTheDocument();
    expect(screen.getByText('Your session has ended. Please sign in again.')).toBeInTheDocument();
  });

  it('follows the language: menus, pages and antd texts in French', async () => {
    await act(() => i18n.changeLanguage('fr'));
    renderApp('/system/users');
    const page = await screen.findByTestId('not-available');
    expect(page).toHaveTextContent('Non disponible dans cette version');
    expect(page).toHaveTextContent('« Utilisateurs »');
    expect(screen.getByTestId('menu-system')).toHaveTextContent('Système');
    await waitFor(() => expect(document.documentElement.lang).toBe('fr'));
  });
});

/** Calls the real request() against a stubbed fetch answering 401, as any API call would. */
async function fetchUnauthorized() {
  const { request } = await vi.importActual<typeof import('../api/client')>('../api/client');
  vi.stubGlobal(
    'fetch',
    vi.fn().mockResolvedValue(new Response('{"code":"unauthenticated","message":"x"}', { status: 401 })),
  );
  try {
    await request('GET', '/agents').catch(() => undefined);
  } finally {
    vi.unstubAllGlobals();
  }
}
