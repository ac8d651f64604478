import { screen, waitFor } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../../api';
import { AppRoutes } from '../../shell/AppRoutes';
import { renderWithProviders } from '../../test/render';
import { AuthProvider } from './AuthProvider';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return {
    ...actual,
    getSession: vi.fn(),
    listDevices: vi.fn(),
    login: vi.fn(),
    logout: vi.fn(),
    listAgents: vi.fn(),
  };
});

const mocked = vi.mocked(api);

function renderApp(route = '/') {
  return renderWithProviders(
    <AuthProvider>
      <AppRoutes />
    </AuthProvider>,
    { route },
  );
}

beforeEach(() => {
  vi.resetAllMocks();
  mocked.getSession.mockRejectedValue(new api.ApiError(401, { code: 'unauthenticated', message: 'No session' }));
  mocked.listAgents.mockResolvedValue([]);
  mocked.listDevices.mockResolvedValue({
    items: [],
    total: 0,
    page: 1,
    pageSize: 200,
    statusCounts: { severity: {}, power: {} },
  });
});

describe('LoginPage', () => {
  it('is shown when there is no session', async () => {
    renderApp('/system/agents');
    expect(await screen.findByTestId('login-page')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByLabelText('User name')).toBeInTheDocument();
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
    expect(screen.getByLabelText('Remember me')).not.toBeChecked();
  });

  it('submits the credentials with remember and opens the console', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.login.mockResolvedValue({
      csrfToken: 'tok',
      user: { username: 'administrator', role: 'administrator' },
    });
    renderApp('/system/agents');

    await user.type(await screen.findByLabelText('User name'), 'administrator');
    await user.type(screen.getByLabelText('Password'), 'Secret-1');
    await user.click(screen.getByLabelText('Remember me'));
    await user.click(screen.getByTestId('login-submit'));

    await waitFor(() =>
      expect(mocked.login).toHaveBeenCalledWith({ username: 'administrator', password: 'Secret-1', remember: true }),
    );
    // Back to the page that was asked for, inside the console frame.
    expect(await screen.findByTestId('agents-page')).toBeInTheDocument();
    expect(screen.getByTestId('current-user')).toHaveTextContent('administrator');
  });

  it('shows the message of the API problem when the login is refused', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.login.mockRejectedValue(
      new api.ApiError(401, { code: 'invalid_credentials', message: 'Wrong user name or password.' }),
    );
    renderApp('/login');

    await user.type(await screen.findByLabelText('User name'), 'administrator');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByTestId('login-submit'));

    expect(await screen.findByTestId('login-error')).toHaveTextContent('Wrong user name or password.');
    expect(mocked.login).toHaveBeenCalledWith({ username: 'administrator', password: 'nope', remember: false });
    expect(screen.getByTestId('login-page')).toBeInTheDocument();
  });

  it('asks for the missing fields instead of calling the API', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderApp('/login');
    await user.click(await screen.findByTestId('login-submit'));
    expect(await screen.findByText('Enter your user name.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(mocked.login).not.toHaveBeenCalled();
  });

  it('restores an existing session without asking to log in', async () => {
    mocked.getSession.mockResolvedValue({ csrfToken: 't', user: { username: 'ops', role: 'operator' } });
    renderApp('/login');
    // The home page is the first menu entry, the device list.
    expect(await screen.findByTestId('devices-page')).toBeInTheDocument();
    expect(screen.getByTestId('app-shell')).toBeInTheDocument();
    expect(screen.getByTestId('current-user')).toHaveTextContent('ops');
  });
});
