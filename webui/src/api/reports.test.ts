/**
 * The report calls and types against the REST contract (proto/openapi.json), as
 * contract.test.ts does for the rest of the client.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import * as api from '.';
import type {
  CounterReport,
  CounterReportRow,
  FirmwareLine,
  StatusReport,
  StatusShares,
  SuppliesReport,
  SupplyOrderLine,
  SupplyReportRow,
} from '.';

interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
}
const spec = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'proto', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
  components: { schemas: Record<string, Schema> };
};
const schemas = spec.components.schemas;
const resolve = (s: Schema): Schema => (s.$ref ? schemas[s.$ref.split('/').pop()!] : s);
const fieldsOf = (s: Schema) => Object.keys(resolve(s).properties ?? {}).sort();
const keys = (o: object) => Object.keys(o).sort();

const COUNTER_REPORT: Record<keyof CounterReport, true> = {
  kind: true,
  period: true,
  end: true,
  counter: true,
  counters: true,
  periods: true,
  rows: true,
  totals: true,
};
const COUNTER_ROW: Record<keyof CounterReportRow, true> = {
  deviceId: true,
  name: true,
  model: true,
  serial: true,
  ipAddress: true,
  region: true,
  timeZone: true,
  resets: true,
  replacements: true,
  counter: true,
  values: true,
  total: true,
  readAt: true,
};
const STATUS_REPORT: Record<keyof StatusReport, true> = {
  period: true,
  end: true,
  periods: true,
  rows: true,
  fleet: true,
};
const SHARES: Record<keyof StatusShares, true> = {
  serviceCall: true,
  error: true,
  warning: true,
  normal: true,
  unknown: true,
  offline: true,
  noData: true,
  hours: true,
};
const SUPPLIES: Record<keyof SuppliesReport, true> = { lowPercent: true, horizonDays: true, rows: true, order: true };
const SUPPLY_ROW: Record<keyof SupplyReportRow, true> = {
  deviceId: true,
  name: true,
  model: true,
  serial: true,
  ipAddress: true,
  region: true,
  timeZone: true,
  index: true,
  description: true,
  colorant: true,
  percent: true,
  state: true,
  condition: true,
  daysToEmpty: true,
  order: true,
};
const ORDER_LINE: Record<keyof SupplyOrderLine, true> = {
  model: true,
  description: true,
  colorant: true,
  devices: true,
  empty: true,
  low: true,
  toOrder: true,
};
const FIRMWARE_LINE: Record<keyof FirmwareLine, true> = { model: true, firmware: true, count: true, devices: true };

describe('reports REST contract', () => {
  let calls: string[];
  beforeEach(() => {
    calls = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) => {
        calls.push(url);
        return Promise.resolve(new Response('{}', { status: 200 }));
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('calls documented operations with documented parameters only', async () => {
    const target = { kind: 'group' as const, id: 7 };
    await api.getCounterReport({ target, kind: 'byDevice', period: 'weekly', counter: 'black', end: '2026-06-30' });
    await api.exportCounterReport(
      { target: { kind: 'all' }, kind: 'lifetime', period: 'daily', counter: 'total' },
      'xlsx',
      'de',
    );
    await api.getStatusReport({ target: { kind: 'region', id: 3 }, deviceType: 'MFP', period: 'monthly' });
    await api.exportStatusReport({ target, period: 'daily' }, 'csv', 'ja');
    await api.getSuppliesReport({ target, lowPercent: 15, horizonDays: 60 });
    await api.exportSuppliesReport({ target }, 'order', 'txt', 'fr');
    await api.getFirmwareReport({ target });
    await api.exportFirmwareReport({ target, deviceType: 'Printer' }, 'csv', 'en');
    await api.getReportDeviceTypes();
    expect(calls[0]).toBe(
      '/api/v1/reports/counters?filter%5Bgroup%5D=7&kind=byDevice&period=weekly&counter=black&end=2026-06-30',
    );
    expect(calls[1]).toBe(
      '/api/v1/reports/counters/export?kind=lifetime&period=daily&counter=total&format=xlsx&language=de',
    );
    expect(calls[2]).toBe('/api/v1/reports/status?filter%5Bregion%5D=3&filter%5BdeviceType%5D=MFP&period=monthly');
    for (const call of calls) {
      const url = new URL(call, 'https://manager.example');
      const operation = spec.paths[url.pathname]?.get;
      expect(operation, call).toBeDefined();
      const documented = new Set((operation!.parameters ?? []).map((p) => p.name));
      for (const name of url.searchParams.keys()) {
        expect(documented.has(name.startsWith('filter[') ? 'filter' : name), `${call}: ${name}`).toBe(true);
      }
    }
  });

  it('has the documented fields', () => {
    expect(keys(COUNTER_REPORT)).toEqual(fieldsOf(schemas.CounterReport));
    expect(keys(COUNTER_ROW)).toEqual(fieldsOf(schemas.CounterReportRow));
    expect(keys(STATUS_REPORT)).toEqual(fieldsOf(schemas.StatusReport));
    expect(keys(SHARES)).toEqual(fieldsOf(schemas.StatusShares));
    expect(keys(SUPPLIES)).toEqual(fieldsOf(schemas.SuppliesReport));
    expect(keys(SUPPLY_ROW)).toEqual(fieldsOf(schemas.SuppliesReport.properties!.rows.items!));
    expect(keys(ORDER_LINE)).toEqual(fieldsOf(schemas.SuppliesReport.properties!.order.items!));
    expect(keys(FIRMWARE_LINE)).toEqual(fieldsOf(schemas.FirmwareReport.properties!.lines.items!));
  });
});
