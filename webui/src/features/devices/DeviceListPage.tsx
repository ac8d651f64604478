import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Empty, Flex, Segmented, Table, Typography, type TableColumnsType } from 'antd';
import type { FilterDropdownProps } from 'antd/es/table/interface';
import { useCallback, useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { exportDevices, listAgents, type Device, type DeviceFilterField, type ExchangeFormat } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import { PageHeader } from '../common/PageHeader';
import { useRegionColumn } from '../regions/useRegionColumn';
import { devicePagePath } from '../deviceDetails/DeviceDetailsPage';
import { LevelBar } from '../deviceDetails/LevelBar';
import { StatusTags } from '../deviceDetails/StatusTags';
import { saveFile } from '../common/saveFile';
import { usePolling } from '../common/usePolling';
import { AddToGroupAction } from '../groups/AddToGroupAction';
import { AddDevicesModal } from './AddDevicesModal';
import { DeviceActions } from './DeviceActions';
import { DeviceDetailsDrawer } from './DeviceDetailsDrawer';
import { DeviceStateTag } from './DeviceStateTag';
import {
  applyTableChange,
  DEVICE_VIEWS,
  deviceQuery,
  INITIAL_TABLE_STATE,
  PAGE_SIZES,
  type DeviceTableState,
  type DeviceView,
} from './deviceView';
import { TextFilterDropdown } from './TextFilterDropdown';
import { useDevicePage } from './useDevicePage';

const TEXT_COLUMNS = ['name', 'ipAddress', 'hostname', 'vendor', 'model', 'serial', 'mac', 'location'] as const;
const EXPORT_FORMATS: ExchangeFormat[] = ['csv', 'txt', 'xlsx'];

/** Devices > Device List. */
export function DeviceListPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { message } = App.useApp();
  const [view, setView] = useState<DeviceView>('inUse');
  const [table, setTable] = useState<DeviceTableState>(INITIAL_TABLE_STATE);
  const navigate = useNavigate();
  const [editId, setEditId] = useState<number | null>(null);
  const [addOpen, setAddOpen] = useState(false);
  const [selectedIds, setSelectedIds] = useState<number[]>([]);
  const query = useMemo(() => deviceQuery(view, table), [view, table]);
  const { page, error, loading, refresh } = useDevicePage(query);
  // Agent names for the Agent column and filter; refreshed rarely (they seldom change).
  const { data: agents } = usePolling(listAgents, () => 30_000);

  const agentName = useCallback(
    (id: number | null) => {
      if (id === null) return t('common.none');
      return agents?.find((a) => a.id === id)?.name ?? `#${id}`;
    },
    [agents, t],
  );

  const sortOrder = (field: string) =>
    table.sort === field ? (table.order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null;
  const regionColumn = useRegionColumn(table.filters.region ?? null, sortOrder('region'));

  const columns: TableColumnsType<Device> = useMemo(() => {
    const textColumn = (field: (typeof TEXT_COLUMNS)[number]) => ({
      key: field,
      dataIndex: field,
      title: t(`devices.columns.${field}`),
      sorter: true,
      sortOrder: sortOrder(field),
      filteredValue: table.filters[field as DeviceFilterField] ?? null,
      filterDropdown: (props: FilterDropdownProps) => <TextFilterDropdown {...props} column={field} />,
      render: (value: string) => value || t('common.none'),
    });
    return [
      {
        ...textColumn('name'),
        render: (value: string, device: Device) => (
          <Link to={devicePagePath(device.id)} data-testid={`device-name-${device.id}`}>
            {value || t('devices.unnamed')}
          </Link>
        ),
      },
      {
        // Not sortable or filterable: the list API sorts and filters on registry fields only.
        key: 'status',
        title: t('devices.columns.status'),
        render: (_: unknown, device: Device) =>
          device.status ? (
            <StatusTags
              severity={device.status.severity}
              power={device.status.power}
              testId={`device-status-${device.id}`}
            />
          ) : (
            <Typography.Text type="secondary">{t('devices.notPolled')}</Typography.Text>
          ),
      },
      {
        key: 'lowestSupply',
        title: t('devices.columns.lowestSupply'),
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
      ...TEXT_COLUMNS.filter((c) => c !== 'name').map(textColumn),
      {
        key: 'state',
        dataIndex: 'state',
        title: t('devices.columns.state'),
        sorter: true,
        sortOrder: sortOrder('state'),
        render: (_: unknown, device: Device) => <DeviceStateTag state={device.state} />,
      },
      {
        key: 'agentId',
        dataIndex: 'agentId',
        title: t('devices.columns.agent'),
        sorter: true,
        sortOrder: sortOrder('agentId'),
        filters: (agents ?? []).map((a) => ({ text: a.name, value: String(a.id) })),
        filteredValue: table.filters.agentId ?? null,
        render: (id: number | null) => agentName(id),
      },
      regionColumn,
      {
        key: 'lastSeen',
        dataIndex: 'lastSeen',
        title: t('devices.columns.lastSeen'),
        sorter: true,
        sortOrder: sortOrder('lastSeen'),
        render: (value: string) => fmt.dateTime(value),
      },
      {
        key: 'actions',
        title: t('common.actions'),
        fixed: 'right' as const,
        render: (_: unknown, device: Device) => (
          <DeviceActions
            device={device}
            onDetails={(d) => navigate(devicePagePath(d.id))}
            onEdit={(d) => setEditId(d.id)}
            onChanged={refresh}
          />
        ),
      },
    ];
    // sortOrder reads `table`; fmt only depends on the language.
  }, [t, fmt.language, table, agents, agentName, refresh, navigate, regionColumn]);

  const exportView = async (format: ExchangeFormat) => {
    try {
      saveFile(await exportDevices(query, format));
    } catch (e) {
      void message.error(errorMessage(e, t));
    }
  };

  const filtered = Object.keys(table.filters).length > 0;

  return (
    <Flex vertical gap={16} data-testid="devices-page">
      <PageHeader
        title={t('devices.title')}
        description={t('devices.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={refresh}>
              {t('common.refresh')}
            </Button>
            <Dropdown
              menu={{
                items: EXPORT_FORMATS.map((format) => ({
                  key: format,
                  label: <span data-testid={`export-${format}`}>{t(`devices.format.${format}`)}</span>,
                })),
                onClick: ({ key }) => void exportView(key as ExchangeFormat),
              }}
            >
              <Button icon={<DownloadOutlined />} data-testid="export-button">
                {t('devices.export')}
              </Button>
            </Dropdown>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setAddOpen(true)}
              data-testid="add-devices-button"
            >
              {t('devices.add.button')}
            </Button>
          </>
        }
      />

      <Flex justify="space-between" align="center" gap={12} wrap>
        <Segmented<DeviceView>
          value={view}
          onChange={(v) => {
            setView(v);
            setTable((s) => ({ ...s, page: 1 }));
          }}
          options={DEVICE_VIEWS.map((v) => ({
            value: v,
            label: <span data-testid={`device-view-${v}`}>{t(`devices.views.${v}`)}</span>,
          }))}
        />
        <AddToGroupAction
          selectedIds={selectedIds}
          view={query}
          viewTotal={page?.total ?? 0}
          onAdded={() => setSelectedIds([])}
        />
        {filtered && (
          <Button
            type="link"
            onClick={() => setTable((s) => ({ ...s, page: 1, filters: {} }))}
            data-testid="clear-filters"
          >
            {t('devices.filter.clearAll')}
          </Button>
        )}
      </Flex>

      {error !== null && (
        <Alert type="error" showIcon message={t('devices.loadFailed')} description={errorMessage(error, t)} />
      )}

      <div data-testid="devices-table">
        <Table<Device>
          rowKey="id"
          rowSelection={{
            selectedRowKeys: selectedIds,
            preserveSelectedRowKeys: true,
            onChange: (keys) => setSelectedIds(keys.map(Number)),
          }}
          columns={columns}
          dataSource={page?.items ?? []}
          loading={loading}
          size="middle"
          scroll={{ x: 'max-content' }}
          showSorterTooltip={false}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtered ? t('devices.emptyFiltered') : t(`devices.empty.${view}`)}
              />
            ),
          }}
          pagination={{
            current: table.page,
            pageSize: table.pageSize,
            total: page?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => <span data-testid="devices-total">{t('common.total', { count: total })}</span>,
          }}
          onChange={(pagination, filters, sorter) =>
            setTable((previous) => applyTableChange(previous, pagination, filters, sorter))
          }
          onRow={(device) => ({ 'data-testid': `device-row-${device.id}` }) as HTMLAttributes<HTMLElement>}
        />
      </div>

      <AddDevicesModal open={addOpen} agents={agents ?? []} onClose={() => setAddOpen(false)} onAdded={refresh} />
      <DeviceDetailsDrawer
        deviceId={editId}
        agentName={agentName}
        onClose={() => setEditId(null)}
        onChanged={refresh}
      />
    </Flex>
  );
}
