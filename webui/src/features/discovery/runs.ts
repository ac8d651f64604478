import { getDiscovery, type DiscoveryRun, type DiscoveryRunAgent } from '../../api';
import { usePolling } from '../common/usePolling';

export const RUN_POLL_INTERVAL_MS = 1000;

/** Queued or running: still changing, so polled. */
export const isRunning = (run: Pick<DiscoveryRun, 'state'>) => run.state === 'running' || run.state === 'queued';

/** Progress of a run in percent (addresses probed over addresses to probe, all Agents). */
export function runPercent(run: {
  state: DiscoveryRun['state'];
  agents: Pick<DiscoveryRunAgent, 'progress'>[];
}): number {
  if (!isRunning(run)) return 100;
  return agentsPercent(run.agents);
}

export function agentsPercent(agents: Pick<DiscoveryRunAgent, 'progress'>[]): number {
  const total = agents.reduce((sum, a) => sum + a.progress.total, 0);
  const done = agents.reduce((sum, a) => sum + Math.min(a.progress.done, a.progress.total), 0);
  return total === 0 ? 0 : Math.floor((done * 100) / total);
}

/** One run, polled every second while it runs (null: nothing shown). */
export function useDiscoveryRun(id: number | null) {
  return usePolling(
    id === null ? null : () => getDiscovery(id),
    (run) => (isRunning(run) ? RUN_POLL_INTERVAL_MS : null),
    id ?? '',
  );
}
