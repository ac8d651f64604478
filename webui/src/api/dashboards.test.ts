/**
 * The dashboard calls and types against the REST contract (proto/openapi.json), as
 * contract.test.ts does for the rest of the client.
 */
import { describe, expect, it } from 'vitest';

import * as api from '.';
import { fieldsOf, keys, recordFetchCalls, spec } from './contractTesting';
import type {
  AgentHealth,
  CounterTrendsPanel,
  Dashboard,
  DashboardPanel,
  DeviceInError,
  LowSupply,
  LowSuppliesPanel,
  PagesPoint,
  StatusBreakdownPanel,
} from '.';

const DASHBOARD: Record<keyof Dashboard, true> = { scope: true, panels: true, updatedAt: true };
const PANEL: Record<keyof DashboardPanel, true> = { type: true, title: true, size: true, options: true };
const BREAKDOWN: Record<keyof StatusBreakdownPanel, true> = { counts: true, total: true };
const IN_ERROR: Record<keyof DeviceInError, true> = {
  id: true,
  name: true,
  ipAddress: true,
  model: true,
  location: true,
  severity: true,
  power: true,
  conditions: true,
  since: true,
};
const LOW: Record<keyof LowSupply, true> = {
  id: true,
  name: true,
  ipAddress: true,
  model: true,
  supply: true,
  colorant: true,
  percent: true,
  daysToEmpty: true,
};
const LOW_PANEL: Record<keyof LowSuppliesPanel, true> = { thresholdPercent: true, total: true, devices: true };
const POINT: Record<keyof PagesPoint, true> = { date: true, pages: true, devices: true };
const TREND: Record<keyof CounterTrendsPanel, true> = { interval: true, from: true, to: true, points: true };
const AGENT: Record<keyof AgentHealth, true> = {
  id: true,
  name: true,
  status: true,
  lastContact: true,
  devices: true,
  outboxRecords: true,
  outboxSampledAt: true,
};

describe('dashboard REST contract', () => {
  const calls = recordFetchCalls();

  it('calls documented operations with the options in the query string', async () => {
    await api.getDashboard('shared');
    await api.putDashboard('mine', [{ type: 'lowSupplies', title: '', size: 'small', options: { limit: 5 } }]);
    await api.getPanelData('counterTrends', { days: 14, interval: 'week' });
    await api.getPanelData('agentHealth');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/dashboards/shared',
      'PUT /api/v1/dashboards/mine',
      'GET /api/v1/dashboard/panels/counterTrends?days=14&interval=week',
      'GET /api/v1/dashboard/panels/agentHealth',
    ]);
    expect(JSON.parse(calls[1].body!)).toEqual({
      panels: [{ type: 'lowSupplies', title: '', size: 'small', options: { limit: 5 } }],
    });
    expect(spec.paths['/api/v1/dashboards/shared']).toHaveProperty('get');
    expect(spec.paths['/api/v1/dashboards/shared']).toHaveProperty('put');
    expect(spec.paths['/api/v1/dashboards/mine']).toHaveProperty('put');
    expect(spec.paths['/api/v1/dashboard/panels/{type}']).toHaveProperty('get');
  });

  it('has the documented fields and enums', () => {
    const s = spec.components.schemas;
    expect(keys(DASHBOARD)).toEqual(fieldsOf(s.Dashboard));
    expect(keys(PANEL)).toEqual(fieldsOf(s.DashboardPanel));
    expect(keys(BREAKDOWN)).toEqual(fieldsOf(s.StatusBreakdownPanel));
    expect(keys(IN_ERROR)).toEqual(fieldsOf(s.DeviceInError));
    expect(keys(LOW)).toEqual(fieldsOf(s.LowSupply));
    expect(keys(LOW_PANEL)).toEqual(fieldsOf(s.LowSuppliesPanel));
    expect(keys(POINT)).toEqual(fieldsOf(s.PagesPoint));
    expect(keys(TREND)).toEqual(fieldsOf(s.CounterTrendsPanel));
    expect(keys(AGENT)).toEqual(fieldsOf(s.AgentHealth));
    expect(s.PanelType.enum).toEqual([...api.PANEL_TYPES]);
    expect(s.DashboardPanel.properties!.size.enum).toEqual([...api.PANEL_SIZES]);
    expect(s.Dashboard.properties!.scope.enum).toEqual([...api.DASHBOARD_SCOPES]);
    expect([...(s.StatusBreakdownPanel.properties!.counts.required ?? [])].sort()).toEqual(
      [...api.STATUS_CATEGORIES].sort(),
    );
  });
});
