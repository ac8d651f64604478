import { describe, expect, it } from 'vitest';

import {
  applyTableChange,
  columnOfSort,
  DEFAULT_COLUMNS,
  deviceQuery,
  INITIAL_TABLE_STATE,
  listStateFromSearch,
  listStateFromSettings,
  listStateToSearch,
  listStateToSettings,
  statusFilterValue,
  type DeviceListState,
  type DeviceTableState,
} from './deviceView';

const state = (overrides: Partial<DeviceTableState> = {}): DeviceTableState => ({
  ...INITIAL_TABLE_STATE,
  ...overrides,
});

describe('device list view', () => {
  it('starts at page 1 with 200 rows per page', () => {
    expect(deviceQuery('inUse', INITIAL_TABLE_STATE)).toEqual({ page: 1, pageSize: 200, filters: {} });
  });

  it('adds the state of the tab as a filter, never a column state filter', () => {
    const table = state({ filters: { vendor: ['HP'], state: ['removed'] } });
    expect(deviceQuery('managed', table).filters).toEqual({ vendor: ['HP'], state: ['managed'] });
    expect(deviceQuery('inUse', table).filters).toEqual({ vendor: ['HP'] });
  });

  it('turns antd filters and sorter into filters, sort and order', () => {
    const next = applyTableChange(
      state(),
      { current: 1, pageSize: 200 },
      { vendor: ['HP', ' Canon ', 'HP', ''], model: null, agentId: ['2'], bogus: ['x'] },
      { columnKey: 'lastSeen', order: 'descend' },
    );
    expect(next).toEqual({
      page: 1,
      pageSize: 200,
      sort: 'lastSeen',
      order: 'desc',
      filters: { vendor: ['HP', 'Canon'], agentId: ['2'] },
    });
  });

  it('keeps the page on a page change and goes back to page 1 when the view changes', () => {
    const sorted = state({ sort: 'name', order: 'asc', filters: { vendor: ['HP'] } });
    const filters = { vendor: ['HP'] };
    const sorter = { columnKey: 'name', order: 'ascend' as const };
    expect(applyTableChange(sorted, { current: 3, pageSize: 200 }, filters, sorter).page).toBe(3);
    expect(applyTableChange(sorted, { current: 3, pageSize: 50 }, filters, sorter).page).toBe(1);
    expect(applyTableChange(sorted, { current: 3, pageSize: 200 }, { vendor: ['HP', 'X'] }, sorter).page).toBe(1);
    expect(
      applyTableChange(sorted, { current: 3, pageSize: 200 }, filters, { columnKey: 'name', order: 'descend' }).page,
    ).toBe(1);
  });

  it('drops the sort when the column sort is cleared or unknown', () => {
    const sorted = state({ sort: 'name', order: 'asc' });
    expect(applyTableChange(sorted, {}, {}, { columnKey: 'name', order: null }).sort).toBeUndefined();
    expect(applyTableChange(sorted, {}, {}, { columnKey: 'actions', order: 'ascend' }).sort).toBeUndefined();
  });
});

describe('device list state in the URL and in saved views', () => {
  it('splits the Status column filter into severity and power, and sorts it by severity', () => {
    const next = applyTableChange(
      state(),
      {},
      { status: ['severity:error', 'power:on', 'severity:warning', 'bogus:x', 'severity:'] },
      { columnKey: 'status', order: 'ascend' },
    );
    expect(next.filters).toEqual({ severity: ['error', 'warning'], power: ['on'] });
    expect(next.sort).toBe('severity');
    expect(statusFilterValue(next.filters)).toEqual(['severity:error', 'severity:warning', 'power:on']);
    expect(columnOfSort('severity')).toBe('status');
    expect(columnOfSort('name')).toBe('name');
  });

  it('keeps the page when the filters come back in another order', () => {
    const fromUrl = state({ page: 4, filters: { vendor: ['HP'], severity: ['error'] } });
    const next = applyTableChange(
      fromUrl,
      { current: 5, pageSize: 200 },
      { status: ['severity:error'], vendor: ['HP'] },
      {},
    );
    expect(next.page).toBe(5);
  });

  it('writes the API parameters to the URL and reads them back', () => {
    const listState: DeviceListState = {
      view: 'removed',
      table: state({
        page: 3,
        sort: 'lowestSupply',
        order: 'desc',
        filters: { severity: ['error', 'warning'], lowestSupply: ['20'] },
      }),
      columns: ['name', 'status', 'lowestSupply'],
    };
    const search = listStateToSearch(listState);
    expect(search.toString()).toBe(
      'page=3&sort=lowestSupply&order=desc&filter%5Bseverity%5D=error&filter%5Bseverity%5D=warning' +
        '&filter%5BlowestSupply%5D=20&filter%5Bstate%5D=removed&columns=name%2Cstatus%2ClowestSupply',
    );
    expect(listStateFromSearch(search)).toEqual(listState);
  });

  it('leaves defaults out of the URL and ignores what it does not know', () => {
    expect(listStateToSearch({ view: 'inUse', table: INITIAL_TABLE_STATE, columns: DEFAULT_COLUMNS }).toString()).toBe(
      '',
    );
    const parsed = listStateFromSearch(
      new URLSearchParams('page=-2&pageSize=7&sort=bogus&filter[nope]=1&filter[vendor]=HP&columns=zzz'),
    );
    expect(parsed).toEqual({ view: 'inUse', table: state({ filters: { vendor: ['HP'] } }), columns: DEFAULT_COLUMNS });
  });

  it('saves the tab as a state filter and picks it back as the tab', () => {
    const listState: DeviceListState = {
      view: 'managed',
      table: state({ page: 4, sort: 'name', order: 'asc', filters: { power: ['sleep'] } }),
      columns: ['name', 'location'],
    };
    const settings = listStateToSettings(listState);
    expect(settings).toEqual({
      columns: ['name', 'location'],
      sort: 'name',
      order: 'asc',
      filters: { power: ['sleep'], state: ['managed'] },
    });
    expect(listStateFromSettings(settings, 200)).toEqual({ ...listState, table: { ...listState.table, page: 1 } });
  });
});
