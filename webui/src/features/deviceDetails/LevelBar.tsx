import { Progress, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

import { useFormatters } from '../../i18n/format';
import { levelTone, levelView, type LevelInput } from './supplyLevel';

const TONE_COLORS = { critical: '#ff4d4f', low: '#faad14', normal: undefined };

/**
 * A level as a bar when the device gave a percentage, else as the value or the RFC 3805
 * special state in words ("some remaining", "unknown", "no restriction").
 */
export function LevelBar({
  level,
  percent,
  unit,
  size = 'default',
  testId,
}: {
  level: LevelInput | undefined;
  percent: number | null;
  unit?: string;
  size?: 'default' | 'small';
  testId?: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const view = levelView(level, percent);
  if (view.kind === 'percent') {
    return (
      <Progress
        percent={view.percent}
        status="normal"
        strokeColor={TONE_COLORS[levelTone(view.percent)]}
        size={size === 'small' ? 'small' : 'default'}
        style={{ minWidth: size === 'small' ? 90 : 160, margin: 0 }}
        format={(p) => fmt.number((p ?? 0) / 100, { style: 'percent' })}
        data-testid={testId}
        data-level="percent"
        data-percent={view.percent}
        data-tone={levelTone(view.percent)}
      />
    );
  }
  if (view.kind === 'value') {
    return (
      <Tooltip title={t('monitoring.level.noCapacity')}>
        <span data-testid={testId} data-level="value">
          {unit ? `${fmt.number(view.value)} ${t(`monitoring.units.${unitKey(unit)}`)}` : fmt.number(view.value)}
        </span>
      </Tooltip>
    );
  }
  return (
    <Tooltip title={t(`monitoring.level.hint.${view.state}`)}>
      <Tag data-testid={testId} data-level={view.state}>
        {t(`monitoring.level.${view.state}`)}
      </Tag>
    </Tooltip>
  );
}

const UNITS = new Set([
  'impressions',
  'sheets',
  'images',
  'percent',
  'tenThousandthsOfInches',
  'micrometers',
  'characters',
  'lines',
  'dotRow',
  'hours',
  'thousandthsOfOunces',
  'tenthsOfGrams',
  'hundrethsOfFluidOunces',
  'tenthsOfMilliliters',
  'feet',
  'meters',
  'items',
  'other',
  'unknown',
]);

/** The catalogue key of a unit the Agent names (RFC 3805 unit names); other names read as "units". */
export const unitKey = (unit: string) => (UNITS.has(unit) ? unit : 'other');
