import { download, request } from './client';
import type { AuditFilter, AuditLogSettings, AuditPage } from './auditLogTypes';
import type { DownloadedFile, ExchangeFormat } from './types';

/** The query string of the filters (empty ones left out). */
export function auditQueryParams(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'user', 'action', 'result'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** Newest first; 400 invalid_input names the bad parameter. */
export function listAuditLog(filter: AuditFilter, page: number, pageSize: number): Promise<AuditPage> {
  const params = auditQueryParams(filter);
  params.set('page', String(page));
  params.set('pageSize', String(pageSize));
  return request<AuditPage>('GET', `/audit-log?${params.toString()}`);
}

/** Every matching record (the newest 100,000 at most) as a file. */
export function exportAuditLog(filter: AuditFilter, format: ExchangeFormat): Promise<DownloadedFile> {
  const params = auditQueryParams(filter);
  params.set('format', format);
  return download(`/audit-log/export?${params.toString()}`, `audit-log.${format}`);
}

export function getAuditLogSettings(): Promise<AuditLogSettings> {
  return request<AuditLogSettings>('GET', '/settings/audit-log');
}

/** 400 invalid_input unless 1-3650 days. */
export function putAuditLogSettings(settings: AuditLogSettings): Promise<AuditLogSettings> {
  return request<AuditLogSettings>('PUT', '/settings/audit-log', { body: settings });
}
