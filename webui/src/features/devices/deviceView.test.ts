import { describe, expect, it } from 'vitest';

import { applyTableChange, deviceQuery, INITIAL_TABLE_STATE, type DeviceTableState } from './deviceView';

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
