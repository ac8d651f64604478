import { Alert, Empty, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import {
  getPanelData,
  type AgentHealthPanel,
  type CounterTrendsPanel,
  type DashboardPanel,
  type DevicesWithErrorsPanel,
  type LowSuppliesPanel,
  type StatusBreakdownPanel,
  type StatusCategory,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import { usePolling } from '../common/usePolling';
import { LevelBar } from '../deviceDetails/LevelBar';
import { StatusTags } from '../deviceDetails/StatusTags';
import { dataOptions, effectiveOptions } from './layout';
import { deviceListPathOf } from './statusLink';

const StatusPie = lazy(() => import('./DashboardCharts').then((m) => ({ default: m.StatusPie })));
const PagesChart = lazy(() => import('./DashboardCharts').then((m) => ({ default: m.PagesChart })));

/** Panels refresh every minute while the page is visible. */
export const REFRESH_MS = 60_000;
const DEVICE_LIST_PATH = '/devices/list';
const devicePath = (id: number) => `${DEVICE_LIST_PATH}/${id}`;

function StatusBreakdown({ data, chart }: { data: StatusBreakdownPanel; chart: string }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const navigate = useNavigate();
  if (data.total === 0) return <Empty description={t('dashboard.noDevices')} />;
  return (
    <Flex vertical data-testid="status-breakdown" data-total={data.total}>
      <Suspense fallback={<Skeleton active />}>
        <StatusPie data={data} chart={chart} onSelect={(category) => navigate(deviceListPathOf(category))} />
      </Suspense>
      <Flex wrap gap={4} justify="center">
        {Object.entries(data.counts)
          .filter(([, count]) => count > 0)
          .map(([category, count]) => (
            <Link key={category} to={deviceListPathOf(category as StatusCategory)}>
              <Tag data-testid={`status-count-${category}`} data-count={count} style={{ cursor: 'pointer' }}>
                {t(`dashboard.category.${category}`)}: {fmt.number(count)}
              </Tag>
            </Link>
          ))}
      </Flex>
    </Flex>
  );
}

function DevicesWithErrors({ data }: { data: DevicesWithErrorsPanel }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  if (data.devices.length === 0) return <Empty description={t('dashboard.errors.none')} />;
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={data.devices}
      onRow={(d) => ({ 'data-testid': `error-row-${d.id}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: 'name',
          title: t('dashboard.columns.device'),
          render: (_, d) => (
            <Flex vertical>
              <Link to={devicePath(d.id)}>{d.name || d.ipAddress}</Link>
              <Typography.Text type="secondary">{[d.model, d.location].filter(Boolean).join(' · ')}</Typography.Text>
            </Flex>
          ),
        },
        {
          key: 'status',
          title: t('dashboard.columns.status'),
          render: (_, d) => (
            <Flex vertical gap={2}>
              <StatusTags severity={d.severity} power={d.power} />
              <Typography.Text type="secondary">
                {d.conditions.map((c) => t(`monitoring.conditions.${c}`, { defaultValue: c })).join(', ')}
              </Typography.Text>
            </Flex>
          ),
        },
        {
          key: 'since',
          title: t('dashboard.columns.since'),
          render: (_, d) => (
            <Typography.Text title={fmt.dateTime(d.since)}>
              {fmt.duration(Math.max(0, Date.now() - Date.parse(d.since)))}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

function LowSupplies({ data }: { data: LowSuppliesPanel }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  if (data.devices.length === 0) {
    return <Empty description={t('dashboard.supplies.none', { percent: data.thresholdPercent })} />;
  }
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary" data-testid="low-supplies-total">
        {t('dashboard.supplies.total', { count: data.total, percent: data.thresholdPercent })}
      </Typography.Text>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data.devices}
        columns={[
          {
            key: 'name',
            title: t('dashboard.columns.device'),
            render: (_, d) => <Link to={devicePath(d.id)}>{d.name || d.ipAddress}</Link>,
          },
          { key: 'supply', title: t('dashboard.columns.supply'), render: (_, d) => d.supply || t('common.none') },
          {
            key: 'level',
            title: t('dashboard.columns.level'),
            width: 140,
            render: (_, d) => <LevelBar level={undefined} percent={d.percent} size="small" />,
          },
          {
            key: 'empty',
            title: t('dashboard.columns.daysToEmpty'),
            render: (_, d) =>
              d.daysToEmpty === null
                ? t('common.none')
                : t('dashboard.supplies.days', { days: fmt.number(d.daysToEmpty) }),
          },
        ]}
      />
    </Flex>
  );
}

function CounterTrends({ data, chart }: { data: CounterTrendsPanel; chart: string }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  if (data.points.length === 0) return <Empty description={t('dashboard.trend.none')} />;
  const total = data.points.reduce((sum, p) => sum + p.pages, 0);
  return (
    <Flex vertical>
      <Typography.Text type="secondary">
        {t('dashboard.trend.total', { pages: fmt.number(total), from: fmt.date(data.from), to: fmt.date(data.to) })}
      </Typography.Text>
      <Suspense fallback={<Skeleton active />}>
        <PagesChart points={data.points} chart={chart} interval={data.interval} />
      </Suspense>
    </Flex>
  );
}

const AGENT_COLORS = { active: 'green', unreachable: 'red', inactive: undefined } as const;

function AgentHealth({ data }: { data: AgentHealthPanel }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  if (data.agents.length === 0) return <Empty description={t('dashboard.agents.none')} />;
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={data.agents}
      columns={[
        { key: 'name', title: t('dashboard.columns.agent'), dataIndex: 'name' },
        {
          key: 'status',
          title: t('dashboard.columns.status'),
          render: (_, a) => <Tag color={AGENT_COLORS[a.status]}>{t(`agents.status.${a.status}`)}</Tag>,
        },
        {
          key: 'contact',
          title: t('dashboard.columns.lastContact'),
          render: (_, a) => (a.lastContact ? fmt.dateTime(a.lastContact) : t('common.none')),
        },
        {
          key: 'devices',
          title: t('dashboard.columns.devices'),
          align: 'right',
          render: (_, a) => fmt.number(a.devices),
        },
        {
          key: 'outbox',
          title: t('dashboard.columns.outbox'),
          align: 'right',
          render: (_, a) => (a.outboxRecords === null ? t('common.none') : fmt.number(a.outboxRecords)),
        },
      ]}
    />
  );
}

/** A panel's data, fetched with its options and refreshed every minute. */
export function PanelContent({ panel }: { panel: DashboardPanel }) {
  const { t } = useTranslation();
  const options = dataOptions(panel);
  const chart = String(effectiveOptions(panel).chart ?? '');
  const state = usePolling(
    () => getPanelData(panel.type, options),
    () => REFRESH_MS,
    `${panel.type}:${JSON.stringify(options)}`,
  );
  if (state.error && !state.data) return <Alert type="error" showIcon message={errorMessage(state.error, t)} />;
  if (!state.data) return <Skeleton active />;
  switch (panel.type) {
    case 'statusBreakdown':
      return <StatusBreakdown data={state.data as StatusBreakdownPanel} chart={chart} />;
    case 'devicesWithErrors':
      return <DevicesWithErrors data={state.data as DevicesWithErrorsPanel} />;
    case 'lowSupplies':
      return <LowSupplies data={state.data as LowSuppliesPanel} />;
    case 'counterTrends':
      return <CounterTrends data={state.data as CounterTrendsPanel} chart={chart} />;
    case 'agentHealth':
      return <AgentHealth data={state.data as AgentHealthPanel} />;
  }
}
