import { Alert, Descriptions, Drawer, Skeleton, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getAgent, type Agent, type AgentDetails } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import { ActivationKeyPanel } from './ActivationKeyPanel';
import { AgentScopePanel } from './AgentScopePanel';
import { AgentStatusTag } from './AgentStatusTag';

/**
 * Details of one agent. `listed` is the agent as the polled list shows it: when
 * its status changes (e.g. it gets activated) the details are fetched again.
 */
export function AgentDetailsDrawer({ listed, onClose }: { listed: Agent | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [details, setDetails] = useState<AgentDetails | null>(null);
  const [error, setError] = useState<unknown>(null);

  const id = listed?.id;
  const status = listed?.status;
  const activated = listed?.activated;
  useEffect(() => {
    if (id === undefined) {
      setDetails(null);
      setError(null);
      return;
    }
    let cancelled = false;
    getAgent(id)
      .then((d) => {
        if (!cancelled) {
          setDetails(d);
          setError(null);
        }
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e);
      });
    return () => {
      cancelled = true;
    };
  }, [id, status, activated]);

  const agent = details?.agent.id === id ? details?.agent : undefined;
  const none = t('common.none');

  return (
    <Drawer
      open={listed !== null}
      onClose={onClose}
      width={640}
      title={listed ? t('agents.details.title', { name: listed.name }) : undefined}
      data-testid="agent-details"
    >
      {error !== null && <Alert type="error" showIcon message={errorMessage(error, t)} style={{ marginBottom: 16 }} />}
      {!agent && error === null && <Skeleton active />}
      {agent && (
        <Tabs
          items={[
            {
              key: 'details',
              label: <span data-testid="agent-tab-details">{t('agents.details.tab')}</span>,
              children: (
                <>
                  <Descriptions column={1} bordered size="small" style={{ marginBottom: 24 }}>
                    <Descriptions.Item label={t('agents.details.id')}>{agent.id}</Descriptions.Item>
                    <Descriptions.Item label={t('agents.details.name')}>{agent.name}</Descriptions.Item>
                    <Descriptions.Item label={t('agents.details.hostname')}>{agent.hostname || none}</Descriptions.Item>
                    <Descriptions.Item label={t('agents.details.local')}>
                      {agent.local ? t('common.yes') : t('common.no')}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('agents.details.status')}>
                      <AgentStatusTag agent={agent} testId="details-status" />
                    </Descriptions.Item>
                    <Descriptions.Item label={t('agents.details.activated')}>
                      {agent.activated ? t('common.yes') : t('common.no')}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('agents.details.version')}>{agent.version ?? none}</Descriptions.Item>
                    <Descriptions.Item label={t('agents.details.lastContact')}>
                      {agent.lastContact ? fmt.dateTime(agent.lastContact) : t('agents.never')}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('agents.details.createdAt')}>
                      {fmt.dateTime(agent.createdAt)}
                    </Descriptions.Item>
                  </Descriptions>
                  {details?.activationKey && (
                    <ActivationKeyPanel
                      activationKey={details.activationKey}
                      testId="details-activation-key"
                      inDetails
                    />
                  )}
                </>
              ),
            },
            {
              key: 'scope',
              label: <span data-testid="agent-tab-scope">{t('agents.scope.tab')}</span>,
              children: <AgentScopePanel agentId={agent.id} />,
            },
          ]}
        />
      )}
    </Drawer>
  );
}
