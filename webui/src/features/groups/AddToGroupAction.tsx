import { FolderAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Modal, Radio, TreeSelect, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { addGroupMembers, listGroupTree, type DeviceGroupNode, type DeviceQuery } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';

type Scope = 'selected' | 'view';

interface TreeOption {
  value: number;
  title: string;
  disabled: boolean;
  children: TreeOption[];
}

// Static groups take members; dynamic ones are shown (for the hierarchy) but cannot be chosen.
const toOptions = (nodes: DeviceGroupNode[]): TreeOption[] =>
  nodes.map((n) => ({ value: n.id, title: n.name, disabled: n.kind !== 'static', children: toOptions(n.children) }));

/**
 * The device list's batch action "Add to group": the selected rows, or every device of the
 * current view (its filters, all pages), into a static group, all or none.
 */
export function AddToGroupAction({
  selectedIds,
  view,
  viewTotal,
  onAdded,
}: {
  selectedIds: readonly number[];
  view: DeviceQuery;
  viewTotal: number;
  onAdded?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [tree, setTree] = useState<DeviceGroupNode[]>([]);
  const [groupId, setGroupId] = useState<number | undefined>(undefined);
  const [scope, setScope] = useState<Scope>('selected');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const openModal = async () => {
    setError(null);
    setGroupId(undefined);
    setScope(selectedIds.length > 0 ? 'selected' : 'view');
    setOpen(true);
    try {
      setTree(await listGroupTree());
    } catch (e) {
      setError(errorMessage(e, t));
    }
  };

  const add = async () => {
    if (groupId === undefined) return;
    setSaving(true);
    setError(null);
    try {
      const result = await addGroupMembers(
        groupId,
        scope === 'selected'
          ? { deviceIds: selectedIds }
          : { filter: { ...view.filters, ...(view.groups?.length ? { group: view.groups } : {}) } },
      );
      void message.success(t('groups.addTo.added', { count: result.added ?? 0 }));
      setOpen(false);
      onAdded?.();
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button icon={<FolderAddOutlined />} onClick={() => void openModal()} data-testid="add-to-group">
        {selectedIds.length > 0
          ? t('groups.addTo.buttonSelected', { count: selectedIds.length })
          : t('groups.addTo.button')}
      </Button>
      <Modal
        open={open}
        title={t('groups.addTo.title')}
        okText={t('groups.addTo.ok')}
        okButtonProps={
          { disabled: groupId === undefined, loading: saving, 'data-testid': 'add-to-group-ok' } as ButtonProps
        }
        cancelText={t('common.cancel')}
        onOk={() => void add()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('groups.addTo.devices')}>
            <Radio.Group value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
              <Radio value="selected" disabled={selectedIds.length === 0} data-testid="add-to-group-selected">
                {t('groups.addTo.selected', { count: selectedIds.length })}
              </Radio>
              <Radio value="view" data-testid="add-to-group-view">
                {t('groups.addTo.view', { count: viewTotal })}
              </Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('groups.addTo.group')} extra={t('groups.addTo.staticOnly')}>
            <TreeSelect<number>
              value={groupId}
              onChange={setGroupId}
              treeData={toOptions(tree)}
              treeDefaultExpandAll
              showSearch
              treeNodeFilterProp="title"
              placeholder={t('groups.addTo.choose')}
              notFoundContent={t('groups.addTo.noGroups')}
              data-testid="add-to-group-select"
            />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon message={error} data-testid="add-to-group-error" />}
      </Modal>
    </>
  );
}
