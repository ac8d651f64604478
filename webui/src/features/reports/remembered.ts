import type { SortOrder, SorterResult } from 'antd/es/table/interface';
import { useCallback, useEffect, useRef, useState } from 'react';

import { getPreference, putPreference } from '../../api';
import { useAuth } from '../auth/AuthContext';

/**
 * A report page's drop-down choices and its table's sort order, kept per user across visits
 * (the guide saves them, L3559): stored by the Manager for the signed-in user
 * (/me/preferences/reports.<page>), so they follow the user to any browser. A copy in this
 * browser's localStorage gives the first render the last choices without waiting.
 */
const PREFIX = 'printwarden.reports';

export interface TableSort {
  columnKey?: string;
  order?: 'ascend' | 'descend';
}

function read(key: string): unknown {
  try {
    return JSON.parse(window.localStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

function write(key: string, value: unknown) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the choice is simply not remembered.
  }
}

/** What was stored, over `defaults`: only the defaults' keys, each with the default's type
 * (any type for a key whose default is undefined), so an old or edited entry cannot break the
 * page. */
export function mergeRemembered<T extends object>(defaults: T, stored: unknown): T {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return defaults;
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(stored)) {
    if (!(key in defaults)) continue;
    const fallback = (defaults as Record<string, unknown>)[key];
    if (fallback === undefined ? value !== null : typeof value === typeof fallback) out[key] = value;
  }
  return out as T;
}

function useCacheKey(page: string) {
  const { state } = useAuth();
  return `${PREFIX}.${state.status === 'authenticated' ? state.user.username : ''}.${page}`;
}

/** The page's choices, remembered. */
export function useRemembered<T extends object>(page: string, defaults: T): [T, (next: T) => void] {
  const cacheKey = useCacheKey(page);
  const serverKey = `reports.${page}`;
  const [value, setValue] = useState<T>(() => mergeRemembered(defaults, read(cacheKey)));
  // A choice made before the Manager's copy arrives wins over it.
  const chosen = useRef(false);
  const initial = useRef(defaults);
  useEffect(() => {
    let alive = true;
    getPreference(serverKey).then(
      (stored) => {
        if (!alive || chosen.current) return;
        const merged = mergeRemembered(initial.current, stored);
        setValue(merged);
        write(cacheKey, merged);
      },
      () => undefined, // not reachable: the cached or default choices stay
    );
    return () => {
      alive = false;
    };
  }, [serverKey, cacheKey]);
  const update = useCallback(
    (next: T) => {
      chosen.current = true;
      setValue(next);
      write(cacheKey, next);
      putPreference(serverKey, next).catch(() => undefined); // kept in this browser at least
    },
    [cacheKey, serverKey],
  );
  return [value, update];
}

/** The table's sort, remembered: `sortOrder(key)` for each sortable column, `onChange` for the
 * table. */
export function useRememberedSort<R>(page: string, initial: TableSort = {}) {
  const [sort, setSort] = useRemembered<TableSort>(`${page}.sort`, {
    columnKey: initial.columnKey,
    order: initial.order,
  });
  const sortOrder = (columnKey: string): SortOrder => (sort.columnKey === columnKey ? (sort.order ?? null) : null);
  const onChange = (_p: unknown, _f: unknown, sorter: SorterResult<R> | SorterResult<R>[]) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    setSort(one?.order && one.columnKey !== undefined ? { columnKey: String(one.columnKey), order: one.order } : {});
  };
  return { sortOrder, onChange };
}
