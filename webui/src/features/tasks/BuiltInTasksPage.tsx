import { PlayCircleOutlined } from '@ant-design/icons';
import { Button, Card, Flex, InputNumber, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { listBuiltInTasks, runBuiltInTask, updateBuiltInTask, type BuiltInTask } from '../../api';
import { useFormatters } from '../../i18n/format';
import { PageHeader, RefreshButton } from '../common/PageHeader';
import { LoadFailedAlert, rowTestId } from '../common/tableParts';
import { usePolling } from '../common/usePolling';
import { useRowAction } from '../common/useRowAction';
import { WindowsCard } from './WindowsCard';

const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

/** Tasks > Built-in Tasks: the periodic tasks (switch, interval, execute now) and the windows. */
export function BuiltInTasksPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const tasks = usePolling(listBuiltInTasks, () => 30_000);
  const [busy, setBusy] = useState<string | null>(null);
  const refresh = tasks.refresh;
  const rowAction = useRowAction(refresh);

  const columns: TableColumnsType<BuiltInTask> = useMemo(() => {
    // The row's switch or button spins until its request is answered.
    const act = (task: BuiltInTask, what: () => Promise<BuiltInTask>, done: string) => {
      setBusy(task.name);
      return rowAction(() => what().finally(() => setBusy(null)), done);
    };
    return [
      {
        key: 'name',
        title: t('tasks.builtIn.columns.task'),
        width: 360,
        render: (_, task) => (
          <Flex vertical>
            <Typography.Text strong>{t(`tasks.builtIn.names.${task.name}`)}</Typography.Text>
            <Typography.Text type="secondary">{t(`tasks.builtIn.descriptions.${task.name}`)}</Typography.Text>
          </Flex>
        ),
      },
      {
        key: 'active',
        title: t('tasks.builtIn.columns.active'),
        render: (_, task) => (
          <Switch
            checked={task.active}
            loading={busy === task.name}
            data-testid={`task-active-${task.name}`}
            onChange={(active) => act(task, () => updateBuiltInTask(task.name, { active }), t('tasks.builtIn.saved'))}
          />
        ),
      },
      {
        key: 'interval',
        title: t('tasks.builtIn.columns.interval'),
        render: (_, task) => (
          <InputNumber
            key={`${task.name}-${task.intervalMinutes}`}
            min={1}
            max={MAX_INTERVAL_MINUTES}
            precision={0}
            defaultValue={task.intervalMinutes}
            suffix={t('tasks.builtIn.minutes')}
            style={{ width: 170 }}
            data-testid={`task-interval-${task.name}`}
            onBlur={(event) => {
              const minutes = Number(event.target.value);
              if (Number.isInteger(minutes) && minutes >= 1 && minutes !== task.intervalMinutes) {
                void act(
                  task,
                  () => updateBuiltInTask(task.name, { intervalMinutes: minutes }),
                  t('tasks.builtIn.saved'),
                );
              }
            }}
            onPressEnter={(event) => (event.target as HTMLInputElement).blur()}
          />
        ),
      },
      {
        key: 'windows',
        title: t('tasks.builtIn.columns.windows'),
        render: (_, task) =>
          task.boundByWindows ? (
            <Tag color="blue">{t('tasks.builtIn.insideWindows')}</Tag>
          ) : (
            <Tag>{t('tasks.builtIn.anyTime')}</Tag>
          ),
      },
      {
        key: 'lastStarted',
        title: t('tasks.builtIn.columns.lastStarted'),
        render: (_, task) => (
          <span data-testid={`task-last-started-${task.name}`}>
            {task.lastStarted ? fmt.dateTime(task.lastStarted) : t('tasks.builtIn.never')}
          </span>
        ),
      },
      {
        key: 'actions',
        title: t('common.actions'),
        render: (_, task) => (
          <Button
            icon={<PlayCircleOutlined />}
            disabled={busy === task.name}
            data-testid={`task-run-${task.name}`}
            onClick={() => act(task, () => runBuiltInTask(task.name), t('tasks.builtIn.started'))}
          >
            {t('tasks.builtIn.runNow')}
          </Button>
        ),
      },
    ];
  }, [t, fmt.language, busy, rowAction]);

  return (
    <Flex vertical gap={16} data-testid="builtin-tasks-page">
      <PageHeader
        title={t('tasks.builtIn.title')}
        description={t('tasks.builtIn.description')}
        extra={<RefreshButton onClick={refresh} />}
      />
      <LoadFailedAlert error={tasks.error} message={t('tasks.builtIn.loadFailed')} />
      <Card>
        <Table<BuiltInTask>
          rowKey="name"
          columns={columns}
          dataSource={tasks.data ?? []}
          loading={tasks.loading}
          pagination={false}
          scroll={{ x: 1000 }}
          onRow={rowTestId('task-row', (task) => task.name)}
        />
      </Card>
      <WindowsCard />
    </Flex>
  );
}
