import { download, request } from './client';
import type {
  CounterReport,
  CounterReportKind,
  FirmwareReport,
  ReportFileFormat,
  ReportPeriodUnit,
  ReportTarget,
  StatusReport,
  SuppliesReport,
} from './reportTypes';
import type { DownloadedFile } from './types';

export interface CounterReportQuery {
  target: ReportTarget;
  /** Only devices of this type (category, e.g. Printer or MFP); all types when absent. */
  deviceType?: string;
  kind: CounterReportKind;
  period: ReportPeriodUnit;
  counter: string;
  end?: string;
}

export interface StatusReportQuery {
  target: ReportTarget;
  deviceType?: string;
  period: ReportPeriodUnit;
  end?: string;
}

export interface SuppliesReportQuery {
  target: ReportTarget;
  deviceType?: string;
  lowPercent?: number;
  horizonDays?: number;
}

export interface FirmwareReportQuery {
  target: ReportTarget;
  deviceType?: string;
}

/** filter[group] or filter[region] for a target (nothing for all devices), filter[deviceType]. */
function targetParams({ target, deviceType }: { target: ReportTarget; deviceType?: string }): URLSearchParams {
  const params = new URLSearchParams();
  if (target.kind !== 'all') params.set(`filter[${target.kind}]`, String(target.id));
  if (deviceType) params.set('filter[deviceType]', deviceType);
  return params;
}

function path(base: string, params: URLSearchParams) {
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

function counterParams(query: CounterReportQuery) {
  const params = targetParams(query);
  params.set('kind', query.kind);
  params.set('period', query.period);
  params.set('counter', query.counter);
  if (query.end) params.set('end', query.end);
  return params;
}

function statusParams(query: StatusReportQuery) {
  const params = targetParams(query);
  params.set('period', query.period);
  if (query.end) params.set('end', query.end);
  return params;
}

function suppliesParams(query: SuppliesReportQuery) {
  const params = targetParams(query);
  if (query.lowPercent !== undefined) params.set('lowPercent', String(query.lowPercent));
  if (query.horizonDays !== undefined) params.set('horizonDays', String(query.horizonDays));
  return params;
}

/** The file's headers and words are in `language` (the console's). */
function exported(base: string, params: URLSearchParams, format: ReportFileFormat, language: string, name: string) {
  params.set('format', format);
  params.set('language', language);
  return download(path(`${base}/export`, params), `${name}.${format}`);
}

export function getCounterReport(query: CounterReportQuery): Promise<CounterReport> {
  return request<CounterReport>('GET', path('/reports/counters', counterParams(query)));
}

export function exportCounterReport(
  query: CounterReportQuery,
  format: ReportFileFormat,
  language: string,
): Promise<DownloadedFile> {
  return exported('/reports/counters', counterParams(query), format, language, 'counters');
}

export function getStatusReport(query: StatusReportQuery): Promise<StatusReport> {
  return request<StatusReport>('GET', path('/reports/status', statusParams(query)));
}

export function exportStatusReport(
  query: StatusReportQuery,
  format: ReportFileFormat,
  language: string,
): Promise<DownloadedFile> {
  return exported('/reports/status', statusParams(query), format, language, 'status');
}

export function getSuppliesReport(query: SuppliesReportQuery): Promise<SuppliesReport> {
  return request<SuppliesReport>('GET', path('/reports/supplies', suppliesParams(query)));
}

/** view "order": the order list by model and supply; "devices": one row per device and supply. */
export function exportSuppliesReport(
  query: SuppliesReportQuery,
  view: 'devices' | 'order',
  format: ReportFileFormat,
  language: string,
): Promise<DownloadedFile> {
  const params = suppliesParams(query);
  params.set('view', view);
  return exported('/reports/supplies', params, format, language, view === 'order' ? 'supplies-order' : 'supplies');
}

export function getFirmwareReport(query: FirmwareReportQuery): Promise<FirmwareReport> {
  return request<FirmwareReport>('GET', path('/reports/firmware', targetParams(query)));
}

export function exportFirmwareReport(
  query: FirmwareReportQuery,
  format: ReportFileFormat,
  language: string,
): Promise<DownloadedFile> {
  return exported('/reports/firmware', targetParams(query), format, language, 'firmware');
}

/** The device types of the caller's devices (a device without one is a Printer). */
export async function getReportDeviceTypes(): Promise<string[]> {
  return (await request<{ items: string[] }>('GET', '/reports/device-types')).items;
}
