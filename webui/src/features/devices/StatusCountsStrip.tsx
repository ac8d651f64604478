import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { NOT_POLLED, SEVERITIES, type DeviceStatusCounts, type PowerState } from '../../api';
import { useFormatters } from '../../i18n/format';
import { POWER_COLORS, SEVERITY_COLORS } from '../deviceDetails/statusView';

type StatusField = 'severity' | 'power';
const WORST_FIRST: Record<StatusField, readonly string[]> = {
  severity: [...[...SEVERITIES].reverse(), NOT_POLLED],
  power: ['no_response', 'conflict', 'sleep', 'on', 'unknown', NOT_POLLED] satisfies (PowerState | typeof NOT_POLLED)[],
};
const COLORS: Record<StatusField, Record<string, string | undefined>> = {
  severity: SEVERITY_COLORS,
  power: POWER_COLORS,
};

/**
 * The header strip: how many of the matching devices (all pages) have each severity and power
 * state. A click filters the list by that value alone; a second click on it removes the filter.
 */
export function StatusCountsStrip({
  counts,
  active,
  onSelect,
}: {
  counts: DeviceStatusCounts | undefined;
  active: Partial<Record<StatusField, readonly string[]>>;
  onSelect: (field: StatusField, value: string | null) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  if (!counts) return null;
  const row = (field: StatusField) => {
    const shown = WORST_FIRST[field].filter((v) => (counts[field] as Record<string, number>)[v] > 0);
    if (shown.length === 0) return null;
    return (
      <Flex wrap gap={4} align="center">
        <Typography.Text type="secondary">{t(`devices.filter.${field}`)}:</Typography.Text>
        {shown.map((value) => {
          const selected = active[field]?.length === 1 && active[field]?.[0] === value;
          const count = (counts[field] as Record<string, number>)[value];
          return (
            <Tag
              key={value}
              color={value === NOT_POLLED ? undefined : COLORS[field][value]}
              bordered={selected}
              style={{ cursor: 'pointer', fontWeight: selected ? 600 : undefined, marginInlineEnd: 0 }}
              onClick={() => onSelect(field, selected ? null : value)}
              role="button"
              aria-pressed={selected}
              data-testid={`count-${field}-${value}`}
              data-count={count}
            >
              {value === NOT_POLLED ? t('devices.notPolled') : t(`monitoring.${field}.${value}`)}: {fmt.number(count)}
            </Tag>
          );
        })}
      </Flex>
    );
  };
  return (
    <Flex wrap gap={16} data-testid="status-counts">
      {row('severity')}
      {row('power')}
    </Flex>
  );
}
