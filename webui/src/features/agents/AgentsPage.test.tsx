import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../../api';
import type { Agent } from '../../api';
import { renderWithProviders } from '../../test/render';
import { AgentsPage } from './AgentsPage';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return {
    ...actual,
    listAgents: vi.fn(),
    createAgent: vi.fn(),
    getAgent: vi.fn(),
    deactivateAgent: vi.fn(),
    deleteAgent: vi.fn(),
    pingAgent: vi.fn(),
  };
});

const mocked = vi.mocked(api);

const agent = (overrides: Partial<Agent>): Agent => ({
  id: 1,
  name: 'agent',
  local: false,
  status: 'inactive',
  version: null,
  hostname: '',
  lastContact: null,
  createdAt: '2025-03-01T08:00:00Z',
  activated: false,
  ...overrides,
});

const AGENTS: Agent[] = [
  agent({
    id: 1,
    name: 'hq-local',
    local: true,
    status: 'active',
    version: '1.2.3',
    hostname: 'printsrv01',
    lastContact: '2025-03-02T10:11:12Z',
    activated: true,
  }),
  agent({
    id: 2,
    name: 'branch-lyon',
    status: 'unreachable',
    version: '1.2.0',
    lastContact: '2025-03-01T09:00:00Z',
    activated: true,
  }),
  agent({ id: 3, name: 'new-site' }),
];

beforeEach(() => {
  vi.resetAllMocks();
  mocked.listAgents.mockResolvedValue(AGENTS);
});

describe('AgentsPage', () => {
  it('renders a row per agent with status tags, badges and formatted dates', async () => {
    renderWithProviders(<AgentsPage />);

    const table = await screen.findByTestId('agents-table');
    await within(table).findByText('hq-local');
    expect(within(table).getByText('branch-lyon')).toBeInTheDocument();
    expect(within(table).getByText('new-site')).toBeInTheDocument();

    const active = screen.getByTestId('agent-status-hq-local');
    expect(active).toHaveTextContent('Active');
    expect(active).toHaveClass('ant-tag-green');
    const unreachable = screen.getByTestId('agent-status-branch-lyon');
    expect(unreachable).toHaveTextContent('Unreachable');
    expect(unreachable).toHaveClass('ant-tag-red');
    const inactive = screen.getByTestId('agent-status-new-site');
    expect(inactive).toHaveTextContent('Inactive');
    expect(inactive.className).not.toMatch(/ant-tag-(green|red)/);

    expect(screen.getByTestId('agent-local-hq-local')).toHaveTextContent('Local');
    expect(screen.queryByTestId('agent-local-branch-lyon')).toBeNull();

    const row = screen.getByTestId('agent-row-hq-local');
    expect(row).toHaveTextContent('1.2.3');
    expect(row).toHaveTextContent('printsrv01');
    expect(row).toHaveTextContent(
      new Date('2025-03-02T10:11:12Z').toLocaleString('en', { dateStyle: 'medium', timeStyle: 'medium' }),
    );
    expect(screen.getByTestId('agent-row-new-site')).toHaveTextContent('Never');
  });

  it('shows an empty state when there is no agent', async () => {
    mocked.listAgents.mockResolvedValue([]);
    renderWithProviders(<AgentsPage />);
    expect(await screen.findByText(/No agents yet/)).toBeInTheDocument();
  });

  it('creates an agent and shows its activation key with the agent command line', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    const created = agent({ id: 4, name: 'paris', local: true });
    mocked.createAgent.mockResolvedValue({ agent: created, activationKey: 'PWAK-1234-ABCD' });
    renderWithProviders(<AgentsPage />);
    await screen.findByText('hq-local');
    await user.click(screen.getByTestId('create-agent-button'));
    await user.type(await screen.findByTestId('agent-name-input'), '  paris ');
    await user.click(screen.getByLabelText('Create as a local agent'));
    mocked.listAgents.mockResolvedValue([...AGENTS, created]);
    await user.click(screen.getByTestId('create-agent-submit'));
    await waitFor(() => expect(mocked.createAgent).toHaveBeenCalledWith({ name: 'paris', local: true }));
    expect(await screen.findByTestId('activation-key')).toHaveTextContent('PWAK-1234-ABCD');
    expect(screen.getByText('Agent “paris” created')).toBeInTheDocument();
    expect(screen.getByTestId('activation-key-command')).toHaveTextContent(
      `printwarden-agent --data-dir DIR --manager ${window.location.origin} --activation-key PWAK-1234-ABCD`,
    );
    // Copy buttons (antd Typography copyable) for the key and the command.
    expect(screen.getAllByLabelText('Copy').length).toBeGreaterThanOrEqual(2);
    // The list is refreshed right away.
    expect(await screen.findByTestId('agent-status-paris')).toHaveTextContent('Inactive');
  });

  it('rejects an empty or too long name without calling the API', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<AgentsPage />);
    await screen.findByText('hq-local');
    await user.click(screen.getByTestId('create-agent-button'));
    await user.click(await screen.findByTestId('create-agent-submit'));
    expect(await screen.findByText('Enter a name.')).toBeInTheDocument();
    await user.click(screen.getByTestId('agent-name-input'));
    await user.paste('x'.repeat(65));
    expect(await screen.findByText('The name can have at most 64 characters.')).toBeInTheDocument();
    expect(mocked.createAgent).not.toHaveBeenCalled();
  });

  it('reports a name conflict on the name field', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.createAgent.mockRejectedValue(new api.ApiError(409, { code: 'conflict', message: 'exists' }));
    renderWithProviders(<AgentsPage />);
    await screen.findByText('hq-local');
    await user.click(screen.getByTestId('create-agent-button'));
    await user.type(await screen.findByTestId('agent-name-input'), 'hq-local');
    await user.click(screen.getByTestId('create-agent-submit'));
    expect(await screen.findByText('An agent with this name already exists.')).toBeInTheDocument();
    expect(screen.queryByTestId('activation-key')).toBeNull();
  });

  it('tests the connection of an agent and shows the round trip', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.pingAgent.mockResolvedValueOnce({ roundTripMs: 42 });
    renderWithProviders(<AgentsPage />);
    await user.click(await screen.findByTestId('agent-ping-hq-local'));
    expect(mocked.pingAgent).toHaveBeenCalledWith(1);
    expect(await screen.findByText('“hq-local” answered in 42 ms.')).toBeInTheDocument();
  });

  it('shows the message of a failed connection test', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.pingAgent.mockRejectedValueOnce(
      new api.ApiError(504, { code: 'agent_timeout', message: 'The agent did not answer in time' }),
    );
    renderWithProviders(<AgentsPage />);
    await user.click(await screen.findByTestId('agent-ping-branch-lyon'));
    expect(
      await screen.findByText('“branch-lyon” did not answer: The agent did not answer in time'),
    ).toBeInTheDocument();
  });

  it('deactivates an agent after confirmation and shows the new key', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.deactivateAgent.mockResolvedValue({
      agent: { ...AGENTS[0], status: 'inactive', activated: false },
      activationKey: 'NEW-KEY-9',
    });
    renderWithProviders(<AgentsPage />);
    await user.click(await screen.findByTestId('agent-deactivate-hq-local'));
    await user.click(await screen.findByTestId('agent-deactivate-confirm-hq-local'));
    await waitFor(() => expect(mocked.deactivateAgent).toHaveBeenCalledWith(1));
    expect(await screen.findByTestId('activation-key')).toHaveTextContent('NEW-KEY-9');
  });

  it('deletes an agent after confirmation', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.deleteAgent.mockResolvedValue(undefined);
    renderWithProviders(<AgentsPage />);
    await user.click(await screen.findByTestId('agent-delete-new-site'));
    await user.click(await screen.findByTestId('agent-delete-confirm-new-site'));
    await waitFor(() => expect(mocked.deleteAgent).toHaveBeenCalledWith(3));
    expect(await screen.findByText('Agent “new-site” deleted')).toBeInTheDocument();
  });

  it('shows the details of an inactive agent with its activation key', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.getAgent.mockResolvedValue({ agent: AGENTS[2], activationKey: 'DETAIL-KEY' });
    renderWithProviders(<AgentsPage />);
    await user.click(await screen.findByTestId('agent-details-new-site'));
    expect(await screen.findByTestId('details-activation-key')).toHaveTextContent('DETAIL-KEY');
    expect(mocked.getAgent).toHaveBeenCalledWith(3);
    expect(screen.getByText('Agent “new-site”')).toBeInTheDocument();
  });

  it('polls the list every 2 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      renderWithProviders(<AgentsPage />);
      await screen.findByText('hq-local');
      const before = mocked.listAgents.mock.calls.length;
      mocked.listAgents.mockResolvedValue([{ ...AGENTS[2], status: 'active', activated: true }]);
      await vi.advanceTimersByTimeAsync(2100);
      await waitFor(() => expect(screen.getByTestId('agent-status-new-site')).toHaveTextContent('Active'));
      expect(mocked.listAgents.mock.calls.length).toBeGreaterThan(before);
    } finally {
      vi.useRealTimers();
    }
  });
});
