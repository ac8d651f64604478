import { Alert, Card, Flex, Select, Spin, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { lazy, Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import {
  exportStatusReport,
  getStatusReport,
  type StatusReportQuery,
  type StatusReportRow,
  type StatusShares,
} from '../../api';
import { useFormatters } from '../../i18n/format';
import { PageHeader } from '../common/PageHeader';
import { DeviceTypeSelect, EndDatePicker, ExportButton, PeriodSelect, TargetSelect, useReport } from './ReportControls';
import { useRemembered, useRememberedSort } from './remembered';

const ReportChart = lazy(() => import('./ReportChart'));

const CATEGORIES: { key: keyof StatusShares; color: string }[] = [
  { key: 'serviceCall', color: '#a8071a' },
  { key: 'error', color: '#ff4d4f' },
  { key: 'warning', color: '#faad14' },
  { key: 'offline', color: '#595959' },
  { key: 'unknown', color: '#bfbfbf' },
  { key: 'normal', color: '#52c41a' },
  { key: 'noData', color: '#f0f0f0' },
];

/** Reports > Status Info: the share of each day (week, month, year) spent in each status. */
export function StatusReportPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  // The drop-downs are remembered per user; the last day shown is chosen for this visit only.
  const [choices, setChoices] = useRemembered<Omit<StatusReportQuery, 'end'>>('status', {
    target: { kind: 'all' },
    deviceType: undefined,
    period: 'daily',
  });
  const [end, setEnd] = useState<string>();
  const query: StatusReportQuery = { ...choices, end };
  const setQuery = ({ end: nextEnd, ...next }: StatusReportQuery) => {
    setChoices(next);
    setEnd(nextEnd);
  };
  const sort = useRememberedSort<StatusReportRow>('status');
  const [shown, setShown] = useState<number>();
  const { data, error, loading } = useReport(query, useCallback(getStatusReport, []));
  const index = data ? Math.min(shown ?? data.periods.length - 1, data.periods.length - 1) : 0;
  const percent = (v: number) => `${fmt.number(v, { maximumFractionDigits: 1 })} %`;

  const columns: ColumnsType<StatusReportRow> = [
    {
      key: 'name',
      title: t('reports.column.device'),
      fixed: 'left',
      render: (_, row) => <Link to={`/devices/list/${row.deviceId}`}>{row.name || row.ipAddress}</Link>,
      sorter: (a, b) => a.name.localeCompare(b.name),
      sortOrder: sort.sortOrder('name'),
    },
    { key: 'model', title: t('reports.column.model'), dataIndex: 'model' },
    { key: 'region', title: t('reports.column.region'), dataIndex: 'region' },
    ...CATEGORIES.map(({ key }) => ({
      key,
      title: t(`reports.status.category.${key}`),
      align: 'right' as const,
      render: (_: unknown, row: StatusReportRow) => percent(row.periods[index]?.[key] ?? 0),
      sorter: (a: StatusReportRow, b: StatusReportRow) =>
        (a.periods[index]?.[key] ?? 0) - (b.periods[index]?.[key] ?? 0),
      sortOrder: sort.sortOrder(key),
    })),
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('reports.status.title')}
        description={t('reports.status.description')}
        extra={<ExportButton onExport={(format, language) => exportStatusReport(query, format, language)} />}
      />
      <Flex gap={8} wrap>
        <TargetSelect value={query.target} onChange={(target) => setQuery({ ...query, target })} />
        <DeviceTypeSelect value={query.deviceType} onChange={(deviceType) => setQuery({ ...query, deviceType })} />
        <PeriodSelect
          value={query.period}
          onChange={(period) => {
            setShown(undefined);
            setQuery({ ...query, period });
          }}
        />
        <EndDatePicker onChange={(end) => setQuery({ ...query, end })} />
      </Flex>
      {error && <Alert type="error" showIcon message={error} />}
      {data && data.rows.length > 0 && (
        <Card size="small" title={t('reports.status.fleet')}>
          <Suspense fallback={<Spin />}>
            <ReportChart
              stacked
              unit=" %"
              labels={data.periods.map((p) => p.label)}
              series={CATEGORIES.filter((c) => c.key !== 'noData').map((c) => ({
                key: c.key,
                label: t(`reports.status.category.${c.key}`),
                color: c.color,
              }))}
              values={Object.fromEntries(CATEGORIES.map((c) => [c.key, data.fleet.map((f) => f[c.key])]))}
            />
          </Suspense>
        </Card>
      )}
      {data && (
        <Select
          data-testid="status-shown-period"
          aria-label={t('reports.status.shownPeriod')}
          style={{ width: 200 }}
          value={index}
          onChange={setShown}
          options={data.periods.map((p, i) => ({ value: i, label: p.label }))}
        />
      )}
      <Table<StatusReportRow>
        data-testid="status-table"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.rows ?? []}
        rowKey="deviceId"
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('reports.empty') }}
        onChange={sort.onChange}
      />
    </Flex>
  );
}
