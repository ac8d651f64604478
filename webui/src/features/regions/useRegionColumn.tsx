import type { SortOrder } from 'antd/es/table/interface';
import { Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { listRegions, type Device } from '../../api';
import { usePolling } from '../common/usePolling';

/** The filter value for devices outside every region (the API's filter[region]=none). */
const NO_REGION = 'none';

/**
 * The device list's Region column: the device's region by name, sorted by name on the server,
 * filtered by region (or none). Regions are read once a minute for the filter's choices.
 */
export function useRegionColumn(filteredValue: string[] | null, sortOrder: SortOrder) {
  const { t } = useTranslation();
  const { data: regions } = usePolling(listRegions, () => 60_000);
  return useMemo(
    () => ({
      key: 'region',
      title: t('devices.columns.region'),
      sorter: true,
      sortOrder,
      filters: [
        { text: t('regions.noRegion'), value: NO_REGION },
        ...(regions ?? []).map((r) => ({ text: r.name, value: String(r.id) })),
      ],
      filteredValue,
      render: (_: unknown, device: Device) =>
        device.region ? (
          <span data-testid={`device-region-${device.id}`}>{device.region.name}</span>
        ) : (
          <Typography.Text type="secondary" data-testid={`device-region-${device.id}`}>
            {t('common.none')}
          </Typography.Text>
        ),
    }),
    [t, regions, filteredValue, sortOrder],
  );
}
