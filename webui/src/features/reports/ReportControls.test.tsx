import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../../api';
import { renderWithProviders } from '../../test/render';
import { TargetSelect } from './ReportControls';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return { ...actual, listGroups: vi.fn(), listRegions: vi.fn() };
});
const mocked = vi.mocked(api);

beforeEach(() => {
  vi.resetAllMocks();
  mocked.listGroups.mockResolvedValue([{ id: 4, name: 'Finance' } as api.DeviceGroup]);
  mocked.listRegions.mockResolvedValue([]);
});

describe('TargetSelect', () => {
  it('falls back to all devices when a remembered group is gone', async () => {
    const onChange = vi.fn();
    renderWithProviders(<TargetSelect value={{ kind: 'group', id: 9 }} onChange={onChange} />);
    await waitFor(() => expect(onChange).toHaveBeenCalledWith({ kind: 'all' }));
  });

  it('keeps a group that still exists', async () => {
    const onChange = vi.fn();
    renderWithProviders(<TargetSelect value={{ kind: 'group', id: 4 }} onChange={onChange} />);
    // Shown by its name once the groups are loaded (and the check has run).
    await screen.findByText('Group: Finance');
    expect(onChange).not.toHaveBeenCalled();
  });
});
