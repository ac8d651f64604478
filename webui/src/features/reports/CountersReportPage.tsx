import { Alert, Card, Flex, Select, Spin, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { lazy, Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import {
  exportCounterReport,
  getCounterReport,
  type CounterReportKind,
  type CounterReportQuery,
  type CounterReportRow,
} from '../../api';
import { useFormatters } from '../../i18n/format';
import { PageHeader } from '../common/PageHeader';
import { DeviceTypeSelect, EndDatePicker, ExportButton, PeriodSelect, TargetSelect, useReport } from './ReportControls';
import { useRemembered, useRememberedSort } from './remembered';

const ReportChart = lazy(() => import('./ReportChart'));

const KINDS: CounterReportKind[] = ['byDevice', 'byCounter', 'lifetime'];
const COUNTERS = ['total', 'black', 'colour', 'print', 'copy', 'scan', 'fax', 'large', 'small'];
const COLORS = ['#1677ff', '#262626', '#eb2f96', '#13c2c2', '#fa8c16', '#722ed1', '#a0d911', '#2f54eb', '#faad14'];

/** Reports > Counters: pages per device or per counter and period, or lifetime counters. */
export function CountersReportPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  // The drop-downs are remembered per user; the last day shown is chosen for this visit only.
  const [choices, setChoices] = useRemembered<Omit<CounterReportQuery, 'end'>>('counters', {
    target: { kind: 'all' },
    deviceType: undefined,
    kind: 'byDevice',
    period: 'daily',
    counter: 'total',
  });
  const [end, setEnd] = useState<string>();
  const query: CounterReportQuery = { ...choices, end: choices.kind === 'lifetime' ? undefined : end };
  const setQuery = ({ end: nextEnd, ...next }: CounterReportQuery) => {
    setChoices(next);
    setEnd(nextEnd);
  };
  const sort = useRememberedSort<CounterReportRow>('counters');
  const { data, error, loading } = useReport(query, useCallback(getCounterReport, []));
  const counterName = (name: string) => t(`monitoring.counters.field.${name}`);
  const number = (v: number | null | undefined) => (v === null || v === undefined ? '—' : fmt.number(v));

  const deviceColumns: ColumnsType<CounterReportRow> = [
    {
      key: 'name',
      title: t('reports.column.device'),
      fixed: 'left',
      render: (_, row) => <Link to={`/devices/list/${row.deviceId}`}>{row.name || row.ipAddress}</Link>,
      sorter: (a, b) => (a.name ?? '').localeCompare(b.name ?? ''),
      sortOrder: sort.sortOrder('name'),
    },
    { key: 'model', title: t('reports.column.model'), dataIndex: 'model' },
    { key: 'region', title: t('reports.column.region'), dataIndex: 'region' },
  ];
  let columns: ColumnsType<CounterReportRow>;
  if (!data) columns = [];
  else if (data.kind === 'lifetime') {
    columns = [
      ...deviceColumns,
      ...data.counters.map((c, i) => ({
        key: c,
        title: counterName(c),
        render: (_: unknown, r: CounterReportRow) => number(r.values[i]),
        align: 'right' as const,
      })),
    ];
  } else {
    const first: ColumnsType<CounterReportRow> =
      data.kind === 'byCounter'
        ? [
            {
              key: 'counter',
              title: t('reports.column.counter'),
              fixed: 'left',
              render: (_, r) => counterName(r.counter ?? ''),
            },
          ]
        : deviceColumns;
    columns = [
      ...first,
      ...data.periods.map((p, i) => ({
        key: p.label,
        title: p.label,
        align: 'right' as const,
        render: (_: unknown, r: CounterReportRow) => number(r.values[i]),
      })),
      {
        key: 'total',
        title: t('reports.column.total'),
        align: 'right' as const,
        fixed: 'right' as const,
        render: (_: unknown, r: CounterReportRow) => number(r.total),
        sorter: (a: CounterReportRow, b: CounterReportRow) => (a.total ?? 0) - (b.total ?? 0),
        sortOrder: sort.sortOrder('total'),
      },
    ];
  }

  const chart = data && data.kind !== 'lifetime' && data.rows.length > 0 && (
    <Suspense fallback={<Spin />}>
      {data.kind === 'byDevice' ? (
        <ReportChart
          labels={data.periods.map((p) => p.label)}
          series={[{ key: data.counter, label: counterName(data.counter), color: COLORS[0] }]}
          values={{ [data.counter]: data.totals }}
        />
      ) : (
        <ReportChart
          labels={data.periods.map((p) => p.label)}
          series={data.rows.map((r) => ({
            key: r.counter ?? '',
            label: counterName(r.counter ?? ''),
            color: COLORS[COUNTERS.indexOf(r.counter ?? '')] ?? COLORS[0],
          }))}
          values={Object.fromEntries(data.rows.map((r) => [r.counter ?? '', r.values]))}
        />
      )}
    </Suspense>
  );

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('reports.counters.title')}
        description={t('reports.counters.description')}
        extra={<ExportButton onExport={(format, language) => exportCounterReport(query, format, language)} />}
      />
      <Flex gap={8} wrap>
        <TargetSelect value={query.target} onChange={(target) => setQuery({ ...query, target })} />
        <DeviceTypeSelect value={query.deviceType} onChange={(deviceType) => setQuery({ ...query, deviceType })} />
        <Select
          data-testid="counters-kind"
          aria-label={t('reports.counters.kind')}
          style={{ minWidth: 180 }}
          value={query.kind}
          onChange={(kind: CounterReportKind) =>
            // The date picker goes with lifetime: its day no longer applies.
            setQuery({ ...query, kind, end: kind === 'lifetime' ? undefined : query.end })
          }
          options={KINDS.map((k) => ({ value: k, label: t(`reports.counters.kinds.${k}`) }))}
        />
        {query.kind !== 'lifetime' && (
          <PeriodSelect value={query.period} onChange={(period) => setQuery({ ...query, period })} />
        )}
        {query.kind !== 'lifetime' && <EndDatePicker onChange={(end) => setQuery({ ...query, end })} />}
        {query.kind === 'byDevice' && (
          <Select
            data-testid="counters-counter"
            aria-label={t('reports.counters.counter')}
            style={{ minWidth: 160 }}
            value={query.counter}
            onChange={(counter: string) => setQuery({ ...query, counter })}
            options={COUNTERS.map((c) => ({ value: c, label: counterName(c) }))}
          />
        )}
      </Flex>
      {error && <Alert type="error" showIcon message={error} />}
      {chart && <Card size="small">{chart}</Card>}
      <Table<CounterReportRow>
        data-testid="counters-table"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.rows ?? []}
        rowKey={(r) => String(r.deviceId ?? r.counter)}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('reports.empty') }}
        onChange={sort.onChange}
      />
    </Flex>
  );
}
