import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { deleteRegion, listRegions, type Region } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import { PageHeader, RefreshButton } from '../common/PageHeader';
import { emptyLocale, LoadFailedAlert, rowTestId } from '../common/tableParts';
import { usePolling } from '../common/usePolling';
import { RegionDrawer } from './RegionDrawer';
import { ConfirmIconButton } from '../common/ConfirmIconButton';

/** Rules shown in the table before "+n". */
const SHOWN_RULES = 4;

/** System > Regions: the sites devices belong to by their address or host name. */
export function RegionsPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { message } = App.useApp();
  // Device counts move with discovery: refresh now and then.
  const { data: regions, error, loading, refresh } = usePolling(listRegions, () => 30_000);
  const [editing, setEditing] = useState<{ region: Region | null } | null>(null);

  const remove = async (region: Region) => {
    try {
      await deleteRegion(region.id);
      void message.success(t('regions.delete.done', { name: region.name }));
      refresh();
    } catch (e) {
      void message.error(errorMessage(e, t));
    }
  };

  const columns: TableColumnsType<Region> = useMemo(
    () => [
      {
        key: 'name',
        title: t('regions.columns.name'),
        dataIndex: 'name',
        sorter: (a, b) => a.name.localeCompare(b.name),
        render: (name: string, region) => (
          <Flex vertical>
            <Typography.Text strong data-testid={`region-name-${region.id}`}>
              {name}
            </Typography.Text>
            {region.description && <Typography.Text type="secondary">{region.description}</Typography.Text>}
          </Flex>
        ),
      },
      {
        key: 'rules',
        title: t('regions.columns.rules'),
        render: (_, region) =>
          region.rules.length === 0 ? (
            <Typography.Text type="secondary">{t('regions.noRules')}</Typography.Text>
          ) : (
            <Flex gap={4} wrap>
              {region.rules.slice(0, SHOWN_RULES).map((rule, i) => (
                <Tag key={i} bordered={false} color={rule.type === 'suffix' ? 'purple' : 'blue'}>
                  {rule.value}
                </Tag>
              ))}
              {region.rules.length > SHOWN_RULES && (
                <Tag bordered={false}>{t('regions.moreRules', { count: region.rules.length - SHOWN_RULES })}</Tag>
              )}
            </Flex>
          ),
      },
      {
        key: 'timeZone',
        title: t('regions.columns.timeZone'),
        dataIndex: 'timeZone',
      },
      {
        key: 'deviceCount',
        title: t('regions.columns.devices'),
        dataIndex: 'deviceCount',
        align: 'right',
        sorter: (a, b) => a.deviceCount - b.deviceCount,
        render: (count: number, region) => <span data-testid={`region-devices-${region.id}`}>{fmt.number(count)}</span>,
      },
      {
        key: 'actions',
        title: t('common.actions'),
        render: (_, region) => (
          <Space size={4}>
            <Tooltip title={t('regions.edit.button')}>
              <Button
                type="text"
                size="small"
                icon={<EditOutlined />}
                aria-label={t('regions.edit.button')}
                onClick={() => setEditing({ region })}
                data-testid={`region-edit-${region.id}`}
              />
            </Tooltip>
            <ConfirmIconButton
              label={t('regions.delete.button')}
              title={t('regions.delete.title', { name: region.name })}
              description={t('regions.delete.confirm')}
              icon={<DeleteOutlined />}
              danger
              testId={`region-delete-${region.id}`}
              confirmTestId={`region-delete-confirm-${region.id}`}
              onConfirm={() => remove(region)}
            />
          </Space>
        ),
      },
    ],
    // fmt only depends on the language.
    [t, fmt.language],
  );

  return (
    <Flex vertical gap={16} data-testid="regions-page">
      <PageHeader
        title={t('regions.title')}
        description={t('regions.description')}
        extra={
          <>
            <RefreshButton onClick={refresh} />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ region: null })}
              data-testid="create-region-button"
            >
              {t('regions.create.button')}
            </Button>
          </>
        }
      />

      <LoadFailedAlert error={error} message={t('regions.loadFailed')} />

      <div data-testid="regions-table">
        <Table<Region>
          rowKey="id"
          columns={columns}
          dataSource={regions ?? []}
          loading={loading}
          size="middle"
          scroll={{ x: 'max-content' }}
          locale={emptyLocale(t('regions.empty'))}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          onRow={rowTestId('region-row', (region) => region.name)}
        />
      </div>

      <RegionDrawer
        open={editing !== null}
        region={editing?.region ?? null}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          setEditing(null);
          void message.success(t('regions.saved', { name: saved.name }));
          refresh();
        }}
      />
    </Flex>
  );
}
