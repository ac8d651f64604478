import { request } from './client';
import type {
  DeviceGroup,
  DeviceGroupEdit,
  DeviceGroupNode,
  GroupMembersChange,
  GroupMembersSelection,
  NewDeviceGroup,
} from './types';

const groupPath = (id: number) => `/groups/${encodeURIComponent(String(id))}`;

/** Every group nested under its parent, siblings by name, with member counts. */
export async function listGroupTree(): Promise<DeviceGroupNode[]> {
  return (await request<{ items: DeviceGroupNode[] }>('GET', '/groups?view=tree')).items;
}

/** Every group, parents before children. */
export async function listGroups(): Promise<DeviceGroup[]> {
  return (await request<{ items: DeviceGroup[] }>('GET', '/groups')).items;
}

export function getGroup(id: number): Promise<DeviceGroup> {
  return request<DeviceGroup>('GET', groupPath(id));
}

export function createGroup(group: NewDeviceGroup): Promise<DeviceGroup> {
  return request<DeviceGroup>('POST', '/groups', { body: group });
}

export function updateGroup(id: number, edit: DeviceGroupEdit): Promise<DeviceGroup> {
  return request<DeviceGroup>('PATCH', groupPath(id), { body: edit });
}

/** A group with subgroups is deleted only with `subtree` (else 409 group_has_children). */
export function deleteGroup(id: number, subtree = false): Promise<void> {
  return request<void>('DELETE', subtree ? `${groupPath(id)}?subtree=true` : groupPath(id));
}

/** Adds devices to a static group, all or none (at most 5,000 in a group). */
export function addGroupMembers(id: number, selection: GroupMembersSelection): Promise<GroupMembersChange> {
  return request<GroupMembersChange>('POST', `${groupPath(id)}/members`, { body: selection });
}

export function removeGroupMembers(id: number, deviceIds: readonly number[]): Promise<GroupMembersChange> {
  return request<GroupMembersChange>('DELETE', `${groupPath(id)}/members`, { body: { deviceIds } });
}
