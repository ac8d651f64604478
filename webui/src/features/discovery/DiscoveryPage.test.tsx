import { screen, waitFor } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../../api';
import type { DiscoveryRun } from '../../api';
import { renderWithProviders } from '../../test/render';
import { DiscoveryPage } from './DiscoveryPage';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return { ...actual, listDiscoveries: vi.fn(), listAgents: vi.fn(), getDiscovery: vi.fn() };
});
const mocked = vi.mocked(api);

const run = (overrides: Partial<DiscoveryRun>): DiscoveryRun => ({
  id: 1,
  state: 'succeeded',
  kind: 'scope',
  target: null,
  port: 161,
  registration: { method: 'managed', conditions: [] },
  createdBy: 'administrator',
  createdAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:01:00Z',
  agents: [
    {
      agentId: 1,
      agentName: 'local',
      state: 'succeeded',
      progress: { done: 256, total: 256, found: 3 },
      error: null,
    },
  ],
  summary: { probed: 256, found: 3, created: 2, updated: 1, managed: 2, unmanaged: 1, notPrinters: 0, failures: [] },
  ...overrides,
});

beforeEach(() => {
  vi.resetAllMocks();
  mocked.listAgents.mockResolvedValue([]);
});

describe('Discovery', () => {
  it('polls every second while a run is running, then shows its result', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const running = run({
        id: 7,
        state: 'running',
        finishedAt: null,
        agents: [{ ...run({}).agents[0], state: 'running', progress: { done: 64, total: 256, found: 1 } }],
      });
      mocked.listDiscoveries.mockResolvedValue([running]);
      renderWithProviders(<DiscoveryPage />);
      expect(await screen.findByTestId('run-state-7')).toHaveTextContent('Running');
      expect(screen.getByTestId('run-row-7')).toHaveTextContent('25%');

      mocked.listDiscoveries.mockResolvedValue([run({ id: 7 })]);
      await vi.advanceTimersByTimeAsync(1100);
      await waitFor(() => expect(screen.getByTestId('run-state-7')).toHaveTextContent('Succeeded'));
      expect(screen.getByTestId('run-row-7')).toHaveTextContent('3 found, 2 new');
      const calls = mocked.listDiscoveries.mock.calls.length;
      await vi.advanceTimersByTimeAsync(3000);
      expect(mocked.listDiscoveries.mock.calls.length).toBe(calls); // nothing runs: no 1 s polling
    } finally {
      vi.useRealTimers();
    }
  });

  it('opens a run with its per-agent progress and failures', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    const failed = run({
      id: 4,
      state: 'partial',
      summary: {
        ...run({}).summary,
        failures: [{ address: '10.0.0.9', kind: 'timeout', message: 'no answer' }],
      },
    });
    mocked.listDiscoveries.mockResolvedValue([failed]);
    mocked.getDiscovery.mockResolvedValue(failed);
    renderWithProviders(<DiscoveryPage />);
    await user.click(await screen.findByTestId('run-open-4'));
    expect(await screen.findByTestId('run-details-state')).toHaveTextContent('Partly succeeded');
    expect(screen.getByTestId('run-agents')).toHaveTextContent('256 of 256 addresses · 3 found');
    expect(screen.getByTestId('run-failures')).toHaveTextContent('no answer');
    expect(screen.queryByTestId('run-cancel')).toBeNull();
  });
});
