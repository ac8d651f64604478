import type { DeviceFilterField, DeviceGroupNode, GroupFilter } from '../../api';
import { DEVICE_TEXT_FIELDS } from '../devices/deviceView';

/** The filter fields a dynamic group offers: the device list's filters, by their column names. */
export const GROUP_FILTER_FIELDS = [
  ...DEVICE_TEXT_FIELDS,
  'state',
  'agentId',
] as const satisfies readonly DeviceFilterField[];
export type GroupFilterField = (typeof GROUP_FILTER_FIELDS)[number];

/** One row of the filter editor: a field and the values any of which matches. */
export interface FilterCondition {
  field?: GroupFilterField;
  values?: string[];
}

/** Editor rows → the API's filter object (rows on one field merge; empty values are dropped). */
export function filterFromConditions(conditions: readonly FilterCondition[]): GroupFilter {
  const filter: GroupFilter = {};
  for (const { field, values } of conditions) {
    if (!field) continue;
    const texts = (values ?? []).map((v) => v.trim()).filter((v) => v !== '');
    if (texts.length === 0) continue;
    filter[field] = [...new Set([...(filter[field] ?? []), ...texts])];
  }
  return filter;
}

export function conditionsFromFilter(filter: GroupFilter | null): FilterCondition[] {
  return Object.entries(filter ?? {}).map(([field, values]) => ({
    field: field as GroupFilterField,
    values: [...(values ?? [])],
  }));
}

/** Every group of the tree, depth first. */
export function flattenTree(nodes: readonly DeviceGroupNode[]): DeviceGroupNode[] {
  return nodes.flatMap((node) => [node, ...flattenTree(node.children)]);
}

/** The ids of a group and everything below it: a group cannot move under any of them. */
export function subtreeIds(node: DeviceGroupNode): Set<number> {
  return new Set(flattenTree([node]).map((n) => n.id));
}
