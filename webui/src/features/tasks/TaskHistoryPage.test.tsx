import { screen, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../../api';
import type { TaskRun } from '../../api';
import { renderWithProviders } from '../../test/render';
import { toSchedule } from './TaskEditorModal';
import { TaskHistoryPage } from './TaskHistoryPage';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return { ...actual, listTaskRuns: vi.fn(), getTaskRun: vi.fn(), recoverTaskRun: vi.fn(), cancelTaskRun: vi.fn() };
});
const mocked = vi.mocked(api);

const run: TaskRun = {
  id: 7,
  taskId: 3,
  taskName: 'Sweep',
  taskType: 'discovery',
  state: 'completed',
  result: 'error',
  detail: null,
  counts: { success: 1, error: 1 },
  createdAt: '2026-06-01T10:00:00Z',
  startedAt: '2026-06-01T10:00:00Z',
  endedAt: '2026-06-01T10:01:00Z',
};

beforeEach(() => {
  vi.resetAllMocks();
  mocked.listTaskRuns.mockResolvedValue([run]);
  mocked.getTaskRun.mockResolvedValue({
    ...run,
    targetTotal: 2,
    targets: [
      { kind: 'agent', id: 1, result: 'success', detail: '4 printers found', step: 0, commandId: 9, updatedAt: null },
      {
        kind: 'agent',
        id: 2,
        result: 'error',
        detail: 'interrupted by a Manager restart',
        step: 0,
        commandId: null,
        updatedAt: null,
      },
    ],
  });
});

describe('Task History', () => {
  it('shows each target’s result and recovers the failed ones', async () => {
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<TaskHistoryPage />);
    const row = await screen.findByTestId('run-row-7');
    expect(within(row).getByTestId('run-result-7')).toHaveTextContent('Error');
    expect(row).toHaveTextContent('Success: 1, Error: 1');
    await user.click(within(row).getByRole('button', { name: /expand row/i }));
    expect(await screen.findByTestId('target-result-agent-2')).toHaveTextContent('Error');
    expect(screen.getByText('interrupted by a Manager restart')).toBeInTheDocument();
    expect(screen.getByTestId('target-result-agent-1')).toHaveTextContent('Success');

    mocked.recoverTaskRun.mockResolvedValue({} as api.Task);
    await user.click(screen.getByTestId('run-recover-7'));
    expect(mocked.recoverTaskRun).toHaveBeenCalledWith(7);
  });
});

describe('toSchedule', () => {
  it('keeps only the fields of the chosen kind', () => {
    expect(toSchedule({ kind: 'now', time: '02:00' })).toEqual({ kind: 'now' });
    expect(toSchedule({ kind: 'weekly', time: '22:00', every: 2, weekdays: [1, 5], monthDay: 3 })).toEqual({
      kind: 'weekly',
      time: '22:00',
      every: 2,
      weekdays: [1, 5],
    });
    expect(
      toSchedule({ kind: 'monthly', time: '08:00', every: 1, monthlyRule: 'weekday', weekOfMonth: 'last', weekday: 5 }),
    ).toEqual({ kind: 'monthly', time: '08:00', every: 1, weekOfMonth: 'last', weekday: 5 });
    expect(toSchedule({ kind: 'monthly', time: '08:00', monthDay: 'last' })).toEqual({
      kind: 'monthly',
      time: '08:00',
      every: 1,
      monthDay: 'last',
    });
  });
});
