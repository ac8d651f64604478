import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Dropdown, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  getReportDeviceTypes,
  listGroups,
  listRegions,
  type DownloadedFile,
  type ReportFileFormat,
  type ReportPeriodUnit,
  type ReportTarget,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { saveFile } from '../common/saveFile';

const FORMATS: ReportFileFormat[] = ['csv', 'txt', 'xlsx'];
export const PERIOD_UNITS: ReportPeriodUnit[] = ['daily', 'weekly', 'monthly', 'yearly'];

function targetValue(target: ReportTarget) {
  return target.kind === 'all' ? 'all' : `${target.kind}:${target.id}`;
}

/** All devices, a device group or a region (the region choice only when the user has several).
 * A remembered group or region that is no longer offered falls back to all devices. */
export function TargetSelect({ value, onChange }: { value: ReportTarget; onChange: (t: ReportTarget) => void }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [complete, setComplete] = useState(false);
  useEffect(() => {
    let alive = true;
    let failed = false;
    const orNone = <T,>(list: Promise<T[]>) =>
      list.catch(() => {
        failed = true;
        return [] as T[];
      });
    Promise.all([orNone(listGroups()), orNone(listRegions())]).then(([groups, regions]) => {
      if (!alive) return;
      setOptions([
        ...groups.map((g) => ({ value: `group:${g.id}`, label: t('reports.target.group', { name: g.name }) })),
        ...(regions.length > 1
          ? regions.map((r) => ({ value: `region:${r.id}`, label: t('reports.target.region', { name: r.name }) }))
          : []),
      ]);
      setComplete(!failed);
    });
    return () => {
      alive = false;
    };
  }, [t]);
  const current = targetValue(value);
  const gone = complete && current !== 'all' && !options.some((o) => o.value === current);
  useEffect(() => {
    if (gone) onChange({ kind: 'all' });
  }, [gone, onChange]);
  return (
    <Select
      data-testid="report-target"
      aria-label={t('reports.target.label')}
      showSearch
      optionFilterProp="label"
      style={{ minWidth: 220 }}
      value={current}
      options={[{ value: 'all', label: t('reports.target.all') }, ...options]}
      onChange={(v: string) => {
        if (v === 'all') return onChange({ kind: 'all' });
        const [kind, id] = v.split(':');
        onChange({ kind: kind as 'group' | 'region', id: Number(id) });
      }}
    />
  );
}

/** All device types, or one (the types of the caller's devices; none set is a Printer). */
export function DeviceTypeSelect({
  value,
  onChange,
}: {
  value?: string;
  onChange?: (deviceType: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [types, setTypes] = useState<string[]>([]);
  useEffect(() => {
    let alive = true;
    getReportDeviceTypes().then(
      (items) => alive && setTypes(items),
      () => alive && setTypes([]),
    );
    return () => {
      alive = false;
    };
  }, []);
  // A remembered type no device has any more stays selectable, so the choice is visible.
  const shown = value && !types.includes(value) ? [...types, value] : types;
  return (
    <Select
      data-testid="report-device-type"
      aria-label={t('reports.deviceType.label')}
      style={{ minWidth: 180 }}
      value={value ?? ''}
      onChange={(v: string) => onChange?.(v || undefined)}
      options={[
        { value: '', label: t('reports.deviceType.all') },
        ...shown.map((type) => ({ value: type, label: type })),
      ]}
    />
  );
}

export function PeriodSelect({
  value,
  onChange,
}: {
  value: ReportPeriodUnit;
  onChange: (p: ReportPeriodUnit) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      data-testid="report-period"
      aria-label={t('reports.period.label')}
      style={{ minWidth: 200 }}
      value={value}
      onChange={onChange}
      options={PERIOD_UNITS.map((p) => ({ value: p, label: t(`reports.period.${p}`) }))}
    />
  );
}

/** The last day the report shows (YYYY-MM-DD); cleared: today in the Manager's time zone. */
export function EndDatePicker({ onChange }: { onChange: (end: string | undefined) => void }) {
  const { t } = useTranslation();
  return (
    <DatePicker
      data-testid="report-end"
      aria-label={t('reports.end.label')}
      placeholder={t('reports.end.today')}
      format="YYYY-MM-DD"
      allowClear
      onChange={(_, text) => onChange(typeof text === 'string' && text ? text : undefined)}
    />
  );
}

/** The Export drop-down: the report as shown, as CSV, text or Excel, its headers and words in
 * the console's language. */
export function ExportButton({
  onExport,
}: {
  onExport: (format: ReportFileFormat, language: string) => Promise<DownloadedFile>;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Dropdown
      menu={{
        items: FORMATS.map((f) => ({
          key: f,
          label: <span data-testid={`report-export-${f}`}>{t(`reports.export.${f}`)}</span>,
        })),
        onClick: async ({ key }) => {
          setBusy(true);
          try {
            saveFile(await onExport(key as ReportFileFormat, i18n.resolvedLanguage ?? i18n.language));
          } catch (e) {
            message.error(errorMessage(e, t));
          } finally {
            setBusy(false);
          }
        },
      }}
    >
      <Button data-testid="report-export" icon={<DownloadOutlined />} loading={busy}>
        {t('reports.export.button')}
      </Button>
    </Dropdown>
  );
}

/** Loads a report whenever its query changes; the latest answer wins. */
export function useReport<Q, R>(query: Q, load: (q: Q) => Promise<R>) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ data?: R; error?: string; loading: boolean }>({ loading: true });
  const key = JSON.stringify(query);
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true }));
    load(JSON.parse(key) as Q).then(
      (data) => alive && setState({ data, loading: false }),
      (e) => alive && setState({ error: errorMessage(e, t), loading: false }),
    );
    return () => {
      alive = false;
    };
  }, [key, load, t]);
  return state;
}
