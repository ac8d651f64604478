import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Empty, Flex, Segmented, Table } from 'antd';
import { useCallback, useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { exportDevices, listAgents, type Device, type ExchangeFormat } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import { PageHeader } from '../common/PageHeader';
import { devicePagePath } from '../deviceDetails/DeviceDetailsPage';
import { saveFile } from '../common/saveFile';
import { usePolling } from '../common/usePolling';
import { AddToGroupAction } from '../groups/AddToGroupAction';
import { AddDevicesModal } from './AddDevicesModal';
import { BatchActions } from './BatchActions';
import { ColumnChooser } from './ColumnChooser';
import { DeviceActions } from './DeviceActions';
import { DeviceDetailsDrawer } from './DeviceDetailsDrawer';
import {
  applyTableChange,
  DEVICE_VIEWS,
  deviceQuery,
  listStateFromSettings,
  listStateToSettings,
  PAGE_SIZES,
  type DeviceView,
} from './deviceView';
import { SavedViewPicker } from './SavedViewPicker';
import { StatusCountsStrip } from './StatusCountsStrip';
import { useDeviceColumns } from './useDeviceColumns';
import { useDeviceListState } from './useDeviceListState';
import { useDevicePage } from './useDevicePage';

const EXPORT_FORMATS: ExchangeFormat[] = ['csv', 'txt', 'xlsx'];

/** Devices > Device List: its state (tab, filters, sort, page, columns) is in the URL. */
export function DeviceListPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { message } = App.useApp();
  const [listState, setListState] = useDeviceListState();
  const { view, table, columns: shown } = listState;
  const navigate = useNavigate();
  const [editId, setEditId] = useState<number | null>(null);
  const [addOpen, setAddOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
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
  const rowActions = useCallback(
    (device: Device) => (
      <DeviceActions
        device={device}
        onDetails={(d) => navigate(devicePagePath(d.id))}
        onEdit={(d) => setEditId(d.id)}
        onChanged={refresh}
      />
    ),
    [navigate, refresh],
  );
  const columns = useDeviceColumns({ table, shown, agents, agentName, actions: rowActions });

  const exportView = async (format: ExchangeFormat) => {
    // A large view takes a while to build on the Manager: the button spins, the page stays usable.
    setExporting(true);
    const hide = message.loading(t('devices.exporting'), 0);
    try {
      saveFile(await exportDevices(query, format));
    } catch (e) {
      void message.error(errorMessage(e, t));
    } finally {
      hide();
      setExporting(false);
    }
  };

  const filtered = Object.keys(table.filters).length > 0;
  const batchDone = () => {
    setSelectedIds([]);
    refresh();
  };

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
              disabled={exporting}
              menu={{
                items: EXPORT_FORMATS.map((format) => ({
                  key: format,
                  label: <span data-testid={`export-${format}`}>{t(`devices.format.${format}`)}</span>,
                })),
                onClick: ({ key }) => void exportView(key as ExchangeFormat),
              }}
            >
              <Button icon={<DownloadOutlined />} loading={exporting} data-testid="export-button">
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
          onChange={(v) => setListState((s) => ({ ...s, view: v, table: { ...s.table, page: 1 } }))}
          options={DEVICE_VIEWS.map((v) => ({
            value: v,
            label: <span data-testid={`device-view-${v}`}>{t(`devices.views.${v}`)}</span>,
          }))}
        />
        <SavedViewPicker
          current={listStateToSettings(listState)}
          onPick={(saved) => setListState((s) => listStateFromSettings(saved.settings, s.table.pageSize))}
        />
      </Flex>

      <Flex justify="space-between" align="center" gap={12} wrap>
        <StatusCountsStrip
          counts={page?.statusCounts}
          active={table.filters}
          onSelect={(field, value) =>
            setListState((s) => {
              const { [field]: _, ...others } = s.table.filters;
              return {
                ...s,
                table: { ...s.table, page: 1, filters: value ? { ...others, [field]: [value] } : others },
              };
            })
          }
        />
        <Flex gap={8} wrap data-testid="batch-bar">
          <BatchActions selectedIds={selectedIds} view={query} viewTotal={page?.total ?? 0} onDone={batchDone} />
          <AddToGroupAction
            selectedIds={selectedIds}
            view={query}
            viewTotal={page?.total ?? 0}
            onAdded={() => setSelectedIds([])}
          />
          {filtered && (
            <Button
              type="link"
              onClick={() => setListState((s) => ({ ...s, table: { ...s.table, page: 1, filters: {} } }))}
              data-testid="clear-filters"
            >
              {t('devices.filter.clearAll')}
            </Button>
          )}
          <ColumnChooser value={shown} onChange={(c) => setListState((s) => ({ ...s, columns: c }))} />
        </Flex>
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
            showTotal: (total) => (
              <span data-testid="devices-total">{t('common.total', { count: fmt.number(total) })}</span>
            ),
          }}
          onChange={(pagination, filters, sorter) =>
            setListState((s) => ({ ...s, table: applyTableChange(s.table, pagination, filters, sorter) }))
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
