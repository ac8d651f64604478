import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

import { listStateFromSearch, listStateToSearch, type DeviceListState } from './deviceView';

/**
 * The device list's state lives in the URL (filters, sort, page, tab, columns), so that a
 * link or a reload reproduces the view and the browser's Back goes to the previous one.
 */
export function useDeviceListState(): [DeviceListState, (next: (s: DeviceListState) => DeviceListState) => void] {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // Parsed once per URL, so the table state keeps its identity between renders.
  const state = useMemo(() => listStateFromSearch(params), [key]);
  const update = useCallback(
    (next: (s: DeviceListState) => DeviceListState) =>
      setParams((current) => listStateToSearch(next(listStateFromSearch(current)))),
    [setParams],
  );
  return [state, update];
}
