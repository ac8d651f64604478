import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import type { DeviceState } from '../../api';

const COLORS: Record<DeviceState, string | undefined> = {
  managed: 'green',
  unmanaged: 'gold',
  removed: undefined,
};

export function DeviceStateTag({ state, testId }: { state: DeviceState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[state]} data-testid={testId} data-state={state}>
      {t(`devices.state.${state}`)}
    </Tag>
  );
}
