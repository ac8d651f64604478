import { ApiOutlined, DeleteOutlined, InfoCircleOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { deactivateAgent, deleteAgent, pingAgent, type Agent } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import type { IssuedKey } from './ActivationKeyModal';
import { ConfirmIconButton } from '../common/ConfirmIconButton';
import { useBusyAction } from '../common/useRowAction';

export interface AgentActionsProps {
  agent: Agent;
  onDetails: (agent: Agent) => void;
  onChanged: () => void;
  onKeyIssued: (issued: IssuedKey) => void;
}

/** The row actions of the agents table. */
export function AgentActions({ agent, onDetails, onChanged, onKeyIssued }: AgentActionsProps) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { message } = App.useApp();
  const { busy, run } = useBusyAction<'deactivate' | 'delete'>(onChanged);
  const [pinging, setPinging] = useState(false);
  const id = agent.name;

  const ping = async () => {
    setPinging(true);
    try {
      const { roundTripMs } = await pingAgent(agent.id);
      void message.success(
        <span data-testid="ping-result">
          {t('agents.ping.ok', { name: agent.name, ms: fmt.number(roundTripMs, { maximumFractionDigits: 1 }) })}
        </span>,
      );
    } catch (e) {
      void message.error(
        <span data-testid="ping-result">
          {t('agents.ping.failed', { name: agent.name, message: errorMessage(e, t) })}
        </span>,
      );
    } finally {
      setPinging(false);
    }
  };

  const deactivate = () =>
    run('deactivate', async () => {
      const result = await deactivateAgent(agent.id);
      if (result.activationKey) {
        onKeyIssued({
          title: t('agents.key.deactivatedTitle', { name: result.agent.name }),
          activationKey: result.activationKey,
        });
      } else {
        void message.success(t('agents.deactivate.done', { name: result.agent.name }));
      }
    });

  const remove = () => run('delete', () => deleteAgent(agent.id), t('agents.delete.done', { name: agent.name }));

  return (
    <Space size={4}>
      <Button
        type="link"
        size="small"
        icon={<InfoCircleOutlined />}
        onClick={() => onDetails(agent)}
        data-testid={`agent-details-${id}`}
      >
        {t('agents.actions.details')}
      </Button>
      <Tooltip title={t('agents.actions.ping')}>
        <Button
          type="text"
          size="small"
          icon={<ApiOutlined />}
          aria-label={t('agents.actions.ping')}
          loading={pinging}
          disabled={!agent.activated}
          onClick={() => void ping()}
          data-testid={`agent-ping-${id}`}
        />
      </Tooltip>
      <ConfirmIconButton
        label={t('agents.actions.deactivate')}
        description={t('agents.deactivate.confirm', { name: agent.name })}
        icon={<StopOutlined />}
        loading={busy === 'deactivate'}
        disabled={!agent.activated}
        testId={`agent-deactivate-${id}`}
        confirmTestId={`agent-deactivate-confirm-${id}`}
        onConfirm={deactivate}
      />
      <ConfirmIconButton
        label={t('agents.actions.delete')}
        description={t('agents.delete.confirm', { name: agent.name })}
        icon={<DeleteOutlined />}
        danger
        loading={busy === 'delete'}
        testId={`agent-delete-${id}`}
        confirmTestId={`agent-delete-confirm-${id}`}
        onConfirm={remove}
      />
    </Space>
  );
}
