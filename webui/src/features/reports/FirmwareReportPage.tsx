import { Alert, Flex, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { exportFirmwareReport, getFirmwareReport, type FirmwareLine, type FirmwareReportQuery } from '../../api';
import { PageHeader } from '../common/PageHeader';
import { DeviceTypeSelect, ExportButton, TargetSelect, useReport } from './ReportControls';
import { useRemembered, useRememberedSort } from './remembered';

/** Reports > Firmware: the versions each model runs, and on how many devices. */
export function FirmwareReportPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useRemembered<FirmwareReportQuery>('firmware', {
    target: { kind: 'all' },
    deviceType: undefined,
  });
  const sort = useRememberedSort<FirmwareLine>('firmware');
  const { data, error, loading } = useReport(query, useCallback(getFirmwareReport, []));
  const columns: ColumnsType<FirmwareLine> = [
    {
      key: 'model',
      title: t('reports.column.model'),
      dataIndex: 'model',
      sorter: (a, b) => a.model.localeCompare(b.model),
      sortOrder: sort.sortOrder('model'),
    },
    {
      key: 'firmware',
      title: t('reports.firmware.version'),
      render: (_, l) => l.firmware || t('reports.firmware.unknown'),
    },
    {
      key: 'count',
      title: t('reports.firmware.devices'),
      dataIndex: 'count',
      align: 'right',
      sorter: (a, b) => a.count - b.count,
      sortOrder: sort.sortOrder('count'),
    },
  ];
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('reports.firmware.title')}
        description={t('reports.firmware.description')}
        extra={<ExportButton onExport={(format, language) => exportFirmwareReport(query, format, language)} />}
      />
      <Flex gap={8} wrap>
        <TargetSelect value={query.target} onChange={(target) => setQuery({ ...query, target })} />
        <DeviceTypeSelect value={query.deviceType} onChange={(deviceType) => setQuery({ ...query, deviceType })} />
      </Flex>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<FirmwareLine>
        data-testid="firmware-table"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.lines ?? []}
        rowKey={(l) => `${l.model}|${l.firmware}`}
        pagination={false}
        locale={{ emptyText: t('reports.empty') }}
        onChange={sort.onChange}
        expandable={{
          expandedRowRender: (l) => (
            <Flex gap={12} wrap>
              {l.devices.map((d) => (
                <Link key={d.deviceId} to={`/devices/list/${d.deviceId}`}>
                  {d.name || d.ipAddress}
                </Link>
              ))}
            </Flex>
          ),
        }}
      />
    </Flex>
  );
}
