/** The reports of /api/v1/reports (proto/openapi.json: CounterReport, StatusReport, ...). */

export type ReportPeriodUnit = 'daily' | 'weekly' | 'monthly' | 'yearly';
export type CounterReportKind = 'byDevice' | 'byCounter' | 'lifetime';
export type ReportFileFormat = 'csv' | 'txt' | 'xlsx';

/** Which devices a report covers: all the caller sees, one group or one region. */
export type ReportTarget = { kind: 'all' } | { kind: 'group'; id: number } | { kind: 'region'; id: number };

export interface ReportPeriod {
  label: string;
  from: string;
  to: string;
}

export interface ReportDevice {
  deviceId: number;
  name: string;
  model: string;
  serial: string;
  ipAddress: string;
  region: string;
  timeZone: string;
}

export interface CounterReportRow {
  deviceId?: number;
  name?: string;
  model?: string;
  serial?: string;
  ipAddress?: string;
  region?: string;
  timeZone?: string;
  resets?: number;
  replacements?: number;
  counter?: string;
  values: (number | null)[];
  total: number | null;
  readAt?: string;
}

export interface CounterReport {
  kind: CounterReportKind;
  period: ReportPeriodUnit;
  end: string;
  counter: string;
  counters: string[];
  periods: ReportPeriod[];
  rows: CounterReportRow[];
  totals: (number | null)[];
}

export interface StatusShares {
  serviceCall: number;
  error: number;
  warning: number;
  normal: number;
  unknown: number;
  offline: number;
  noData: number;
  hours: number;
}

export interface StatusReportRow extends ReportDevice {
  periods: StatusShares[];
}

export interface StatusReport {
  period: ReportPeriodUnit;
  end: string;
  periods: ReportPeriod[];
  rows: StatusReportRow[];
  fleet: StatusShares[];
}

export interface SupplyReportRow extends ReportDevice {
  index: string;
  description: string;
  colorant: string;
  percent: number | null;
  state: string;
  condition: 'empty' | 'low' | 'ok' | 'unknown';
  daysToEmpty: number | null;
  order: boolean;
}

export interface SupplyOrderLine {
  model: string;
  description: string;
  colorant: string;
  devices: number;
  empty: number;
  low: number;
  toOrder: number;
}

export interface SuppliesReport {
  lowPercent: number;
  horizonDays: number;
  rows: SupplyReportRow[];
  order: SupplyOrderLine[];
}

export interface FirmwareLine {
  model: string;
  firmware: string;
  count: number;
  devices: ReportDevice[];
}

export interface FirmwareReport {
  lines: FirmwareLine[];
}
