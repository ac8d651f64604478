import { NOT_POLLED, type StatusCategory } from '../../api';
import { DEFAULT_COLUMNS, INITIAL_TABLE_STATE, listStateToSearch } from '../devices/deviceView';

/**
 * The device list filtered by a status breakdown category: managed devices (what the breakdown
 * counts) with that severity or power state. The breakdown puts a device in one category only
 * (no response before error, error before sleep), so the list may hold a few more devices, e.g.
 * one in error that does not answer either.
 */
export function deviceListPathOf(category: StatusCategory): string {
  const filters =
    category === 'no_response' || category === 'sleep'
      ? { power: [category] }
      : { severity: category === 'unknown' ? ['unknown', NOT_POLLED] : [category] };
  const search = listStateToSearch({
    view: 'managed',
    table: { ...INITIAL_TABLE_STATE, filters },
    columns: DEFAULT_COLUMNS,
  });
  return `/devices/list?${search.toString()}`;
}
