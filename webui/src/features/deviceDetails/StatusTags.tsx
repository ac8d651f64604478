import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import type { PowerState, Severity } from '../../api';
import { POWER_COLORS, SEVERITY_COLORS, statusTags } from './statusView';

export function SeverityTag({ severity, testId }: { severity: Severity; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={SEVERITY_COLORS[severity]} data-testid={testId} data-severity={severity}>
      {t(`monitoring.severity.${severity}`)}
    </Tag>
  );
}

export function PowerTag({ power, testId }: { power: PowerState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={POWER_COLORS[power]} data-testid={testId} data-power={power}>
      {t(`monitoring.power.${power}`)}
    </Tag>
  );
}

/** A device's status at a glance (the device list, the status history). */
export function StatusTags({ severity, power, testId }: { severity: string; power: string; testId?: string }) {
  const shown = statusTags(severity, power);
  return (
    <Space size={0} data-testid={testId}>
      {shown.severity && <SeverityTag severity={shown.severity} />}
      {shown.power && <PowerTag power={shown.power} />}
    </Space>
  );
}
