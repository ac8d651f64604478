import { useCallback, useEffect, useState } from 'react';

import { listDevices, type DevicePage, type DeviceQuery } from '../../api';

export interface DevicePageState {
  page: DevicePage | undefined;
  error: unknown;
  loading: boolean;
  refresh: () => void;
}

/** One page of the device list for `query`; answers to outdated queries are dropped. */
export function useDevicePage(query: DeviceQuery): DevicePageState {
  const [page, setPage] = useState<DevicePage | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(query);

  useEffect(() => {
    let current = true;
    setLoading(true);
    listDevices(JSON.parse(key) as DeviceQuery)
      .then((result) => {
        if (!current) return;
        setPage(result);
        setError(null);
      })
      .catch((e: unknown) => {
        if (current) setError(e);
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [key, generation]);

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  return { page, error, loading, refresh };
}
