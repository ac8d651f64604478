import { request } from './client';
import type { DiscoveryRun, DiscoveryRunList, StartDiscoveryRequest } from './types';

const runPath = (id: number) => `/discoveries/${encodeURIComponent(String(id))}`;

/** Starts a run (over Agents' scopes, or for one address or host name); answers at once. */
export function startDiscovery(input: StartDiscoveryRequest): Promise<DiscoveryRun> {
  return request<DiscoveryRun>('POST', '/discoveries', { body: input });
}

/** The latest runs, newest first. */
export async function listDiscoveries(limit = 50): Promise<DiscoveryRun[]> {
  const list = await request<DiscoveryRunList>('GET', `/discoveries?limit=${limit}`);
  return list.items;
}

export function getDiscovery(id: number): Promise<DiscoveryRun> {
  return request<DiscoveryRun>('GET', runPath(id));
}

export function cancelDiscovery(id: number): Promise<DiscoveryRun> {
  return request<DiscoveryRun>('POST', `${runPath(id)}/cancel`);
}
