import { Checkbox, Flex, InputNumber, Slider, Typography } from 'antd';
import type { FilterDropdownProps } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';

import { NOT_POLLED, POWER_STATES, SEVERITIES } from '../../api';
import { FilterButtons } from './FilterButtons';

/**
 * The Status column's filter: severities and power states as check boxes. Values of one kind
 * are alternatives; a severity and a power state must both match (the API's OR/AND rule).
 */
export function StatusFilterDropdown({ selectedKeys, setSelectedKeys, confirm, clearFilters }: FilterDropdownProps) {
  const { t } = useTranslation();
  const selected = selectedKeys.map(String);
  const group = (field: 'severity' | 'power', values: readonly string[]) => {
    const prefix = `${field}:`;
    return (
      <Flex vertical gap={4}>
        <Typography.Text strong>{t(`devices.filter.${field}`)}</Typography.Text>
        <Checkbox.Group
          style={{ display: 'flex', flexDirection: 'column', gap: 2 }}
          value={selected.filter((k) => k.startsWith(prefix))}
          onChange={(checked) =>
            setSelectedKeys([...selected.filter((k) => !k.startsWith(prefix)), ...checked.map(String)])
          }
          options={[...values, NOT_POLLED].map((v) => ({
            value: `${prefix}${v}`,
            label: (
              <span data-testid={`filter-${field}-${v}`}>
                {v === NOT_POLLED ? t('devices.notPolled') : t(`monitoring.${field}.${v}`)}
              </span>
            ),
          }))}
        />
      </Flex>
    );
  };
  return (
    <Flex vertical gap={8} style={{ padding: 8, width: 320 }} data-testid="filter-status">
      <Flex gap={16}>
        {group('severity', SEVERITIES)}
        {group('power', POWER_STATES)}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('devices.filter.statusHelp')}
      </Typography.Text>
      <FilterButtons column="status" empty={selected.length === 0} confirm={confirm} clearFilters={clearFilters} />
    </Flex>
  );
}

/** The Lowest supply column's filter: "at most N %", with a slider and a number. */
export function LowestSupplyFilterDropdown({
  selectedKeys,
  setSelectedKeys,
  confirm,
  clearFilters,
}: FilterDropdownProps) {
  const { t } = useTranslation();
  const value = selectedKeys.length > 0 ? Number(selectedKeys[0]) : null;
  const set = (n: number | null) => setSelectedKeys(n === null ? [] : [String(Math.round(n))]);
  return (
    <Flex vertical gap={8} style={{ padding: 8, width: 280 }} data-testid="filter-lowestSupply">
      <Typography.Text>{t('devices.filter.lowestSupply')}</Typography.Text>
      <Flex gap={8} align="center">
        <Slider style={{ flex: 1 }} min={0} max={100} value={value ?? 100} onChange={set} />
        <InputNumber
          min={0}
          max={100}
          value={value}
          onChange={(n) => set(n)}
          addonAfter="%"
          style={{ width: 110 }}
          aria-label={t('devices.filter.lowestSupply')}
          data-testid="filter-lowestSupply-input"
          onPressEnter={() => confirm()}
        />
      </Flex>
      <FilterButtons column="lowestSupply" empty={value === null} confirm={confirm} clearFilters={clearFilters} />
    </Flex>
  );
}
