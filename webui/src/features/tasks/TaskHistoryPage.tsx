import { MedicineBoxOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import {
  cancelTaskRun,
  getTaskRun,
  listTaskRuns,
  recoverTaskRun,
  type TaskRun,
  type TaskTargetResult,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import { ConfirmIconButton } from '../common/ConfirmIconButton';
import { PageHeader, RefreshButton } from '../common/PageHeader';
import { LoadFailedAlert, emptyLocale, rowTestId } from '../common/tableParts';
import { usePolling } from '../common/usePolling';
import { useRowAction } from '../common/useRowAction';
import { runResult, TaskResultTag } from './TaskResultTag';

const unfinished = (run: TaskRun) => run.state === 'scheduled' || run.state === 'running';

/** One run's per-target results (expanded row). */
function RunTargets({ runId }: { runId: number }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const details = usePolling(
    () => getTaskRun(runId),
    (run) => (unfinished(run) ? 2_000 : null),
    runId,
  );
  const columns: TableColumnsType<TaskTargetResult> = [
    {
      key: 'target',
      title: t('tasks.history.target'),
      render: (_, r) => t(`tasks.history.targetKind.${r.kind}`, { id: r.id }),
    },
    {
      key: 'result',
      title: t('tasks.history.result'),
      render: (_, r) => <TaskResultTag result={r.result} testId={`target-result-${r.kind}-${r.id}`} />,
    },
    { key: 'detail', title: t('tasks.history.detail'), dataIndex: 'detail' },
    {
      key: 'updatedAt',
      title: t('tasks.history.updatedAt'),
      render: (_, r) => (r.updatedAt ? fmt.dateTime(r.updatedAt) : t('common.none')),
    },
  ];
  if (details.error !== null) return <Alert type="error" message={errorMessage(details.error, t)} />;
  return (
    <Flex vertical gap={8}>
      {details.data?.detail && <Typography.Text type="danger">{details.data.detail}</Typography.Text>}
      <Table<TaskTargetResult>
        rowKey={(r) => `${r.kind}-${r.id}`}
        size="small"
        columns={columns}
        dataSource={details.data?.targets ?? []}
        loading={details.loading}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
    </Flex>
  );
}

/** Tasks > History: every run, newest first, with per-target details, cancel and recover. */
export function TaskHistoryPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const runs = usePolling(
    () => listTaskRuns(200),
    (items) => (items.some(unfinished) ? 2_000 : 10_000),
  );
  const refresh = runs.refresh;
  const act = useRowAction(refresh);

  const columns: TableColumnsType<TaskRun> = useMemo(() => {
    return [
      { key: 'name', title: t('tasks.history.columns.task'), dataIndex: 'taskName' },
      {
        key: 'type',
        title: t('tasks.list.columns.type'),
        render: (_, run) => t(`tasks.types.${run.taskType}`, run.taskType),
      },
      {
        key: 'result',
        title: t('tasks.history.columns.status'),
        render: (_, run) => <TaskResultTag result={runResult(run)} testId={`run-result-${run.id}`} />,
      },
      {
        key: 'counts',
        title: t('tasks.history.columns.targets'),
        render: (_, run) =>
          Object.entries(run.counts)
            .map(([result, count]) => `${t(`tasks.results.${result}`)}: ${fmt.number(count ?? 0)}`)
            .join(', ') || t('common.none'),
      },
      {
        key: 'startedAt',
        title: t('tasks.history.columns.started'),
        render: (_, run) => (run.startedAt ? fmt.dateTime(run.startedAt) : t('common.none')),
      },
      {
        key: 'endedAt',
        title: t('tasks.history.columns.ended'),
        render: (_, run) => (run.endedAt ? fmt.dateTime(run.endedAt) : t('common.none')),
      },
      {
        key: 'actions',
        title: '',
        render: (_, run) => (
          <Flex gap={4}>
            {unfinished(run) && (
              <ConfirmIconButton
                label={t('tasks.history.cancel')}
                description={t('tasks.history.cancelQuestion')}
                icon={<StopOutlined />}
                danger
                testId={`run-cancel-${run.id}`}
                confirmTestId={`run-cancel-confirm-${run.id}`}
                onConfirm={() => void act(() => cancelTaskRun(run.id), t('tasks.history.cancelled'))}
              />
            )}
            {(run.result === 'error' || run.result === 'timeout') && run.taskId !== null && (
              <Button
                icon={<MedicineBoxOutlined />}
                data-testid={`run-recover-${run.id}`}
                onClick={() => void act(() => recoverTaskRun(run.id), t('tasks.history.recovered'))}
              >
                {t('tasks.history.recover')}
              </Button>
            )}
          </Flex>
        ),
      },
    ];
  }, [t, fmt.language, act]);

  return (
    <Flex vertical gap={16} data-testid="task-history-page">
      <PageHeader
        title={t('tasks.history.title')}
        description={t('tasks.history.description')}
        extra={<RefreshButton onClick={refresh} />}
      />
      <LoadFailedAlert error={runs.error} message={t('tasks.history.loadFailed')} />
      <Table<TaskRun>
        rowKey="id"
        columns={columns}
        dataSource={runs.data ?? []}
        loading={runs.loading}
        size="middle"
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (run) => <RunTargets runId={run.id} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={emptyLocale(t('tasks.history.empty'))}
        onRow={rowTestId('run-row', (run) => run.id)}
      />
    </Flex>
  );
}
