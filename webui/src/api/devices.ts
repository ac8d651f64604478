import { download, request } from './client';
import type {
  Device,
  DeviceEdit,
  DeviceEdited,
  DevicePage,
  DeviceQuery,
  DeviceStatus,
  DeviceSupplies,
  DeviceCounters,
  PollStarted,
  StatusHistory,
  TimeRange,
  DownloadedFile,
  ExchangeFormat,
  ImportResult,
  SavedDeviceView,
  DeviceViewSettings,
  DeviceBatch,
  DeviceBatchResult,
} from './types';

const devicePath = (id: number) => `/devices/${encodeURIComponent(String(id))}`;

/**
 * The query string of a device list view: page, pageSize, sort, order and filter[field]
 * repeated once per value (the Manager OR-s the values of one field and AND-s the fields).
 * Empty values and empty filters are left out.
 */
export function deviceQueryParams(query: DeviceQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.page !== undefined) params.set('page', String(query.page));
  if (query.pageSize !== undefined) params.set('pageSize', String(query.pageSize));
  if (query.sort) {
    params.set('sort', query.sort);
    params.set('order', query.order ?? 'asc');
  }
  for (const [field, values] of Object.entries(query.filters ?? {})) {
    for (const value of values ?? []) {
      const trimmed = value.trim();
      if (trimmed) params.append(`filter[${field}]`, trimmed);
    }
  }
  for (const group of query.groups ?? []) params.append('filter[group]', String(group));
  return params;
}

const withQuery = (path: string, params: URLSearchParams) => {
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

export function listDevices(query: DeviceQuery): Promise<DevicePage> {
  return request<DevicePage>('GET', withQuery('/devices', deviceQueryParams(query)));
}

export function getDevice(id: number): Promise<Device> {
  return request<Device>('GET', devicePath(id));
}

export function updateDevice(id: number, edit: DeviceEdit): Promise<DeviceEdited> {
  return request<DeviceEdited>('PATCH', devicePath(id), { body: edit });
}

export function getDeviceStatus(id: number): Promise<DeviceStatus> {
  return request<DeviceStatus>('GET', `${devicePath(id)}/status`);
}

export function getDeviceSupplies(id: number): Promise<DeviceSupplies> {
  return request<DeviceSupplies>('GET', `${devicePath(id)}/supplies`);
}

const rangeParams = (range: TimeRange) => {
  const params = new URLSearchParams();
  if (range.from) params.set('from', range.from);
  if (range.to) params.set('to', range.to);
  return params;
};

/** Latest counters and the daily history (the Manager's default: the last 90 days). */
export function getDeviceCounters(id: number, range: TimeRange = {}): Promise<DeviceCounters> {
  return request<DeviceCounters>('GET', withQuery(`${devicePath(id)}/counters`, rangeParams(range)));
}

/** Status edges (the Manager's default: the last 30 days). */
export function getStatusHistory(id: number, range: TimeRange = {}): Promise<StatusHistory> {
  return request<StatusHistory>('GET', withQuery(`${devicePath(id)}/status-history`, rangeParams(range)));
}

/** Polls the device now; the readings arrive when its Agent answers. */
export function refreshDevice(id: number): Promise<PollStarted> {
  return request<PollStarted>('POST', `${devicePath(id)}/refresh`);
}

/** One action on several devices; each failure is listed, the others go on. */
export function runDeviceBatch(batch: DeviceBatch): Promise<DeviceBatchResult> {
  return request<DeviceBatchResult>('POST', '/devices/batch', { body: batch });
}

export function removeDevice(id: number): Promise<Device> {
  return request<Device>('POST', `${devicePath(id)}/remove`);
}

export function restoreDevice(id: number): Promise<Device> {
  return request<Device>('POST', `${devicePath(id)}/restore`);
}

/** Deletes a removed device for good. */
export function deleteDevice(id: number): Promise<void> {
  return request<void>('DELETE', devicePath(id));
}

export const EXCHANGE_CONTENT_TYPES: Record<ExchangeFormat, string> = {
  csv: 'text/csv',
  txt: 'text/tab-separated-values',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The export file of a view (same filters and sort; paging is ignored: every matching row). */
export function exportDevices(query: DeviceQuery, format: ExchangeFormat): Promise<DownloadedFile> {
  const params = deviceQueryParams({
    sort: query.sort,
    order: query.order,
    filters: query.filters,
    groups: query.groups,
  });
  params.set('format', format);
  return download(withQuery('/devices/export', params), `devices.${format}`);
}

/** The import template: the header row only. */
export function downloadImportTemplate(format: ExchangeFormat): Promise<DownloadedFile> {
  return download(`/devices/export?format=${format}&template=true`, `devices-template.${format}`);
}

/**
 * Imports a file: all rows or none. A rejected file is an ApiError 422 `import_rejected`
 * whose details.rows lists every bad row (see importRowErrors).
 */
export function importDevices(file: Blob, format: ExchangeFormat): Promise<ImportResult> {
  return request<ImportResult>('POST', `/devices/import?format=${format}`, {
    rawBody: { data: file, contentType: EXCHANGE_CONTENT_TYPES[format] },
  });
}

export async function listDeviceViews(): Promise<SavedDeviceView[]> {
  return (await request<{ items: SavedDeviceView[] }>('GET', '/device-views')).items;
}

export function createDeviceView(name: string, settings: DeviceViewSettings): Promise<SavedDeviceView> {
  return request<SavedDeviceView>('POST', '/device-views', { body: { name, settings } });
}

export function updateDeviceView(
  id: number,
  change: { name?: string; settings?: DeviceViewSettings },
): Promise<SavedDeviceView> {
  return request<SavedDeviceView>('PATCH', `/device-views/${encodeURIComponent(String(id))}`, { body: change });
}

export function deleteDeviceView(id: number): Promise<void> {
  return request<void>('DELETE', `/device-views/${encodeURIComponent(String(id))}`);
}
