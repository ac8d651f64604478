import { request } from './client';
import type { BuiltInTask, BuiltInTaskList, BuiltInTaskName, CommunicationWindows } from './types';

const taskPath = (name: BuiltInTaskName) => `/builtin-tasks/${encodeURIComponent(name)}`;

export async function listBuiltInTasks(): Promise<BuiltInTask[]> {
  return (await request<BuiltInTaskList>('GET', '/builtin-tasks')).items;
}

export function updateBuiltInTask(
  name: BuiltInTaskName,
  change: { active?: boolean; intervalMinutes?: number },
): Promise<BuiltInTask> {
  return request<BuiltInTask>('PATCH', taskPath(name), { body: change });
}

/** Starts the task now, whatever its interval, switch and the windows. */
export function runBuiltInTask(name: BuiltInTaskName): Promise<BuiltInTask> {
  return request<BuiltInTask>('POST', `${taskPath(name)}/run`);
}

export function getCommunicationWindows(): Promise<CommunicationWindows> {
  return request<CommunicationWindows>('GET', '/settings/communication-windows');
}

export function putCommunicationWindows(windows: CommunicationWindows): Promise<CommunicationWindows> {
  return request<CommunicationWindows>('PUT', '/settings/communication-windows', { body: windows });
}
