import { request } from './client';
import type { Task, TaskInput, TaskRun, TaskRunDetails, TaskSchedule } from './types';

interface Items<T> {
  items: T[];
}

export async function listTaskTypes(): Promise<string[]> {
  return (await request<Items<string>>('GET', '/task-types')).items;
}

export async function listTasks(): Promise<Task[]> {
  return (await request<Items<Task>>('GET', '/tasks')).items;
}

export function createTask(input: TaskInput): Promise<Task> {
  return request<Task>('POST', '/tasks', { body: input });
}

export function updateTask(id: number, input: TaskInput): Promise<Task> {
  return request<Task>('PUT', `/tasks/${id}`, { body: input });
}

export function deleteTask(id: number): Promise<void> {
  return request<void>('DELETE', `/tasks/${id}`);
}

export type TaskAction = 'duplicate' | 'activate' | 'deactivate';

export function taskAction(id: number, action: TaskAction): Promise<Task> {
  return request<Task>('POST', `/tasks/${id}/${action}`);
}

export function runTask(id: number): Promise<TaskRun> {
  return request<TaskRun>('POST', `/tasks/${id}/run`);
}

/** Every task's runs, newest first. */
export async function listTaskRuns(limit = 100): Promise<TaskRun[]> {
  return (await request<Items<TaskRun>>('GET', `/task-runs?limit=${limit}`)).items;
}

export function getTaskRun(id: number, offset = 0, limit = 500): Promise<TaskRunDetails> {
  return request<TaskRunDetails>('GET', `/task-runs/${id}?offset=${offset}&limit=${limit}`);
}

export function cancelTaskRun(id: number): Promise<TaskRun> {
  return request<TaskRun>('POST', `/task-runs/${id}/cancel`);
}

/** An inactive task holding only the run's failed targets. */
export function recoverTaskRun(id: number): Promise<Task> {
  return request<Task>('POST', `/task-runs/${id}/recover`);
}

/** The next 5 run times of a schedule in a zone ("" = the Manager's). */
export async function previewSchedule(schedule: TaskSchedule, timeZone: string): Promise<string[]> {
  return (await request<Items<string>>('POST', '/task-schedules/preview', { body: { schedule, timeZone } })).items;
}
