import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../../api';
import { testDevice } from '../../test/devices';
import { renderWithProviders } from '../../test/render';
import { DeviceListPage } from './DeviceListPage';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return {
    ...actual,
    listDevices: vi.fn(),
    listAgents: vi.fn(),
    listRegions: vi.fn(),
    listDeviceViews: vi.fn(),
    removeDevice: vi.fn(),
  };
});
const mocked = vi.mocked(api);

const device = testDevice;

beforeEach(() => {
  vi.resetAllMocks();
  mocked.listAgents.mockResolvedValue([]);
  mocked.listRegions.mockResolvedValue([]);
  mocked.listDeviceViews.mockResolvedValue([]);
  mocked.listDevices.mockResolvedValue({
    items: [device({ id: 1, name: 'hall' }), device({ id: 2, name: 'lab', state: 'unmanaged' })],
    total: 2,
    page: 1,
    pageSize: 200,
    statusCounts: { severity: { ok: 1, notPolled: 1 }, power: { on: 1, notPolled: 1 } },
  });
});

describe('Device List', () => {
  it('shows a page of devices with state tags and the total', async () => {
    renderWithProviders(<DeviceListPage />);
    const row = await screen.findByTestId('device-row-2');
    expect(within(row).getByText('lab')).toBeInTheDocument();
    expect(within(row).getByText('Unmanaged')).toBeInTheDocument();
    expect(screen.getByTestId('devices-total')).toHaveTextContent('Total: 2');
    expect(mocked.listDevices).toHaveBeenLastCalledWith({ page: 1, pageSize: 200, filters: {} });
  });

  it('asks the Manager for the state of the chosen tab', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<DeviceListPage />);
    await screen.findByTestId('device-row-1');
    await user.click(screen.getByTestId('device-view-removed'));
    await waitFor(() =>
      expect(mocked.listDevices).toHaveBeenLastCalledWith({ page: 1, pageSize: 200, filters: { state: ['removed'] } }),
    );
  });

  it('opens the view a link describes and filters by a status count', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    renderWithProviders(<DeviceListPage />, {
      route:
        '/devices/list?page=2&sort=severity&order=desc&filter[vendor]=HP&filter[state]=managed&columns=name,status',
    });
    await screen.findByTestId('device-row-1');
    expect(mocked.listDevices).toHaveBeenLastCalledWith({
      page: 2,
      pageSize: 200,
      sort: 'severity',
      order: 'desc',
      filters: { vendor: ['HP'], state: ['managed'] },
    });
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).not.toContain('Model');
    await user.click(screen.getByTestId('count-severity-ok'));
    await waitFor(() =>
      expect(mocked.listDevices).toHaveBeenLastCalledWith({
        page: 1,
        pageSize: 200,
        sort: 'severity',
        order: 'desc',
        filters: { vendor: ['HP'], severity: ['ok'], state: ['managed'] },
      }),
    );
  });

  it('removes a device after confirmation and reloads the page', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    mocked.removeDevice.mockResolvedValue(device({ id: 1, state: 'removed' }));
    renderWithProviders(<DeviceListPage />);
    await user.click(await screen.findByTestId('device-remove-1'));
    const calls = mocked.listDevices.mock.calls.length;
    await user.click(await screen.findByTestId('device-remove-confirm-1'));
    await waitFor(() => expect(mocked.removeDevice).toHaveBeenCalledWith(1));
    expect(await screen.findByText('“hall” removed')).toBeInTheDocument();
    await waitFor(() => expect(mocked.listDevices.mock.calls.length).toBeGreaterThan(calls));
  });

  it('shows the problem message when the list cannot be loaded', async () => {
    mocked.listDevices.mockRejectedValue(
      new api.ApiError(400, { code: 'invalid_input', message: 'filter: there is no device field "x"' }),
    );
    renderWithProviders(<DeviceListPage />);
    expect(await screen.findByText('filter: there is no device field "x"')).toBeInTheDocument();
  });
});
