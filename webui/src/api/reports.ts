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
  kind: CounterReportKind;
  period: ReportPeriodUnit;
  counter: string;
  end?: string;
}

export interface StatusReportQuery {
  target: ReportTarget;
  period: ReportPeriodUnit;
  end?: string;
}

export interface SuppliesReportQuery {
  target: ReportTarget;
  lowPercent?: number;
  horizonDays?: number;
}

/** filter[group] or filter[region] for a target; nothing for all devices. */
function targetParams(target: ReportTarget): URLSearchParams {
  const params = new URLSearchParams();
  if (target.kind !== 'all') params.set(`filter[${target.kind}]`, String(target.id));
  return params;
}

function path(base: string, params: URLSearchParams) {
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

function counterParams(query: CounterReportQuery) {
  const params = targetParams(query.target);
  params.set('kind', query.kind);
  params.set('period', query.period);
  params.set('counter', query.counter);
  if (query.end) params.set('end', query.end);
  return params;
}

function statusParams(query: StatusReportQuery) {
  const params = targetParams(query.target);
  params.set('period', query.period);
  if (query.end) params.set('end', query.end);
  return params;
}

function suppliesParams(query: SuppliesReportQuery) {
  const params = targetParams(query.target);
  if (query.lowPercent !== undefined) params.set('lowPercent', String(query.lowPercent));
  if (query.horizonDays !== undefined) params.set('horizonDays', String(query.horizonDays));
  return params;
}

function exported(base: string, params: URLSearchParams, format: ReportFileFormat, name: string) {
  params.set('format', format);
  return download(path(`${base}/export`, params), `${name}.${format}`);
}

export function getCounterReport(query: CounterReportQuery): Promise<CounterReport> {
  return request<CounterReport>('GET', path('/reports/counters', counterParams(query)));
}

export function exportCounterReport(query: CounterReportQuery, format: ReportFileFormat): Promise<DownloadedFile> {
  return exported('/reports/counters', counterParams(query), format, 'counters');
}

export function getStatusReport(query: StatusReportQuery): Promise<StatusReport> {
  return request<StatusReport>('GET', path('/reports/status', statusParams(query)));
}

export function exportStatusReport(query: StatusReportQuery, format: ReportFileFormat): Promise<DownloadedFile> {
  return exported('/reports/status', statusParams(query), format, 'status');
}

export function getSuppliesReport(query: SuppliesReportQuery): Promise<SuppliesReport> {
  return request<SuppliesReport>('GET', path('/reports/supplies', suppliesParams(query)));
}

/** view "order": the order list by model and supply; "devices": one row per device and supply. */
export function exportSuppliesReport(
  query: SuppliesReportQuery,
  view: 'devices' | 'order',
  format: ReportFileFormat,
): Promise<DownloadedFile> {
  const params = suppliesParams(query);
  params.set('view', view);
  return exported('/reports/supplies', params, format, view === 'order' ? 'supplies-order' : 'supplies');
}

export function getFirmwareReport(target: ReportTarget): Promise<FirmwareReport> {
  return request<FirmwareReport>('GET', path('/reports/firmware', targetParams(target)));
}

export function exportFirmwareReport(target: ReportTarget, format: ReportFileFormat): Promise<DownloadedFile> {
  return exported('/reports/firmware', targetParams(target), format, 'firmware');
}
