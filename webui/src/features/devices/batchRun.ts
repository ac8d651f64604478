import {
  listDevices,
  MAX_BATCH_DEVICES,
  runDeviceBatch,
  type DeviceBatch,
  type DeviceBatchFailure,
  type DeviceQuery,
} from '../../api';

/** Devices per request: small enough for the progress bar to move, large enough to be quick. */
export const BATCH_CHUNK = 100;
const COLLECT_PAGE = 200;

export interface BatchProgress {
  /** collecting: reading the ids of "all matching"; running: sending chunks. */
  phase: 'collecting' | 'running' | 'done' | 'stopped';
  done: number;
  total: number;
  succeeded: number;
  failures: DeviceBatchFailure[];
}

/**
 * The ids of the devices a view matches, in the list's order, at most `limit` of them (the
 * batch cap), read page by page before anything changes them. `total` is how many match.
 */
export async function collectMatchingIds(
  query: DeviceQuery,
  limit: number = MAX_BATCH_DEVICES,
  onPage?: (read: number, total: number) => void,
): Promise<{ ids: number[]; total: number }> {
  const ids: number[] = [];
  let total = 0;
  for (let page = 1; ids.length < limit; page++) {
    const result = await listDevices({ ...query, page, pageSize: COLLECT_PAGE });
    total = result.total;
    ids.push(...result.items.map((d) => d.id));
    onPage?.(Math.min(ids.length, limit), Math.min(total, limit));
    if (result.items.length < COLLECT_PAGE) break;
  }
  return { ids: ids.slice(0, limit), total };
}

/**
 * Sends the batch in chunks of BATCH_CHUNK ids and reports the progress after each; a chunk
 * that fails as a whole (network, session) counts its devices as failed with that error.
 * `stopped()` is asked between chunks: the devices already sent stay done.
 */
export async function runInChunks(
  batch: Omit<DeviceBatch, 'deviceIds'>,
  ids: readonly number[],
  onProgress: (progress: BatchProgress) => void,
  stopped: () => boolean = () => false,
): Promise<BatchProgress> {
  const progress: BatchProgress = { phase: 'running', done: 0, total: ids.length, succeeded: 0, failures: [] };
  onProgress({ ...progress });
  for (let start = 0; start < ids.length; start += BATCH_CHUNK) {
    if (stopped()) {
      progress.phase = 'stopped';
      break;
    }
    const chunk = ids.slice(start, start + BATCH_CHUNK);
    try {
      const result = await runDeviceBatch({ ...batch, deviceIds: chunk });
      progress.succeeded += result.succeeded;
      progress.failures.push(...result.failures);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      progress.failures.push(...chunk.map((id) => ({ id, code: 'request_failed', message })));
    }
    progress.done += chunk.length;
    onProgress({ ...progress, failures: [...progress.failures] });
  }
  if (progress.phase === 'running') progress.phase = 'done';
  onProgress({ ...progress });
  return progress;
}
