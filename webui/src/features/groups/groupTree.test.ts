import { describe, expect, it } from 'vitest';

import type { DeviceGroupNode } from '../../api';
import { conditionsFromFilter, filterFromConditions, flattenTree, subtreeIds } from './groupTree';

const node = (id: number, children: DeviceGroupNode[] = []): DeviceGroupNode => ({
  id,
  parentId: null,
  name: `g${id}`,
  comment: '',
  kind: 'static',
  filter: null,
  memberCount: 0,
  createdAt: '2026-01-01T00:00:00Z',
  children,
});

describe('group filter editor', () => {
  it('merges rows on one field and drops empty values', () => {
    expect(
      filterFromConditions([
        { field: 'vendor', values: ['HP ', ''] },
        { field: 'location', values: [] },
        { field: 'vendor', values: ['Canon', 'HP'] },
        { values: ['ignored'] },
      ]),
    ).toEqual({ vendor: ['HP', 'Canon'] });
  });

  it('reads a saved filter back into rows', () => {
    expect(conditionsFromFilter({ vendor: ['HP'], state: ['managed'] })).toEqual([
      { field: 'vendor', values: ['HP'] },
      { field: 'state', values: ['managed'] },
    ]);
    expect(conditionsFromFilter(null)).toEqual([]);
  });
});

describe('group tree', () => {
  const tree = [node(1, [node(2, [node(3)]), node(4)]), node(5)];

  it('flattens depth first', () => {
    expect(flattenTree(tree).map((n) => n.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('knows a subtree, where a group cannot move', () => {
    expect([...subtreeIds(tree[0].children[0])]).toEqual([2, 3]);
  });
});
