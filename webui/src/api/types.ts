// Types of the Printwarden Manager REST API (/api/v1). Source of truth:
// proto/openapi.json in the repository.

export const ROLES = ['system_manager', 'device_manager', 'user'] as const;
/** A role of the contract, or one a newer Manager added (shown as is). */
export type Role = (typeof ROLES)[number] | (string & {});

export interface User {
  username: string;
  role: Role;
}

export interface Session {
  csrfToken: string;
  user: User;
}

export interface LoginRequest {
  username: string;
  password: string;
  remember?: boolean;
}

export interface Health {
  status: 'ok';
  version: string;
}

export type AgentStatus = 'inactive' | 'active' | 'unreachable';

export interface Agent {
  id: number;
  name: string;
  local: boolean;
  status: AgentStatus;
  version: string | null;
  /** The computer the agent runs on, as it reported it ("" before activation). */
  hostname: string;
  /** ISO 8601 UTC, null when the agent never contacted the Manager. */
  lastContact: string | null;
  /** ISO 8601. */
  createdAt: string;
  activated: boolean;
}

export interface AgentList {
  items: Agent[];
}

export interface CreateAgentRequest {
  name: string;
  local?: boolean;
}

/** An agent and, while it is inactive, its activation key. */
export interface AgentWithKey {
  agent: Agent;
  /** Present only while the agent is inactive (so always after create and deactivate). */
  activationKey?: string;
}

export type AgentDetails = AgentWithKey;

export interface PingResult {
  roundTripMs: number;
}

/** Error body of every 4xx/5xx answer. */
export interface Problem {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}
