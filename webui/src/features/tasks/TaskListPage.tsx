import { CopyOutlined, DeleteOutlined, EditOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Switch, Table, Tooltip, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  deleteTask,
  listAgents,
  listRegions,
  listTasks,
  listTaskTypes,
  runTask,
  taskAction,
  type Task,
} from '../../api';
import { useFormatters } from '../../i18n/format';
import { ConfirmIconButton } from '../common/ConfirmIconButton';
import { PageHeader, RefreshButton } from '../common/PageHeader';
import { LoadFailedAlert, emptyLocale, rowTestId } from '../common/tableParts';
import { usePolling } from '../common/usePolling';
import { useRowAction } from '../common/useRowAction';
import { TaskEditorModal } from './TaskEditorModal';
import { runResult, TaskResultTag } from './TaskResultTag';

/** Tasks > Task List: the user tasks, their state, next run and last result. */
export function TaskListPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const tasks = usePolling(listTasks, () => 10_000);
  const { data: types } = usePolling(listTaskTypes, () => null);
  const { data: agents } = usePolling(listAgents, () => 60_000);
  const { data: regions } = usePolling(
    () => listRegions().catch(() => []),
    () => null,
  );
  const [editing, setEditing] = useState<Task | null | undefined>(undefined);
  const refresh = tasks.refresh;
  const act = useRowAction(refresh);
  const zones = useMemo(() => [...new Set((regions ?? []).map((r) => r.timeZone))].sort(), [regions]);

  const columns: TableColumnsType<Task> = useMemo(() => {
    return [
      { key: 'name', title: t('tasks.list.columns.name'), dataIndex: 'name' },
      {
        key: 'type',
        title: t('tasks.list.columns.type'),
        render: (_, task) => t(`tasks.types.${task.type}`, task.type),
      },
      {
        key: 'active',
        title: t('tasks.list.columns.active'),
        render: (_, task) => (
          <Switch
            checked={task.active}
            data-testid={`task-active-${task.id}`}
            onChange={(on) =>
              void act(() => taskAction(task.id, on ? 'activate' : 'deactivate'), t('tasks.list.saved'))
            }
          />
        ),
      },
      {
        key: 'nextRun',
        title: t('tasks.list.columns.nextRun'),
        render: (_, task) => (task.nextRunAt ? fmt.dateTime(task.nextRunAt) : t('common.none')),
      },
      {
        key: 'lastResult',
        title: t('tasks.list.columns.lastResult'),
        render: (_, task) =>
          task.lastRun ? (
            <TaskResultTag result={runResult(task.lastRun)} testId={`task-last-${task.id}`} />
          ) : (
            t('common.none')
          ),
      },
      {
        key: 'actions',
        title: '',
        render: (_, task) => (
          <Flex gap={4}>
            <Tooltip title={t('tasks.list.runNow')}>
              <Button
                icon={<PlayCircleOutlined />}
                aria-label={t('tasks.list.runNow')}
                data-testid={`task-run-${task.id}`}
                onClick={() => void act(() => runTask(task.id), t('tasks.list.started'))}
              />
            </Tooltip>
            <Tooltip title={t('tasks.list.edit')}>
              <Button
                icon={<EditOutlined />}
                aria-label={t('tasks.list.edit')}
                data-testid={`task-edit-${task.id}`}
                onClick={() => setEditing(task)}
              />
            </Tooltip>
            <Tooltip title={t('tasks.list.duplicate')}>
              <Button
                icon={<CopyOutlined />}
                aria-label={t('tasks.list.duplicate')}
                onClick={() => void act(() => taskAction(task.id, 'duplicate'), t('tasks.list.duplicated'))}
              />
            </Tooltip>
            <ConfirmIconButton
              label={t('tasks.list.delete')}
              description={t('tasks.list.deleteQuestion', { name: task.name })}
              icon={<DeleteOutlined />}
              danger
              testId={`task-delete-${task.id}`}
              confirmTestId={`task-delete-confirm-${task.id}`}
              onConfirm={() => void act(() => deleteTask(task.id), t('tasks.list.deleted'))}
            />
          </Flex>
        ),
      },
    ];
  }, [t, fmt.language, act]);

  return (
    <Flex vertical gap={16} data-testid="task-list-page">
      <PageHeader
        title={t('tasks.list.title')}
        description={t('tasks.list.description')}
        extra={
          <>
            <RefreshButton onClick={refresh} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="task-create">
              {t('tasks.list.create')}
            </Button>
          </>
        }
      />
      <LoadFailedAlert error={tasks.error} message={t('tasks.list.loadFailed')} />
      <Table<Task>
        rowKey="id"
        columns={columns}
        dataSource={tasks.data ?? []}
        loading={tasks.loading}
        size="middle"
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={emptyLocale(t('tasks.list.empty'))}
        onRow={rowTestId('task-row', (task) => task.id)}
      />
      <TaskEditorModal
        open={editing !== undefined}
        task={editing ?? null}
        types={types ?? []}
        agents={agents ?? []}
        zones={zones}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          refresh();
        }}
      />
    </Flex>
  );
}
