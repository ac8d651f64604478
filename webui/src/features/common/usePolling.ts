import { useCallback, useEffect, useRef, useState } from 'react';

export interface PolledState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Fetches now (after a change made by the user) and restarts the polling cycle. */
  refresh: () => void;
}

const pageVisible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';

/**
 * Calls `load` now and again after `nextDelayMs(data)` milliseconds (null: stop polling until
 * refresh() or a change of `key`), while the page is visible. A new `key` (e.g. the id shown)
 * starts over with no data. One request is in flight at a time.
 */
export function usePolling<T>(
  load: (() => Promise<T>) | null,
  nextDelayMs: (data: T) => number | null,
  key: string | number = '',
): PolledState<T> {
  const [data, setData] = useState<{ key: string | number; value: T } | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  // The callbacks may be new functions on every render; the effect reads the latest ones.
  const loadRef = useRef(load);
  const delayRef = useRef(nextDelayMs);
  loadRef.current = load;
  delayRef.current = nextDelayMs;
  const enabled = load !== null;

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let last: T | undefined;

    const schedule = () => {
      clearTimeout(timer);
      timer = undefined;
      if (stopped || !pageVisible()) return;
      const delay = last === undefined ? 2000 : delayRef.current(last);
      if (delay !== null) timer = setTimeout(() => void poll(), delay);
    };

    const poll = async () => {
      const current = loadRef.current;
      if (inFlight || !current) return;
      inFlight = true;
      try {
        const value = await current();
        if (!stopped) {
          last = value;
          setData({ key, value });
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
  }, [enabled, key, generation]);

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  const value = data?.key === key ? data.value : undefined;
  return { data: value, error, loading: enabled && value === undefined && !error, refresh };
}
