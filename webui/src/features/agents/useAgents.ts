import { listAgents, type Agent } from '../../api';
import { usePolling } from '../common/usePolling';

export const AGENTS_POLL_INTERVAL_MS = 2000;

export interface AgentsState {
  agents: Agent[] | undefined;
  error: unknown;
  loading: boolean;
  /** Fetches now (after a change made by the user) and restarts the polling cycle. */
  refresh: () => void;
}

/** The agent list, polled every `intervalMs` while the page is visible. */
export function useAgents(intervalMs: number = AGENTS_POLL_INTERVAL_MS): AgentsState {
  const { data, error, loading, refresh } = usePolling(listAgents, () => intervalMs);
  return { agents: data, error, loading, refresh };
}
