import type { SorterResult } from 'antd/es/table/interface';

import {
  DEVICE_FILTER_FIELDS,
  DEVICE_SORT_FIELDS,
  deviceQueryParams,
  type Device,
  type DeviceFilterField,
  type DeviceQuery,
  type DeviceSortField,
  type DeviceState,
  type DeviceViewSettings,
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

/**
 * The Status column filters two API fields at once: its values are "severity:<s>" and
 * "power:<p>" (each field OR-ed within, AND-ed with the other, as the API does).
 */
export const STATUS_COLUMN = 'status';
const STATUS_FIELDS = ['severity', 'power'] as const;

/** The Status column's antd filter value of the table's severity and power filters. */
export const statusFilterValue = (filters: DeviceTableState['filters']): string[] | null => {
  const values = STATUS_FIELDS.flatMap((field) => (filters[field] ?? []).map((v) => `${field}:${v}`));
  return values.length > 0 ? values : null;
};

/** Columns whose sort is another API field. */
const SORT_OF_COLUMN: Record<string, DeviceSortField> = { [STATUS_COLUMN]: 'severity' };

const isFilterField = (key: string): key is DeviceFilterField =>
  (DEVICE_FILTER_FIELDS as readonly string[]).includes(key);
const isSortField = (key: unknown): key is DeviceSortField =>
  typeof key === 'string' && (DEVICE_SORT_FIELDS as readonly string[]).includes(key);

// The same fields and values, whatever the fields' order (the URL's and the columns' differ).
const sameFilters = (a: DeviceTableState['filters'], b: DeviceTableState['filters']) => {
  const canonical = (f: DeviceTableState['filters']) =>
    JSON.stringify(Object.entries(f).sort(([x], [y]) => x.localeCompare(y)));
  return canonical(a) === canonical(b);
};

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
    if (key === STATUS_COLUMN) {
      for (const value of values ?? []) {
        const [field, status] = String(value).split(':');
        if (!(STATUS_FIELDS as readonly string[]).includes(field) || !status) continue;
        const list = (nextFilters[field as DeviceFilterField] ??= []);
        if (!list.includes(status)) list.push(status);
      }
      continue;
    }
    if (!isFilterField(key) || !values) continue;
    const texts = [...new Set(values.map((v) => String(v).trim()).filter((v) => v !== ''))];
    if (texts.length > 0) nextFilters[key] = texts;
  }
  const single = Array.isArray(sorter) ? sorter[0] : sorter;
  const column = single?.columnKey ?? single?.field;
  const key = typeof column === 'string' ? (SORT_OF_COLUMN[column] ?? column) : column;
  const sort = single?.order && isSortField(key) ? key : undefined;
  const order = sort ? (single.order === 'descend' ? 'desc' : 'asc') : undefined;
  const pageSize = pagination.pageSize ?? previous.pageSize;

  const same =
    sort === previous.sort &&
    order === previous.order &&
    pageSize === previous.pageSize &&
    sameFilters(nextFilters, previous.filters);
  return { page: same ? (pagination.current ?? previous.page) : 1, pageSize, sort, order, filters: nextFilters };
}

/** The column that shows a sort field's order arrow. */
export const columnOfSort = (sort: DeviceSortField | undefined): string | undefined =>
  Object.entries(SORT_OF_COLUMN).find(([, field]) => field === sort)?.[0] ?? sort;

/**
 * The device fields shown, sorted and filtered as plain text, in the table's order: one list for
 * the device list's columns and a dynamic group's filter fields.
 */
export const DEVICE_TEXT_FIELDS = [
  'name',
  'ipAddress',
  'hostname',
  'vendor',
  'model',
  'serial',
  'mac',
  'location',
  'contact',
  'firmware',
] as const satisfies readonly DeviceFilterField[];
const [NAME_FIELD, ...DETAIL_TEXT_FIELDS] = DEVICE_TEXT_FIELDS;

/** Every column the chooser offers, in the table's order; `actions` is always shown. */
export const DEVICE_COLUMNS = [
  NAME_FIELD,
  'status',
  'lowestSupply',
  ...DETAIL_TEXT_FIELDS,
  'state',
  'agentId',
  'region',
  'firstSeen',
  'lastSeen',
] as const;
export type DeviceColumn = (typeof DEVICE_COLUMNS)[number];
export const DEFAULT_COLUMNS: readonly DeviceColumn[] = DEVICE_COLUMNS.filter(
  (c) => c !== 'contact' && c !== 'firmware' && c !== 'firstSeen',
);

/** Known column keys of a saved or linked list, in the table's order; none: the default. */
export function shownColumns(keys: readonly string[] | undefined): readonly DeviceColumn[] {
  const known = DEVICE_COLUMNS.filter((c) => keys?.includes(c));
  return known.length > 0 ? known : DEFAULT_COLUMNS;
}

/** Everything a link to the list reproduces: the state tab, page, sort, filters, columns. */
export interface DeviceListState {
  view: DeviceView;
  table: DeviceTableState;
  columns: readonly DeviceColumn[];
}

const sameColumns = (a: readonly string[], b: readonly string[]) => a.join(',') === b.join(',');

/**
 * The list state as URL query parameters: the API's own (page, pageSize, sort, order,
 * filter[field], the state tab as filter[state]) plus columns when not the default ones.
 */
export function listStateToSearch({ view, table, columns }: DeviceListState): URLSearchParams {
  const params = deviceQueryParams(deviceQuery(view, table));
  if (table.page === 1) params.delete('page');
  if (table.pageSize === DEFAULT_PAGE_SIZE) params.delete('pageSize');
  if (!sameColumns(columns, DEFAULT_COLUMNS)) params.set('columns', columns.join(','));
  return params;
}

const positive = (text: string | null, fallback: number) => {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** The list state of a URL; unknown or malformed parameters are ignored. */
export function listStateFromSearch(params: URLSearchParams): DeviceListState {
  const filters: DeviceTableState['filters'] = {};
  for (const [name, value] of params) {
    const match = /^filter\[(\w+)\]$/.exec(name);
    if (!match || !isFilterField(match[1]) || value.trim() === '') continue;
    (filters[match[1]] ??= []).push(value);
  }
  const sort = params.get('sort');
  const pageSize = positive(params.get('pageSize'), DEFAULT_PAGE_SIZE);
  const table: DeviceTableState = {
    page: positive(params.get('page'), 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    sort: isSortField(sort) ? sort : undefined,
    order: isSortField(sort) ? (params.get('order') === 'desc' ? 'desc' : 'asc') : undefined,
    filters,
  };
  return { ...splitState(table), columns: shownColumns(params.get('columns')?.split(',')) };
}

/** The state tab of a state filter of exactly one state; any other state filter is dropped. */
function splitState(table: DeviceTableState): Pick<DeviceListState, 'view' | 'table'> {
  const { state, ...filters } = table.filters;
  const view = state?.length === 1 && (DEVICE_VIEWS as readonly string[]).includes(state[0]) ? state[0] : 'inUse';
  return { view: view as DeviceView, table: { ...table, filters } };
}

/** A saved view's settings: the shown columns, the sort and every filter (the tab's state too). */
export function listStateToSettings({ view, table, columns }: DeviceListState): DeviceViewSettings {
  const filters = deviceQuery(view, table).filters ?? {};
  return {
    columns: [...columns],
    sort: table.sort ?? null,
    order: table.order ?? 'asc',
    filters: Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, [...(v ?? [])]])),
  };
}

/** The list state of a saved view, on page 1 with the current page size. */
export function listStateFromSettings(settings: DeviceViewSettings, pageSize: number): DeviceListState {
  const filters: DeviceTableState['filters'] = {};
  for (const [field, values] of Object.entries(settings.filters)) {
    if (isFilterField(field) && values && values.length > 0) filters[field] = [...values];
  }
  const sort = isSortField(settings.sort) ? settings.sort : undefined;
  const table: DeviceTableState = { page: 1, pageSize, sort, order: sort ? settings.order : undefined, filters };
  return { ...splitState(table), columns: shownColumns(settings.columns) };
}
