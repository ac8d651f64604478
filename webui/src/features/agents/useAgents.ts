import { useCallback, useEffect, useState } from 'react';

import { listAgents, type Agent } from '../../api';

export const AGENTS_POLL_INTERVAL_MS = 2000;

export interface AgentsState {
  agents: Agent[] | undefined;
  error: unknown;
  loading: boolean;
  /** Fetches now (after a change made by the user) and restarts the polling cycle. */
  refresh: () => void;
}

const pageVisible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';

/** The agent list, polled every `intervalMs` while the page is visible. */
export function useAgents(intervalMs: number = AGENTS_POLL_INTERVAL_MS): AgentsState {
  const [agents, setAgents] = useState<Agent[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;

    const schedule = () => {
      clearTimeout(timer);
      timer = undefined;
      if (!stopped && pageVisible()) timer = setTimeout(() => void poll(), intervalMs);
    };

    const poll = async () => {
      if (inFlight) return;
      inFlight = true;
      try {
        const items = await listAgents();
        if (!stopped) {
          setAgents(items);
          setError(null);
        }
      } catch (e) {
        if (!stopped) setError(e);
      } finally {
        inFlight = false;
        schedule();
      }
    };

    const onVisibilityChange = () => {
      if (!pageVisible()) {
        clearTimeout(timer);
        timer = undefined;
      } else if (!timer && !inFlight) {
        void poll();
      }
    };

    void poll();
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [intervalMs, generation]);

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  return { agents, error, loading: agents === undefined && !error, refresh };
}
