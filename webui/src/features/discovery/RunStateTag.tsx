import { SyncOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import type { RunAgentState, RunState } from '../../api';

const COLORS: Record<RunState | RunAgentState, string | undefined> = {
  queued: undefined,
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'default',
  partial: 'warning',
};

/** The state of a run or of one Agent's part of it. */
export function RunStateTag({ state, testId }: { state: RunState | RunAgentState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={COLORS[state]}
      icon={state === 'running' ? <SyncOutlined spin /> : undefined}
      data-testid={testId}
      data-state={state}
    >
      {t(`discovery.state.${state}`)}
    </Tag>
  );
}
