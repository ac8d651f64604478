import { Alert, Card, Flex, InputNumber, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import {
  exportSuppliesReport,
  getSuppliesReport,
  type SuppliesReportQuery,
  type SupplyOrderLine,
  type SupplyReportRow,
} from '../../api';
import { useFormatters } from '../../i18n/format';
import { PageHeader } from '../common/PageHeader';
import { DeviceTypeSelect, ExportButton, TargetSelect, useReport } from './ReportControls';
import { useRemembered, useRememberedSort } from './remembered';

const CONDITION_COLORS = { empty: 'red', low: 'orange', ok: 'green', unknown: 'default' } as const;

/** Reports > Consumables: levels, what is low or empty, when it runs out, and what to order. */
export function ConsumablesReportPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [query, setQuery] = useRemembered<SuppliesReportQuery>('supplies', {
    target: { kind: 'all' },
    deviceType: undefined,
    lowPercent: 10,
    horizonDays: 30,
  });
  const orderSort = useRememberedSort<SupplyOrderLine>('supplies.order', { columnKey: 'toOrder', order: 'descend' });
  const deviceSort = useRememberedSort<SupplyReportRow>('supplies.devices');
  const { data, error, loading } = useReport(query, useCallback(getSuppliesReport, []));

  const orderColumns: ColumnsType<SupplyOrderLine> = [
    { key: 'model', title: t('reports.column.model'), dataIndex: 'model' },
    { key: 'supply', title: t('reports.supplies.supply'), render: (_, l) => l.description || l.colorant },
    { key: 'devices', title: t('reports.supplies.devices'), dataIndex: 'devices', align: 'right' },
    { key: 'empty', title: t('reports.supplies.condition.empty'), dataIndex: 'empty', align: 'right' },
    { key: 'low', title: t('reports.supplies.condition.low'), dataIndex: 'low', align: 'right' },
    {
      key: 'toOrder',
      title: t('reports.supplies.toOrder'),
      align: 'right',
      render: (_, l) => <Typography.Text strong={l.toOrder > 0}>{l.toOrder}</Typography.Text>,
      sorter: (a, b) => a.toOrder - b.toOrder,
      sortOrder: orderSort.sortOrder('toOrder'),
    },
  ];
  const deviceColumns: ColumnsType<SupplyReportRow> = [
    {
      key: 'name',
      title: t('reports.column.device'),
      render: (_, r) => <Link to={`/devices/list/${r.deviceId}`}>{r.name || r.ipAddress}</Link>,
    },
    { key: 'model', title: t('reports.column.model'), dataIndex: 'model' },
    { key: 'supply', title: t('reports.supplies.supply'), render: (_, r) => r.description || r.colorant },
    {
      key: 'percent',
      title: t('reports.supplies.level'),
      align: 'right',
      render: (_, r) => (r.percent === null ? t(`reports.supplies.condition.unknown`) : `${r.percent} %`),
      sorter: (a, b) => (a.percent ?? 101) - (b.percent ?? 101),
      sortOrder: deviceSort.sortOrder('percent'),
    },
    {
      key: 'condition',
      title: t('reports.supplies.conditionTitle'),
      render: (_, r) => (
        <Tag color={CONDITION_COLORS[r.condition]}>{t(`reports.supplies.condition.${r.condition}`)}</Tag>
      ),
    },
    {
      key: 'daysToEmpty',
      title: t('reports.supplies.daysToEmpty'),
      align: 'right',
      render: (_, r) => (r.daysToEmpty === null ? '—' : fmt.number(Math.floor(r.daysToEmpty))),
      sorter: (a, b) => (a.daysToEmpty ?? 1e9) - (b.daysToEmpty ?? 1e9),
      sortOrder: deviceSort.sortOrder('daysToEmpty'),
    },
    {
      key: 'order',
      title: t('reports.supplies.toOrder'),
      render: (_, r) => (r.order ? t('reports.supplies.yes') : ''),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('reports.supplies.title')}
        description={t('reports.supplies.description')}
        extra={
          <>
            <ExportButton onExport={(format, language) => exportSuppliesReport(query, 'order', format, language)} />
          </>
        }
      />
      <Flex gap={8} wrap align="center">
        <TargetSelect value={query.target} onChange={(target) => setQuery({ ...query, target })} />
        <DeviceTypeSelect value={query.deviceType} onChange={(deviceType) => setQuery({ ...query, deviceType })} />
        <Space>
          {t('reports.supplies.lowPercent')}
          <InputNumber
            aria-label={t('reports.supplies.lowPercent')}
            min={1}
            max={99}
            value={query.lowPercent}
            onChange={(v) => v && setQuery({ ...query, lowPercent: v })}
          />
        </Space>
        <Space>
          {t('reports.supplies.horizonDays')}
          <InputNumber
            aria-label={t('reports.supplies.horizonDays')}
            min={1}
            max={366}
            value={query.horizonDays}
            onChange={(v) => v && setQuery({ ...query, horizonDays: v })}
          />
        </Space>
      </Flex>
      {error && <Alert type="error" showIcon message={error} />}
      <Card size="small" title={t('reports.supplies.orderList')}>
        <Table<SupplyOrderLine>
          data-testid="supplies-order"
          size="small"
          loading={loading}
          columns={orderColumns}
          dataSource={data?.order ?? []}
          rowKey={(l) => `${l.model}|${l.description}|${l.colorant}`}
          pagination={false}
          locale={{ emptyText: t('reports.empty') }}
          onChange={orderSort.onChange}
        />
      </Card>
      <Card
        size="small"
        title={t('reports.supplies.byDevice')}
        extra={
          <ExportButton onExport={(format, language) => exportSuppliesReport(query, 'devices', format, language)} />
        }
      >
        <Table<SupplyReportRow>
          data-testid="supplies-devices"
          size="small"
          loading={loading}
          columns={deviceColumns}
          dataSource={data?.rows ?? []}
          rowKey={(r) => `${r.deviceId}|${r.index}`}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: t('reports.empty') }}
          onChange={deviceSort.onChange}
        />
      </Card>
    </Flex>
  );
}
