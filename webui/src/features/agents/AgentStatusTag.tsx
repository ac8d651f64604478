import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Agent, AgentStatus } from '../../api';

const COLORS: Record<AgentStatus, string | undefined> = {
  active: 'green',
  unreachable: 'red',
  inactive: undefined, // antd's default tag
};

export function AgentStatusTag({ agent, testId }: { agent: Pick<Agent, 'name' | 'status'>; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[agent.status]} data-testid={testId ?? `agent-status-${agent.name}`} data-status={agent.status}>
      {t(`agents.status.${agent.status}`)}
    </Tag>
  );
}
