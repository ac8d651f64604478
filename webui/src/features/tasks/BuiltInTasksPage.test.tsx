import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../../api';
import { ApiError, type BuiltInTask } from '../../api';
import { renderWithProviders } from '../../test/render';
import { BuiltInTasksPage } from './BuiltInTasksPage';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return {
    ...actual,
    listBuiltInTasks: vi.fn(),
    updateBuiltInTask: vi.fn(),
    runBuiltInTask: vi.fn(),
    getCommunicationWindows: vi.fn(),
    putCommunicationWindows: vi.fn(),
  };
});
const mocked = vi.mocked(api);

const task = (overrides: Partial<BuiltInTask>): BuiltInTask => ({
  name: 'monitorPrinters',
  active: true,
  intervalMinutes: 5,
  boundByWindows: true,
  lastStarted: null,
  ...overrides,
});

beforeEach(() => {
  vi.resetAllMocks();
  mocked.listBuiltInTasks.mockResolvedValue([
    task({}),
    task({ name: 'checkAddressBook', boundByWindows: false, intervalMinutes: 1440 }),
  ]);
  mocked.getCommunicationWindows.mockResolvedValue({ standard: [{ start: '00:00', end: '24:00' }] });
});

describe('Built-in Tasks', () => {
  it('switches a task off and shows why an execution was refused', async () => {
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.updateBuiltInTask.mockResolvedValue(task({ active: false }));
    mocked.runBuiltInTask.mockRejectedValue(
      new ApiError(503, { code: 'storage_busy', message: 'The database is busy; try again.' }),
    );
    renderWithProviders(<BuiltInTasksPage />);
    const row = await screen.findByTestId('task-row-monitorPrinters');
    expect(row).toHaveTextContent('Monitor printers');
    expect(row).toHaveTextContent('Inside the windows');
    expect(screen.getByTestId('task-row-checkAddressBook')).toHaveTextContent('Any time');
    expect(screen.getByTestId('task-last-started-monitorPrinters')).toHaveTextContent('Never');

    await user.click(within(row).getByRole('switch'));
    expect(mocked.updateBuiltInTask).toHaveBeenCalledWith('monitorPrinters', { active: false });

    await user.click(screen.getByTestId('task-run-checkAddressBook'));
    expect(mocked.runBuiltInTask).toHaveBeenCalledWith('checkAddressBook');
    expect(await screen.findByText('The database is busy; try again.')).toBeInTheDocument();
  });

  it('saves an exception day and refuses overlapping windows', async () => {
    const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.putCommunicationWindows.mockImplementation((w) => Promise.resolve(w));
    renderWithProviders(<BuiltInTasksPage />);
    await screen.findByTestId('windows-standard');

    // Sunday gets its own (empty) list: no periodic communication that day.
    await user.click(screen.getByTestId('windows-exception-sunday'));
    expect(screen.getByTestId('windows-list-sunday')).toHaveTextContent('No window');
    await user.click(screen.getByTestId('windows-save'));
    await waitFor(() => expect(mocked.putCommunicationWindows).toHaveBeenCalledTimes(1));
    const saved = mocked.putCommunicationWindows.mock.calls[0][0];
    expect(saved.standard).toEqual([{ start: '00:00', end: '24:00' }]);
    expect(saved.exceptions?.sunday).toEqual([]);
    expect(saved.exceptions?.monday).toBeNull();

    // Two whole-day windows on Sunday overlap: refused before it reaches the Manager.
    await user.click(screen.getByTestId('windows-list-sunday-add'));
    await user.click(screen.getByTestId('windows-list-sunday-add'));
    expect(await screen.findByTestId('windows-problem')).toHaveTextContent('Sunday: windows must not overlap.');
    expect(screen.getByTestId('windows-save')).toBeDisabled();
  });
});
