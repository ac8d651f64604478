import { Select } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getDevice, listDevices, listGroups, type Device, type DeviceGroup } from '../../api';

/** At most this many devices and groups together (guide L3930; the Manager checks it too). */
export const MAX_TASK_TARGETS = 5000;
/** Devices asked for per search (by name and by address, merged). */
const SEARCH_PAGE = 50;
/** Labels of already chosen devices fetched when the editor opens (the rest show their id). */
const LABELS_FETCHED = 50;

function deviceLabel(d: Device): string {
  return d.ipAddress ? `${d.name || d.ipAddress} (${d.ipAddress})` : d.name;
}

/** Devices matching `text` in their name or their address, at most SEARCH_PAGE of each. */
async function searchDevices(text: string): Promise<Device[]> {
  const pages = await Promise.all(
    (['name', 'ipAddress'] as const).map((field) =>
      listDevices({ pageSize: SEARCH_PAGE, sort: 'name', filters: text ? { [field]: [text] } : {} }),
    ),
  );
  const byId = new Map<number, Device>();
  for (const page of pages) for (const d of page.items) byId.set(d.id, d);
  return [...byId.values()];
}

/**
 * Device targets: a search by name or address (typed text asks the Manager), the chosen ones
 * kept with their labels. `max` is what the groups leave of MAX_TASK_TARGETS.
 */
export function DevicePicker({
  value,
  onChange,
  max,
}: {
  value?: number[];
  onChange?: (ids: number[]) => void;
  max: number;
}) {
  const { t } = useTranslation();
  const [labels, setLabels] = useState<Map<number, string>>(new Map());
  const [found, setFound] = useState<Device[]>([]);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  const search = (text: string) => {
    const ticket = ++latest.current;
    setLoading(true);
    searchDevices(text.trim())
      .then((devices) => {
        if (ticket !== latest.current) return;
        setFound(devices);
        setLabels((old) => new Map([...old, ...devices.map((d) => [d.id, deviceLabel(d)] as const)]));
      })
      .catch(() => ticket === latest.current && setFound([]))
      .finally(() => ticket === latest.current && setLoading(false));
  };

  // The first page to pick from, and the labels of devices chosen before (an edited task).
  const chosen = value ?? [];
  useEffect(() => {
    search('');
    const unknown = chosen.slice(0, LABELS_FETCHED);
    void Promise.allSettled(unknown.map((id) => getDevice(id))).then((results) => {
      const known = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      setLabels((old) => new Map([...old, ...known.map((d) => [d.id, deviceLabel(d)] as const)]));
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const options = useMemo(() => {
    const shown = new Map<number, string>();
    for (const id of chosen) shown.set(id, labels.get(id) ?? `#${id}`);
    for (const d of found) shown.set(d.id, deviceLabel(d));
    return [...shown].map(([id, label]) => ({ value: id, label }));
  }, [chosen, found, labels]);

  return (
    <Select
      mode="multiple"
      data-testid="task-devices"
      value={chosen}
      onChange={onChange}
      options={options}
      filterOption={false}
      showSearch
      onSearch={search}
      loading={loading}
      maxCount={Math.max(max, 0)}
      maxTagCount={20}
      placeholder={t('tasks.editor.searchDevices')}
    />
  );
}

/** Device groups, resolved to their devices when the task runs. */
export function GroupPicker({
  value,
  onChange,
  max,
}: {
  value?: number[];
  onChange?: (ids: number[]) => void;
  max: number;
}) {
  const [groups, setGroups] = useState<DeviceGroup[]>([]);
  useEffect(() => {
    listGroups().then(setGroups, () => setGroups([]));
  }, []);
  return (
    <Select
      mode="multiple"
      data-testid="task-groups"
      value={value ?? []}
      onChange={onChange}
      optionFilterProp="label"
      maxCount={Math.max(max, 0)}
      options={groups.map((g) => ({ value: g.id, label: g.name }))}
    />
  );
}
