import { Typography, type TableColumnsType } from 'antd';
import type { FilterDropdownProps } from 'antd/es/table/interface';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import type { Agent, Device, DeviceFilterField } from '../../api';
import { useFormatters } from '../../i18n/format';
import { devicePagePath } from '../deviceDetails/DeviceDetailsPage';
import { LevelBar } from '../deviceDetails/LevelBar';
import { StatusTags } from '../deviceDetails/StatusTags';
import { useRegionColumn } from '../regions/useRegionColumn';
import { DeviceStateTag } from './DeviceStateTag';
import {
  columnOfSort,
  DEVICE_TEXT_FIELDS,
  statusFilterValue,
  STATUS_COLUMN,
  type DeviceColumn,
  type DeviceTableState,
} from './deviceView';
import { LowestSupplyFilterDropdown, StatusFilterDropdown } from './StatusFilterDropdowns';
import { TextFilterDropdown } from './TextFilterDropdown';

/**
 * The device list's columns: the shown ones in the chooser's order, then the row actions.
 * Every column but the actions sorts on the server; most filter there too.
 */
export function useDeviceColumns({
  table,
  shown,
  agents,
  agentName,
  actions,
}: {
  table: DeviceTableState;
  shown: readonly DeviceColumn[];
  agents: readonly Agent[] | undefined;
  agentName: (id: number | null) => string;
  actions: (device: Device) => React.ReactNode;
}): TableColumnsType<Device> {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const sortedColumn = columnOfSort(table.sort);
  const sortOrder = (column: string) =>
    sortedColumn === column ? (table.order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null;
  const regionColumn = useRegionColumn(table.filters.region ?? null, sortOrder('region'));

  return useMemo(() => {
    const textColumn = (field: (typeof DEVICE_TEXT_FIELDS)[number]) => ({
      key: field,
      dataIndex: field,
      title: t(`devices.columns.${field}`),
      sorter: true,
      sortOrder: sortOrder(field),
      filteredValue: table.filters[field as DeviceFilterField] ?? null,
      filterDropdown: (props: FilterDropdownProps) => <TextFilterDropdown {...props} column={field} />,
      render: (value: string) => value || t('common.none'),
    });
    const timeColumn = (field: 'firstSeen' | 'lastSeen') => ({
      key: field,
      dataIndex: field,
      title: t(`devices.columns.${field}`),
      sorter: true,
      sortOrder: sortOrder(field),
      render: (value: string) => fmt.dateTime(value),
    });
    type Column = TableColumnsType<Device>[number];
    const text = Object.fromEntries(DEVICE_TEXT_FIELDS.map((c) => [c, textColumn(c)])) as unknown as Record<
      (typeof DEVICE_TEXT_FIELDS)[number],
      Column
    >;
    const byKey: Record<DeviceColumn, Column> = {
      ...text,
      name: {
        ...textColumn('name'),
        render: (value: string, device: Device) => (
          <Link to={devicePagePath(device.id)} data-testid={`device-name-${device.id}`}>
            {value || t('devices.unnamed')}
          </Link>
        ),
      },
      status: {
        key: STATUS_COLUMN,
        title: t('devices.columns.status'),
        sorter: true,
        sortOrder: sortOrder(STATUS_COLUMN),
        filteredValue: statusFilterValue(table.filters),
        filterDropdown: (props: FilterDropdownProps) => <StatusFilterDropdown {...props} />,
        render: (_: unknown, device: Device) =>
          device.status ? (
            <StatusTags
              severity={device.status.severity}
              power={device.status.power}
              testId={`device-status-${device.id}`}
            />
          ) : (
            <Typography.Text type="secondary" data-testid={`device-status-${device.id}`}>
              {t('devices.notPolled')}
            </Typography.Text>
          ),
      },
      lowestSupply: {
        key: 'lowestSupply',
        title: t('devices.columns.lowestSupply'),
        sorter: true,
        sortOrder: sortOrder('lowestSupply'),
        filteredValue: table.filters.lowestSupply ?? null,
        filterDropdown: (props: FilterDropdownProps) => <LowestSupplyFilterDropdown {...props} />,
        render: (_: unknown, device: Device) =>
          device.lowestSupply ? (
            <LevelBar
              level={device.lowestSupply}
              percent={device.lowestSupply.percent}
              size="small"
              testId={`device-supply-${device.id}`}
            />
          ) : (
            t('common.none')
          ),
      },
      state: {
        key: 'state',
        dataIndex: 'state',
        title: t('devices.columns.state'),
        sorter: true,
        sortOrder: sortOrder('state'),
        render: (_: unknown, device: Device) => <DeviceStateTag state={device.state} />,
      },
      agentId: {
        key: 'agentId',
        dataIndex: 'agentId',
        title: t('devices.columns.agent'),
        sorter: true,
        sortOrder: sortOrder('agentId'),
        filters: (agents ?? []).map((a) => ({ text: a.name, value: String(a.id) })),
        filteredValue: table.filters.agentId ?? null,
        render: (id: number | null) => agentName(id),
      },
      region: regionColumn,
      firstSeen: timeColumn('firstSeen'),
      lastSeen: timeColumn('lastSeen'),
    };
    return [
      ...shown.map((c) => byKey[c]),
      {
        key: 'actions',
        title: t('common.actions'),
        fixed: 'right' as const,
        render: (_: unknown, d: Device) => actions(d),
      },
    ];
    // sortOrder reads `table`; fmt only depends on the language.
  }, [t, fmt.language, table, shown, agents, agentName, actions, regionColumn]);
}
