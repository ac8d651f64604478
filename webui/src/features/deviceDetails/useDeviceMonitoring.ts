import { useCallback, useEffect, useState } from 'react';

import {
  getDevice,
  getDeviceCounters,
  getDeviceStatus,
  getDeviceSupplies,
  getStatusHistory,
  type Device,
  type DeviceCounters,
  type DeviceStatus,
  type DeviceSupplies,
  type StatusHistory,
} from '../../api';
import { usePolling } from '../common/usePolling';

export interface DeviceMonitoring {
  device: Device;
  status: DeviceStatus;
  supplies: DeviceSupplies;
  counters: DeviceCounters;
  history: StatusHistory;
}

const load = async (id: number): Promise<DeviceMonitoring> => {
  const [device, status, supplies, counters, history] = await Promise.all([
    getDevice(id),
    getDeviceStatus(id),
    getDeviceSupplies(id),
    getDeviceCounters(id),
    getStatusHistory(id),
  ]);
  return { device, status, supplies, counters, history };
};

/** How long "Refresh now" waits for the Agent's answer before saying that none came yet. */
export const REFRESH_WAIT_MS = 90_000;

/**
 * Everything the details page shows, polled every 30 s; every 2 s while a "Refresh now" waits
 * for the device's next reading (a reading newer than the one shown when it was asked for).
 */
export function useDeviceMonitoring(id: number) {
  // The readAt of the status shown when the refresh was asked for ("" when there was none).
  const [awaiting, setAwaiting] = useState<string | null>(null);
  const [timedOut, setTimedOut] = useState(false);
  const polled = usePolling(
    () => load(id),
    () => (awaiting !== null ? 2_000 : 30_000),
    id,
  );
  const readAt = polled.data?.status.readAt ?? '';
  const arrived = awaiting !== null && polled.data !== undefined && readAt !== awaiting;

  useEffect(() => {
    if (awaiting === null) return;
    const timer = setTimeout(() => {
      setAwaiting(null);
      setTimedOut(true);
    }, REFRESH_WAIT_MS);
    return () => clearTimeout(timer);
  }, [awaiting]);

  const { refresh } = polled;
  const awaitReading = useCallback(() => {
    setAwaiting(readAt);
    setTimedOut(false);
    refresh();
  }, [readAt, refresh]);
  const stopAwaiting = useCallback(() => setAwaiting(null), []);

  return { ...polled, awaiting: awaiting !== null, arrived, timedOut, awaitReading, stopAwaiting };
}
