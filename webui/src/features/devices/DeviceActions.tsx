import { DeleteOutlined, EditOutlined, InfoCircleOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

import { deleteDevice, removeDevice, restoreDevice, type Device } from '../../api';
import { ConfirmIconButton } from '../common/ConfirmIconButton';
import { useBusyAction } from '../common/useRowAction';

/** A device's label in messages: its name, else its address, else its id. */
export const deviceLabel = (d: Device) => d.name || d.ipAddress || d.hostname || `#${d.id}`;

/** Row actions: details, edit; remove (in use) or restore and delete permanently (removed). */
export function DeviceActions({
  device,
  onDetails,
  onEdit,
  onChanged,
}: {
  device: Device;
  onDetails: (device: Device) => void;
  onEdit: (device: Device) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { busy: running, run } = useBusyAction<'remove' | 'restore' | 'delete'>(onChanged);
  const busy = running !== null;
  const name = deviceLabel(device);

  return (
    <Space size={4}>
      <Button
        type="link"
        size="small"
        icon={<InfoCircleOutlined />}
        onClick={() => onDetails(device)}
        data-testid={`device-details-${device.id}`}
      >
        {t('devices.actions.details')}
      </Button>
      <Tooltip title={t('devices.actions.edit')}>
        <Button
          type="text"
          size="small"
          icon={<EditOutlined />}
          aria-label={t('devices.actions.edit')}
          onClick={() => onEdit(device)}
          data-testid={`device-edit-${device.id}`}
        />
      </Tooltip>
      {device.state !== 'removed' ? (
        <ConfirmIconButton
          label={t('devices.actions.remove')}
          description={t('devices.remove.confirm', { name })}
          icon={<StopOutlined />}
          loading={busy}
          testId={`device-remove-${device.id}`}
          confirmTestId={`device-remove-confirm-${device.id}`}
          onConfirm={() => run('remove', () => removeDevice(device.id), t('devices.remove.done', { name }))}
        />
      ) : (
        <>
          <ConfirmIconButton
            label={t('devices.actions.restore')}
            description={t('devices.restore.confirm', { name })}
            icon={<RollbackOutlined />}
            loading={busy}
            testId={`device-restore-${device.id}`}
            confirmTestId={`device-restore-confirm-${device.id}`}
            onConfirm={() => run('restore', () => restoreDevice(device.id), t('devices.restore.done', { name }))}
          />
          <ConfirmIconButton
            label={t('devices.actions.delete')}
            description={t('devices.delete.confirm', { name })}
            icon={<DeleteOutlined />}
            danger
            loading={busy}
            testId={`device-delete-${device.id}`}
            confirmTestId={`device-delete-confirm-${device.id}`}
            onConfirm={() => run('delete', () => deleteDevice(device.id), t('devices.delete.done', { name }))}
          />
        </>
      )}
    </Space>
  );
}
