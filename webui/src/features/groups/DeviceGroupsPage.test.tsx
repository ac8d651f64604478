import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../../api';
import type { DeviceGroupNode } from '../../api';
import { testDevice } from '../../test/devices';
import { renderWithProviders } from '../../test/render';
import { DeviceGroupsPage } from './DeviceGroupsPage';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return {
    ...actual,
    listGroupTree: vi.fn(),
    listAgents: vi.fn(),
    listDevices: vi.fn(),
    removeGroupMembers: vi.fn(),
  };
});
const mocked = vi.mocked(api);

const group = (overrides: Partial<DeviceGroupNode>): DeviceGroupNode => ({
  id: 1,
  parentId: null,
  name: 'g',
  comment: '',
  kind: 'static',
  filter: null,
  memberCount: 0,
  createdAt: '2026-01-01T00:00:00Z',
  children: [],
  ...overrides,
});

const device = (id: number, name: string) =>
  testDevice({ id, name, vendor: 'Canon', model: 'C3226', serial: `S${id}`, ipAddress: `10.0.0.${id}` });

beforeEach(() => {
  vi.resetAllMocks();
  mocked.listAgents.mockResolvedValue([]);
  mocked.listGroupTree.mockResolvedValue([
    group({
      id: 1,
      name: 'Sites',
      children: [group({ id: 2, parentId: 1, name: 'Front desk', memberCount: 2 })],
    }),
    group({ id: 3, name: 'Canon fleet', kind: 'dynamic', filter: { vendor: ['canon'] }, memberCount: 7 }),
  ]);
  mocked.listDevices.mockResolvedValue({
    items: [device(5, 'hall'), device(6, 'lab')],
    total: 2,
    page: 1,
    pageSize: 50,
    statusCounts: { severity: {}, power: {} },
  });
});

describe('Device Groups', () => {
  it('shows the tree with member counts and a group’s own devices through filter[group]', async () => {
    renderWithProviders(<DeviceGroupsPage />);
    expect(await screen.findByTestId('group-node-Canon fleet')).toHaveTextContent('Canon fleet 7');
    expect(screen.getByTestId('group-node-Front desk')).toHaveTextContent('Front desk 2');

    await userEvent.click(screen.getByTestId('group-node-Canon fleet'));
    expect(await screen.findByTestId('group-device-6')).toBeInTheDocument();
    expect(screen.getByTestId('group-filter')).toHaveTextContent('vendor: canon');
    expect(mocked.listDevices).toHaveBeenLastCalledWith({ page: 1, pageSize: 50, sort: 'name', groups: [3] });
    // A dynamic group's devices come from its filter: nothing to remove by hand.
    expect(screen.queryByTestId('group-remove-members')).not.toBeInTheDocument();
  });

  it('removes the selected devices from a static group', async () => {
    mocked.removeGroupMembers.mockResolvedValue({ removed: 1, memberCount: 1 });
    renderWithProviders(<DeviceGroupsPage />);
    await userEvent.click(await screen.findByTestId('group-node-Front desk'));
    const row = await screen.findByTestId('group-device-5');
    await userEvent.click(within(row).getByRole('checkbox'));
    await userEvent.click(screen.getByTestId('group-remove-members'));
    await waitFor(() => expect(mocked.removeGroupMembers).toHaveBeenCalledWith(2, [5]));
    await waitFor(() => expect(mocked.listGroupTree).toHaveBeenCalledTimes(2)); // counts reloaded
  });
});
