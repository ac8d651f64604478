import { PlayCircleOutlined } from '@ant-design/icons';
import { Button, Flex, Progress, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { listAgents, listDiscoveries, type DiscoveryRun } from '../../api';
import { useFormatters } from '../../i18n/format';
import { PageHeader, RefreshButton } from '../common/PageHeader';
import { emptyLocale, LoadFailedAlert, rowTestId } from '../common/tableParts';
import { usePolling } from '../common/usePolling';
import { DiscoveryRunDrawer } from './DiscoveryRunDrawer';
import { isRunning, RUN_POLL_INTERVAL_MS, runPercent } from './runs';
import { RunStateTag } from './RunStateTag';
import { StartDiscoveryModal } from './StartDiscoveryModal';

/** When nothing runs, the list is still refreshed now and then (runs started elsewhere). */
export const IDLE_POLL_INTERVAL_MS = 10_000;

/** Devices > Discovery: the runs, newest first. */
export function DiscoveryPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const runs = usePolling(listDiscoveries, (items) =>
    items.some(isRunning) ? RUN_POLL_INTERVAL_MS : IDLE_POLL_INTERVAL_MS,
  );
  const { data: agents } = usePolling(listAgents, () => 30_000);
  const [startOpen, setStartOpen] = useState(false);
  const [detailsId, setDetailsId] = useState<number | null>(null);
  const refresh = runs.refresh;

  const columns: TableColumnsType<DiscoveryRun> = useMemo(
    () => [
      {
        key: 'id',
        title: t('discovery.columns.id'),
        dataIndex: 'id',
        render: (id: number) => (
          <Typography.Link onClick={() => setDetailsId(id)} data-testid={`run-open-${id}`}>
            #{id}
          </Typography.Link>
        ),
      },
      {
        key: 'state',
        title: t('discovery.columns.state'),
        render: (_, run) => <RunStateTag state={run.state} testId={`run-state-${run.id}`} />,
      },
      {
        key: 'progress',
        title: t('discovery.columns.progress'),
        render: (_, run) =>
          isRunning(run) ? (
            <Progress percent={runPercent(run)} size="small" status="active" style={{ minWidth: 160 }} />
          ) : (
            t('discovery.list.found', {
              found: fmt.number(run.summary.found),
              created: fmt.number(run.summary.created),
            })
          ),
      },
      { key: 'kind', title: t('discovery.columns.kind'), render: (_, run) => t(`discovery.kind.${run.kind}`) },
      {
        key: 'agents',
        title: t('discovery.columns.agents'),
        render: (_, run) => run.agents.map((a) => a.agentName).join(', ') || t('common.none'),
      },
      { key: 'createdBy', title: t('discovery.columns.createdBy'), dataIndex: 'createdBy' },
      {
        key: 'createdAt',
        title: t('discovery.columns.createdAt'),
        dataIndex: 'createdAt',
        render: (value: string) => fmt.dateTime(value),
      },
      {
        key: 'finishedAt',
        title: t('discovery.columns.finishedAt'),
        dataIndex: 'finishedAt',
        render: (value: string | null) => (value ? fmt.dateTime(value) : t('common.none')),
      },
    ],
    [t, fmt.language],
  );

  return (
    <Flex vertical gap={16} data-testid="discovery-page">
      <PageHeader
        title={t('discovery.title')}
        description={t('discovery.description')}
        extra={
          <>
            <RefreshButton onClick={refresh} />
            <Button
              type="primary"
              icon={<PlayCircleOutlined />}
              onClick={() => setStartOpen(true)}
              data-testid="start-discovery-button"
            >
              {t('discovery.start.button')}
            </Button>
          </>
        }
      />
      <LoadFailedAlert error={runs.error} message={t('discovery.loadFailed')} />
      <div data-testid="runs-table">
        <Table<DiscoveryRun>
          rowKey="id"
          columns={columns}
          dataSource={runs.data ?? []}
          loading={runs.loading}
          size="middle"
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={emptyLocale(t('discovery.empty'))}
          onRow={rowTestId('run-row', (run) => run.id)}
        />
      </div>
      <StartDiscoveryModal
        open={startOpen}
        agents={agents ?? []}
        onClose={() => setStartOpen(false)}
        onStarted={(run) => {
          setStartOpen(false);
          setDetailsId(run.id);
          refresh();
        }}
      />
      <DiscoveryRunDrawer runId={detailsId} onClose={() => setDetailsId(null)} onChanged={refresh} />
    </Flex>
  );
}
