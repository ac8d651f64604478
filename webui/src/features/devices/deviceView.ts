import type { SorterResult } from 'antd/es/table/interface';

import {
  DEVICE_FILTER_FIELDS,
  DEVICE_SORT_FIELDS,
  type Device,
  type DeviceFilterField,
  type DeviceQuery,
  type DeviceSortField,
  type DeviceState,
} from '../../api';

export const DEFAULT_PAGE_SIZE = 200;
export const PAGE_SIZES = [20, 50, 100, 200];

/** The state tabs: "inUse" is managed + unmanaged (the Manager leaves removed devices out). */
export const DEVICE_VIEWS = ['inUse', 'managed', 'unmanaged', 'removed'] as const;
export type DeviceView = (typeof DEVICE_VIEWS)[number];

/** What the table shows: page, sort and column filters (the state comes from the view). */
export interface DeviceTableState {
  page: number;
  pageSize: number;
  sort?: DeviceSortField;
  order?: 'asc' | 'desc';
  filters: Partial<Record<DeviceFilterField, string[]>>;
}

export const INITIAL_TABLE_STATE: DeviceTableState = { page: 1, pageSize: DEFAULT_PAGE_SIZE, filters: {} };

/** The API query of a view and table state. */
export function deviceQuery(view: DeviceView, table: DeviceTableState): DeviceQuery {
  const filters: DeviceQuery['filters'] = { ...table.filters };
  delete filters.state;
  if (view !== 'inUse') filters.state = [view satisfies DeviceState];
  return { page: table.page, pageSize: table.pageSize, sort: table.sort, order: table.order, filters };
}

const isFilterField = (key: string): key is DeviceFilterField =>
  (DEVICE_FILTER_FIELDS as readonly string[]).includes(key);
const isSortField = (key: unknown): key is DeviceSortField =>
  typeof key === 'string' && (DEVICE_SORT_FIELDS as readonly string[]).includes(key);

/**
 * The table state after an antd Table change. Any change of filters, sort or page size goes
 * back to page 1 (the old page may no longer exist).
 */
export function applyTableChange(
  previous: DeviceTableState,
  pagination: { current?: number; pageSize?: number },
  filters: Record<string, (string | number | boolean | bigint)[] | null>,
  sorter: SorterResult<Device> | SorterResult<Device>[],
): DeviceTableState {
  const nextFilters: DeviceTableState['filters'] = {};
  for (const [key, values] of Object.entries(filters)) {
    if (!isFilterField(key) || !values) continue;
    const texts = [...new Set(values.map((v) => String(v).trim()).filter((v) => v !== ''))];
    if (texts.length > 0) nextFilters[key] = texts;
  }
  const single = Array.isArray(sorter) ? sorter[0] : sorter;
  const key = single?.columnKey ?? single?.field;
  const sort = single?.order && isSortField(key) ? key : undefined;
  const order = sort ? (single.order === 'descend' ? 'desc' : 'asc') : undefined;
  const pageSize = pagination.pageSize ?? previous.pageSize;

  const same =
    sort === previous.sort &&
    order === previous.order &&
    pageSize === previous.pageSize &&
    JSON.stringify(nextFilters) === JSON.stringify(previous.filters);
  return { page: same ? (pagination.current ?? previous.page) : 1, pageSize, sort, order, filters: nextFilters };
}
