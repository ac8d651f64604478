import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Agent, AgentWithKey } from '../../api';
import { useFormatters } from '../../i18n/format';
import { PageHeader, RefreshButton } from '../common/PageHeader';
import { emptyLocale, LoadFailedAlert, rowTestId } from '../common/tableParts';
import { ActivationKeyModal, type IssuedKey } from './ActivationKeyModal';
import { AgentActions } from './AgentActions';
import { AgentDetailsDrawer } from './AgentDetailsDrawer';
import { AgentStatusTag } from './AgentStatusTag';
import { CreateAgentModal } from './CreateAgentModal';
import { useAgents } from './useAgents';

/** System > Agents. */
export function AgentsPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { message } = App.useApp();
  const { agents, error, loading, refresh } = useAgents();
  const [createOpen, setCreateOpen] = useState(false);
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const [detailsId, setDetailsId] = useState<number | null>(null);

  const detailsAgent = agents?.find((a) => a.id === detailsId) ?? null;

  const onCreated = (result: AgentWithKey) => {
    setCreateOpen(false);
    const title = t('agents.key.createdTitle', { name: result.agent.name });
    if (result.activationKey) setIssued({ title, activationKey: result.activationKey });
    else void message.success(title);
    refresh();
  };

  const columns: TableColumnsType<Agent> = useMemo(
    () => [
      {
        key: 'name',
        title: t('agents.columns.name'),
        dataIndex: 'name',
        sorter: (a, b) => a.name.localeCompare(b.name),
        render: (_, agent) => (
          <Flex align="center" gap={8} wrap>
            <Typography.Text strong data-testid={`agent-name-${agent.name}`}>
              {agent.name}
            </Typography.Text>
            {agent.local && (
              <Tag color="blue" bordered={false} data-testid={`agent-local-${agent.name}`}>
                {t('agents.localBadge')}
              </Tag>
            )}
          </Flex>
        ),
      },
      {
        key: 'hostname',
        title: t('agents.columns.hostname'),
        dataIndex: 'hostname',
        render: (hostname: string) => hostname || t('common.none'),
      },
      {
        key: 'status',
        title: t('agents.columns.status'),
        dataIndex: 'status',
        render: (_, agent) => <AgentStatusTag agent={agent} />,
      },
      {
        key: 'version',
        title: t('agents.columns.version'),
        dataIndex: 'version',
        render: (version: string | null) => version ?? t('common.none'),
      },
      {
        key: 'lastContact',
        title: t('agents.columns.lastContact'),
        dataIndex: 'lastContact',
        render: (value: string | null) => (value ? fmt.dateTime(value) : t('agents.never')),
      },
      {
        key: 'createdAt',
        title: t('agents.columns.createdAt'),
        dataIndex: 'createdAt',
        render: (value: string) => fmt.dateTime(value),
      },
      {
        key: 'actions',
        title: t('agents.columns.actions'),
        render: (_, agent) => (
          <AgentActions
            agent={agent}
            onDetails={(a) => setDetailsId(a.id)}
            onChanged={refresh}
            onKeyIssued={setIssued}
          />
        ),
      },
    ],
    // fmt only depends on the language.
    [t, fmt.language, refresh],
  );

  return (
    <Flex vertical gap={16} data-testid="agents-page">
      <PageHeader
        title={t('agents.title')}
        description={t('agents.description')}
        extra={
          <>
            <RefreshButton onClick={refresh} />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreateOpen(true)}
              data-testid="create-agent-button"
            >
              {t('agents.create.button')}
            </Button>
          </>
        }
      />

      <LoadFailedAlert error={error} message={t('agents.loadFailed')} />

      <div data-testid="agents-table">
        <Table<Agent>
          rowKey="id"
          columns={columns}
          dataSource={agents ?? []}
          loading={loading}
          size="middle"
          scroll={{ x: 'max-content' }}
          locale={emptyLocale(t('agents.empty'))}
          pagination={{
            pageSize: 20,
            hideOnSinglePage: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
          onRow={rowTestId('agent-row', (agent) => agent.name)}
        />
      </div>

      <CreateAgentModal open={createOpen} onClose={() => setCreateOpen(false)} onCreated={onCreated} />
      <ActivationKeyModal issued={issued} onClose={() => setIssued(null)} />
      <AgentDetailsDrawer listed={detailsAgent} onClose={() => setDetailsId(null)} />
    </Flex>
  );
}
