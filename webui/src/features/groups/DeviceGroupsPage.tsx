import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Flex,
  Table,
  Tag,
  Tree,
  Typography,
  type ButtonProps,
  type TableColumnsType,
} from 'antd';
import { useCallback, useEffect, useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import {
  deleteGroup,
  listAgents,
  listGroupTree,
  removeGroupMembers,
  type Device,
  type DeviceGroup,
  type DeviceGroupNode,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import { PageHeader } from '../common/PageHeader';
import { usePolling } from '../common/usePolling';
import { devicePagePath } from '../deviceDetails/DeviceDetailsPage';
import { DeviceStateTag } from '../devices/DeviceStateTag';
import { useDevicePage } from '../devices/useDevicePage';
import { GroupModal } from './GroupModal';
import { flattenTree } from './groupTree';

const PAGE_SIZE = 50;

interface TreeNode {
  key: number;
  title: ReactNode;
  children: TreeNode[];
}

/** Devices > Device Groups: the group tree, the selected group's devices, create/edit/delete. */
export function DeviceGroupsPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { message, modal } = App.useApp();
  const { data: tree, error, refresh: refreshTree } = usePolling(listGroupTree, () => null);
  const { data: agents } = usePolling(listAgents, () => null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [editing, setEditing] = useState<{ existing?: DeviceGroupNode; parentId?: number | null } | null>(null);

  const groups = useMemo(() => flattenTree(tree ?? []), [tree]);
  const selected = groups.find((g) => g.id === selectedId);

  const treeData = useMemo(() => {
    const toNodes = (nodes: DeviceGroupNode[]): TreeNode[] =>
      nodes.map((n) => ({
        key: n.id,
        title: (
          <span data-testid={`group-node-${n.name}`}>
            {n.name}{' '}
            <Tag bordered={false} color={n.kind === 'dynamic' ? 'purple' : 'blue'}>
              {fmt.number(n.memberCount)}
            </Tag>
          </span>
        ),
        children: toNodes(n.children),
      }));
    return toNodes(tree ?? []);
  }, [tree, fmt]);

  const onSaved = (group: DeviceGroup) => {
    void message.success(editing?.existing ? t('groups.form.saved') : t('groups.form.created'));
    setEditing(null);
    setSelectedId(group.id);
    refreshTree();
  };

  const confirmDelete = (group: DeviceGroupNode) => {
    let subtree = false;
    modal.confirm({
      title: t('groups.deleteConfirm.title', { name: group.name }),
      content: (
        <Flex vertical gap={8}>
          <span>{t('groups.deleteConfirm.content')}</span>
          {group.children.length > 0 && (
            <Checkbox onChange={(e) => (subtree = e.target.checked)} data-testid="group-delete-subtree">
              {t('groups.deleteConfirm.subtree', { count: flattenTree(group.children).length })}
            </Checkbox>
          )}
        </Flex>
      ),
      okText: t('groups.delete'),
      okButtonProps: { danger: true, 'data-testid': 'group-delete-confirm' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await deleteGroup(group.id, subtree);
          void message.success(t('groups.deleteConfirm.deleted'));
          setSelectedId(null);
          refreshTree();
        } catch (e) {
          void message.error(errorMessage(e, t));
        }
      },
    });
  };

  return (
    <Flex vertical gap={16} data-testid="groups-page">
      <PageHeader
        title={t('groups.title')}
        description={t('groups.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={refreshTree}>
              {t('common.refresh')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ parentId: selected?.id ?? null })}
              data-testid="group-create"
            >
              {t('groups.create')}
            </Button>
          </>
        }
      />
      {error !== null && (
        <Alert type="error" showIcon message={t('groups.loadFailed')} description={errorMessage(error, t)} />
      )}
      <Flex gap={16} align="flex-start" wrap>
        <Card title={t('groups.tree')} style={{ width: 340 }} data-testid="group-tree">
          {treeData.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('groups.empty')} />
          ) : (
            <Tree<TreeNode>
              treeData={treeData}
              blockNode
              defaultExpandAll
              key={groups.length /* expand groups added later too */}
              selectedKeys={selectedId === null ? [] : [selectedId]}
              onSelect={(keys) => setSelectedId(keys.length > 0 ? Number(keys[0]) : null)}
            />
          )}
        </Card>
        <div style={{ flex: 1, minWidth: 480 }}>
          {selected ? (
            <GroupDevices
              key={selected.id}
              group={selected}
              onEdit={() => setEditing({ existing: selected })}
              onDelete={() => confirmDelete(selected)}
              onChanged={refreshTree}
            />
          ) : (
            <Card>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('groups.noSelection')} />
            </Card>
          )}
        </div>
      </Flex>
      <GroupModal
        open={editing !== null}
        existing={editing?.existing}
        parentId={editing?.parentId}
        tree={tree ?? []}
        agents={agents ?? []}
        onClose={() => setEditing(null)}
        onSaved={onSaved}
      />
    </Flex>
  );
}

/** The selected group: what it is and its own devices, paged by the Manager (filter[group]). */
function GroupDevices({
  group,
  onEdit,
  onDelete,
  onChanged,
}: {
  group: DeviceGroupNode;
  onEdit: () => void;
  onDelete: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [selection, setSelection] = useState<number[]>([]);
  const query = useMemo(
    () => ({ page, pageSize: PAGE_SIZE, sort: 'name' as const, groups: [group.id] }),
    [page, group.id],
  );
  const { page: devices, error, loading, refresh } = useDevicePage(query);

  // A changed member count (members added elsewhere, a dynamic filter edited) reloads the list.
  useEffect(refresh, [group.memberCount, group.filter, refresh]);

  const removeSelected = useCallback(async () => {
    try {
      const result = await removeGroupMembers(group.id, selection);
      void message.success(t('groups.removedMembers', { count: result.removed ?? 0 }));
      setSelection([]);
      onChanged();
    } catch (e) {
      void message.error(errorMessage(e, t));
    }
  }, [group.id, selection, message, t, onChanged]);

  const columns: TableColumnsType<Device> = [
    {
      key: 'name',
      title: t('devices.columns.name'),
      render: (_: unknown, d: Device) => <Link to={devicePagePath(d.id)}>{d.name || t('devices.unnamed')}</Link>,
    },
    { key: 'ipAddress', dataIndex: 'ipAddress', title: t('devices.columns.ipAddress') },
    { key: 'vendor', dataIndex: 'vendor', title: t('devices.columns.vendor') },
    { key: 'model', dataIndex: 'model', title: t('devices.columns.model') },
    {
      key: 'location',
      dataIndex: 'location',
      title: t('devices.columns.location'),
      render: (v: string) => v || t('common.none'),
    },
    {
      key: 'state',
      title: t('devices.columns.state'),
      render: (_: unknown, d: Device) => <DeviceStateTag state={d.state} />,
    },
  ];

  const filterText = Object.entries(group.filter ?? {})
    .map(([field, values]) => `${field}: ${(values ?? []).join(' | ')}`)
    .join(' · ');

  return (
    <Card
      title={
        <Flex gap={8} align="center">
          <span data-testid="group-title">{group.name}</span>
          <Tag color={group.kind === 'dynamic' ? 'purple' : 'blue'}>{t(`groups.kind.${group.kind}`)}</Tag>
        </Flex>
      }
      extra={
        <Flex gap={8}>
          <Button icon={<EditOutlined />} onClick={onEdit} data-testid="group-edit">
            {t('groups.edit')}
          </Button>
          <Button danger icon={<DeleteOutlined />} onClick={onDelete} data-testid="group-delete">
            {t('groups.delete')}
          </Button>
        </Flex>
      }
      data-testid="group-details"
    >
      <Flex vertical gap={12}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('groups.id')}>{group.id}</Descriptions.Item>
          {group.comment && <Descriptions.Item label={t('groups.form.comment')}>{group.comment}</Descriptions.Item>}
          {group.kind === 'dynamic' && (
            <Descriptions.Item label={t('groups.form.filter')}>
              <Typography.Text code data-testid="group-filter">
                {filterText || t('groups.allDevices')}
              </Typography.Text>
            </Descriptions.Item>
          )}
        </Descriptions>
        <Typography.Text type="secondary">{t('groups.ownDevicesOnly')}</Typography.Text>
        {group.kind === 'static' && (
          <Flex>
            <Button
              disabled={selection.length === 0}
              onClick={() => void removeSelected()}
              data-testid="group-remove-members"
            >
              {t('groups.removeMembers', { count: selection.length })}
            </Button>
          </Flex>
        )}
        {error !== null && <Alert type="error" showIcon message={errorMessage(error, t)} />}
        <div data-testid="group-devices">
          <Table<Device>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={devices?.items ?? []}
            loading={loading}
            rowSelection={
              group.kind === 'static'
                ? { selectedRowKeys: selection, onChange: (keys) => setSelection(keys.map(Number)) }
                : undefined
            }
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('groups.noDevices')} /> }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: devices?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => (
                <span data-testid="group-devices-total">{t('common.total', { count: total })}</span>
              ),
              onChange: setPage,
            }}
            onRow={(d) => ({ 'data-testid': `group-device-${d.id}` }) as HTMLAttributes<HTMLElement>}
          />
        </div>
      </Flex>
    </Card>
  );
}
