import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import type { TargetResult, TaskRun } from '../../api';

const COLORS: Record<TargetResult, string> = {
  pending: 'default',
  running: 'processing',
  success: 'success',
  error: 'error',
  timeout: 'warning',
  authenticationError: 'error',
  cancelled: 'default',
};

/** A target's result, or a run's (its result once ended, else its state). */
export function TaskResultTag({ result, testId }: { result: TargetResult; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[result]} data-testid={testId}>
      {t(`tasks.results.${result}`)}
    </Tag>
  );
}

export function runResult(run: TaskRun): TargetResult {
  if (run.state === 'cancelled') return 'cancelled';
  if (run.result) return run.result;
  return run.state === 'scheduled' ? 'pending' : 'running';
}
