import { request } from './client';
import type { Agent, AgentDetails, AgentList, AgentScope, AgentWithKey, CreateAgentRequest, PingResult } from './types';

const agentPath = (id: number) => `/agents/${encodeURIComponent(String(id))}`;

export async function listAgents(): Promise<Agent[]> {
  const list = await request<AgentList>('GET', '/agents');
  return list.items;
}

export function createAgent(input: CreateAgentRequest): Promise<AgentWithKey> {
  return request<AgentWithKey>('POST', '/agents', { body: input });
}

export function getAgent(id: number): Promise<AgentDetails> {
  return request<AgentDetails>('GET', agentPath(id));
}

export function deactivateAgent(id: number): Promise<AgentWithKey> {
  return request<AgentWithKey>('POST', `${agentPath(id)}/deactivate`);
}

export function deleteAgent(id: number): Promise<void> {
  return request<void>('DELETE', agentPath(id));
}

export function pingAgent(id: number): Promise<PingResult> {
  return request<PingResult>('POST', `${agentPath(id)}/ping`);
}

export function getAgentScope(id: number): Promise<AgentScope> {
  return request<AgentScope>('GET', `${agentPath(id)}/scope`);
}

/**
 * Replaces an agent's scope. A bad rule is a 400 naming it ("ipv4[2]"); IPv4 rules overlapping
 * another agent's are a 409 `scope_overlap` whose details list ScopeOverlap entries.
 */
export function putAgentScope(id: number, scope: AgentScope): Promise<AgentScope> {
  return request<AgentScope>('PUT', `${agentPath(id)}/scope`, { body: scope });
}
