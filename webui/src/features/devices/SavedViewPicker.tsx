import { DeleteOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select, Space, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  createDeviceView,
  deleteDeviceView,
  listDeviceViews,
  updateDeviceView,
  type DeviceViewSettings,
  type SavedDeviceView,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { ConfirmIconButton } from '../common/ConfirmIconButton';
import { usePolling } from '../common/usePolling';

type NameDialog = { mode: 'create' } | { mode: 'rename'; view: SavedDeviceView };

/**
 * The signed-in user's saved views of the list: pick one (the list shows its filters, sort and
 * columns), save the current list as a new view or into the picked one, rename, delete.
 */
export function SavedViewPicker({
  current,
  onPick,
}: {
  /** The list's settings now, for saving. */
  current: DeviceViewSettings;
  onPick: (view: SavedDeviceView) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: views, refresh } = usePolling(listDeviceViews, () => null);
  const [pickedId, setPickedId] = useState<number | undefined>(undefined);
  const [dialog, setDialog] = useState<NameDialog | null>(null);
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const picked = views?.find((v) => v.id === pickedId);

  const run = async (action: () => Promise<unknown>, done: string) => {
    setSaving(true);
    try {
      await action();
      void message.success(done);
      refresh();
      return true;
    } catch (e) {
      void message.error(errorMessage(e, t));
      return false;
    } finally {
      setSaving(false);
    }
  };

  const openDialog = (next: NameDialog) => {
    setName(next.mode === 'rename' ? next.view.name : '');
    setDialog(next);
  };

  const submitName = async () => {
    const trimmed = name.trim();
    if (!dialog || trimmed === '') return;
    const ok =
      dialog.mode === 'create'
        ? await run(
            async () => setPickedId((await createDeviceView(trimmed, current)).id),
            t('devices.savedViews.created', { name: trimmed }),
          )
        : await run(
            () => updateDeviceView(dialog.view.id, { name: trimmed }),
            t('devices.savedViews.renamed', { name: trimmed }),
          );
    if (ok) setDialog(null);
  };

  return (
    <Space wrap data-testid="saved-views">
      <Select<number>
        style={{ minWidth: 200 }}
        placeholder={t('devices.savedViews.placeholder')}
        value={pickedId}
        allowClear
        onClear={() => setPickedId(undefined)}
        onChange={(id) => {
          const view = views?.find((v) => v.id === id);
          setPickedId(id);
          if (view) onPick(view);
        }}
        options={(views ?? []).map((v) => ({ value: v.id, label: v.name }))}
        notFoundContent={t('devices.savedViews.none')}
        data-testid="saved-view-select"
      />
      <Button icon={<SaveOutlined />} onClick={() => openDialog({ mode: 'create' })} data-testid="saved-view-create">
        {t('devices.savedViews.saveAs')}
      </Button>
      {picked && (
        <>
          <Button
            loading={saving}
            onClick={() =>
              void run(
                () => updateDeviceView(picked.id, { settings: current }),
                t('devices.savedViews.updated', { name: picked.name }),
              )
            }
            data-testid="saved-view-update"
          >
            {t('devices.savedViews.update')}
          </Button>
          <Button
            type="text"
            icon={<EditOutlined />}
            aria-label={t('devices.savedViews.rename')}
            title={t('devices.savedViews.rename')}
            onClick={() => openDialog({ mode: 'rename', view: picked })}
            data-testid="saved-view-rename"
          />
          <ConfirmIconButton
            label={t('devices.savedViews.delete')}
            description={t('devices.savedViews.deleteConfirm', { name: picked.name })}
            icon={<DeleteOutlined />}
            danger
            loading={saving}
            testId="saved-view-delete"
            confirmTestId="saved-view-delete-confirm"
            onConfirm={() =>
              void run(
                async () => {
                  await deleteDeviceView(picked.id);
                  setPickedId(undefined);
                },
                t('devices.savedViews.deleted', { name: picked.name }),
              )
            }
          />
        </>
      )}
      <Modal
        open={dialog !== null}
        title={dialog?.mode === 'rename' ? t('devices.savedViews.rename') : t('devices.savedViews.saveAs')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={
          { disabled: name.trim() === '', loading: saving, 'data-testid': 'saved-view-name-ok' } as ButtonProps
        }
        onOk={() => void submitName()}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form layout="vertical" onFinish={() => void submitName()}>
          <Form.Item label={t('devices.savedViews.name')}>
            <Input
              autoFocus
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="saved-view-name"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
