import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '../../api';
import type { DeviceStatus, DeviceSupplies } from '../../api';
import { testDevice } from '../../test/devices';
import { renderWithProviders } from '../../test/render';
import { DeviceDetailsPage, webPageUrl } from './DeviceDetailsPage';
import { jamAlert } from './testAlerts';

vi.mock('../../api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../api')>();
  return {
    ...actual,
    getDevice: vi.fn(),
    getDeviceStatus: vi.fn(),
    getDeviceSupplies: vi.fn(),
    getDeviceCounters: vi.fn(),
    getStatusHistory: vi.fn(),
    refreshDevice: vi.fn(),
    listAgents: vi.fn(),
  };
});
const mocked = vi.mocked(api);

const device = testDevice({
  id: 7,
  agentId: 1,
  vendor: 'Brother',
  model: 'HL-5370DW',
  serial: 'S7',
  firmware: '1.0',
  mac: '00:80:77:00:00:07',
  name: 'hall',
  ipAddress: '127.16.0.1',
  firstSeen: '2026-11-01T00:00:00Z',
  lastSeen: '2026-11-21T10:00:00Z',
  communication: { protocol: 'snmp', version: 'v2c', credentialId: 1, lastError: null },
  status: { severity: 'error', power: 'on' },
  lowestSupply: { percent: 42, state: 'value', name: 'Black Toner', colorant: 'black' },
});

const status = (readAt: string): DeviceStatus => ({
  polled: true,
  severity: 'error',
  power: 'on',
  conditions: ['jammed'],
  alerts: [jamAlert({ description: 'Paper jam in tray 2', timeTicks: 100, condition: 'jammed' })],
  error: null,
  readAt,
  since: '2026-11-21T09:00:00Z',
});

const supplies: DeviceSupplies = {
  polled: true,
  readAt: '2026-11-21T10:00:00Z',
  items: [
    {
      index: '1.1',
      description: 'Black toner',
      class: 'consumed',
      type: 'toner',
      unit: 'percent',
      maxCapacity: { state: 'value', value: 100 },
      level: { state: 'value', value: 42 },
      percent: 42,
      colorant: 'black',
      daysToEmpty: 12.4,
    },
    {
      index: '1.2',
      description: 'Drum',
      class: 'consumed',
      type: 'opc',
      unit: 'impressions',
      maxCapacity: { state: 'value', value: 30000 },
      level: { state: 'some_remaining' },
      percent: null,
      colorant: '',
      daysToEmpty: null,
    },
  ],
  inputTrays: [
    {
      index: '1.2',
      name: 'Tray 2',
      type: 'sheetFeedAutoRemovableTray',
      capacityUnit: 'sheets',
      maxCapacity: { state: 'value', value: 250 },
      level: { state: 'unknown' },
      percent: null,
      mediaName: 'A4',
    },
  ],
  outputBins: [],
};

beforeEach(() => {
  vi.resetAllMocks();
  mocked.listAgents.mockResolvedValue([]);
  mocked.getDevice.mockResolvedValue(device);
  mocked.getDeviceStatus.mockResolvedValue(status('2026-11-21T10:00:00Z'));
  mocked.getDeviceSupplies.mockResolvedValue(supplies);
  mocked.getDeviceCounters.mockResolvedValue({
    latest: { normalized: { total: { value: 48213, unit: 'impressions' } }, profile: 'generic.json' },
    readAt: '2026-11-21T10:00:00Z',
    daily: [],
  });
  mocked.getStatusHistory.mockResolvedValue({
    items: [
      { severity: 'ok', power: 'on', conditions: [], start: '2026-11-21T08:00:00Z', end: '2026-11-21T09:00:00Z' },
      { severity: 'error', power: 'on', conditions: ['jammed'], start: '2026-11-21T09:00:00Z', end: null },
    ],
  });
});

const renderPage = () =>
  renderWithProviders(
    <Routes>
      <Route path="/devices/list/:id" element={<DeviceDetailsPage />} />
    </Routes>,
    { route: '/devices/list/7' },
  );

describe('Device details page', () => {
  it('shows status, alerts, supplies with their special states, trays, counters and history', async () => {
    renderPage();
    expect(await screen.findByTestId('device-page-title')).toHaveTextContent('hall');
    expect(mocked.getDeviceStatus).toHaveBeenCalledWith(7);

    expect(screen.getByTestId('status-severity')).toHaveAttribute('data-severity', 'error');
    expect(screen.getByTestId('status-power')).toHaveTextContent('On');
    expect(screen.getByTestId('status-conditions')).toHaveTextContent('Paper jam');
    const alerts = screen.getByTestId('alerts-table');
    expect(alerts).toHaveTextContent('Paper jam in tray 2');
    expect(alerts).toHaveTextContent('Anyone');
    expect(alerts).toHaveTextContent('mediaPath (13)');
    expect(alerts).toHaveTextContent('jam (8)');

    expect(screen.getByTestId('supply-level-1.1')).toHaveAttribute('data-percent', '42');
    expect(screen.getByTestId('supply-level-1.2')).toHaveTextContent('Some remaining');
    expect(screen.getByTestId('supplies-table')).toHaveTextContent('≈ 12');
    expect(screen.getByTestId('tray-level-1.2')).toHaveTextContent('Level unknown');
    expect(screen.getByTestId('trays-table')).toHaveTextContent('250 sheets');
    expect(screen.getByTestId('bins-table')).toHaveTextContent('The printer reports no output bins.');

    expect(screen.getByTestId('counter-total')).toHaveTextContent('48,213');
    expect(screen.getByTestId('counters-card')).toHaveTextContent('No daily readings yet.');

    // Newest edge first; the closed one lasted an hour.
    expect(within(screen.getByTestId('history-row-0')).getByText('Ongoing')).toBeInTheDocument();
    expect(screen.getByTestId('history-row-1')).toHaveTextContent('1 hr');

    const web = screen.getByTestId('device-web-page');
    expect(web).toHaveAttribute('href', 'http://127.16.0.1/');
    expect(web).toHaveAttribute('target', '_blank');
  });

  it('"Refresh now" asks for a poll and says when the new reading arrived', async () => {
    mocked.refreshDevice.mockResolvedValue({ commandId: 3, deviceIds: [7], skipped: [] });
    renderPage();
    const button = await screen.findByTestId('device-refresh');
    mocked.getDeviceStatus.mockResolvedValue(status('2026-11-21T10:05:00Z'));
    await userEvent.click(button);
    expect(mocked.refreshDevice).toHaveBeenCalledWith(7);
    expect(await screen.findByText('New readings received')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('device-refresh')).toHaveAttribute('data-awaiting', 'false'));
  });

  it('says why the Manager did not poll the device', async () => {
    mocked.refreshDevice.mockResolvedValue({
      commandId: 0,
      deviceIds: [],
      skipped: [{ deviceId: 7, reason: 'no credential' }],
    });
    renderPage();
    await userEvent.click(await screen.findByTestId('device-refresh'));
    expect(await screen.findByText('The device was not polled: no credential')).toBeInTheDocument();
  });

  it('shows "not polled yet" before the first reading', async () => {
    mocked.getDeviceStatus.mockResolvedValue({
      polled: false,
      severity: 'unknown',
      power: 'unknown',
      conditions: [],
      alerts: [],
    });
    mocked.getDeviceSupplies.mockResolvedValue({ polled: false, items: [], inputTrays: [], outputBins: [] });
    mocked.getDeviceCounters.mockResolvedValue({ latest: null, readAt: null, daily: [] });
    mocked.getStatusHistory.mockResolvedValue({ items: [] });
    renderPage();
    const card = await screen.findByTestId('status-card');
    expect(card).toHaveTextContent('No reading yet.');
    expect(screen.getByTestId('supplies-card')).toHaveTextContent('No reading yet.');
    expect(screen.queryByTestId('device-page-status')).toBeNull();
  });

  it('says when another device answers at the address', async () => {
    mocked.getDeviceStatus.mockResolvedValue({
      ...status('2026-11-21T10:05:00Z'),
      power: 'conflict',
      error: { kind: 'conflict', message: 'MAC 00:11:22:33:44:55 answers instead of 00:80:77:00:00:07' },
    });
    renderPage();
    const error = await screen.findByTestId('status-poll-error');
    expect(error).toHaveTextContent('Another device answers at this address');
    expect(error).toHaveTextContent('MAC 00:11:22:33:44:55 answers instead of 00:80:77:00:00:07');
    expect(screen.getByTestId('status-power')).toHaveTextContent('Address conflict');
  });
});

describe('webPageUrl', () => {
  it('is the IP address, then the host name, whatever the link URL', () => {
    expect(webPageUrl({ ...device, linkUrl: 'https://p.example/ui' })).toBe('http://127.16.0.1/');
    expect(webPageUrl(device)).toBe('http://127.16.0.1/');
    expect(webPageUrl({ ...device, ipAddress: '', hostname: 'p1.example' })).toBe('http://p1.example/');
    expect(webPageUrl({ ...device, ipAddress: '', hostname: '' })).toBeNull();
  });
});
