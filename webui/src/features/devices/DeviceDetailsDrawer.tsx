import { Alert, App, Button, Divider, Drawer, Form, Input, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getDevice, isApiError, updateDevice, type Device, type DeviceEdit, type IdentityWrite } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { deviceLabel } from './DeviceActions';
import { DeviceIdentity } from './DeviceIdentity';
import { isRefused, WriteBackAlert } from './WriteBackAlert';

const EDITABLE = ['name', 'location', 'contact', 'linkUrl'] as const;
type EditForm = Required<DeviceEdit>;

/** Only the fields that changed, so that a PATCH never overwrites a concurrent edit of another. */
export function changedFields(device: Device, values: EditForm): DeviceEdit {
  const edit: DeviceEdit = {};
  for (const key of EDITABLE) {
    const value = (values[key] ?? '').trim();
    if (value !== device[key]) edit[key] = value;
  }
  return edit;
}

/** A device's identity, communication status and editable fields. */
export function DeviceDetailsDrawer({
  deviceId,
  agentName,
  onClose,
  onChanged,
}: {
  deviceId: number | null;
  agentName: (id: number | null) => string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditForm>();
  const [device, setDevice] = useState<Device | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [writeBack, setWriteBack] = useState<IdentityWrite[]>([]);

  useEffect(() => {
    setDevice(null);
    setError(null);
    setWriteBack([]);
    if (deviceId === null) return;
    let current = true;
    getDevice(deviceId)
      .then((d) => {
        if (!current) return;
        setDevice(d);
        form.setFieldsValue({ name: d.name, location: d.location, contact: d.contact, linkUrl: d.linkUrl });
      })
      .catch((e: unknown) => {
        if (current) setError(e);
      });
    return () => {
      current = false;
    };
  }, [deviceId, form]);

  const save = async (values: EditForm) => {
    if (!device) return;
    const edit = changedFields(device, values);
    if (Object.keys(edit).length === 0) return;
    setSaving(true);
    try {
      const { writeBack: writes, ...updated } = await updateDevice(device.id, edit);
      setDevice(updated);
      setWriteBack(writes);
      // A field the printer refused keeps its old value: the form shows what is stored.
      form.setFieldsValue({ name: updated.name, location: updated.location, contact: updated.contact });
      if (writes.some(isRefused)) {
        void message.warning(t('devices.writeBack.partlySaved', { name: deviceLabel(updated) }));
      } else {
        void message.success(t('devices.details.saved', { name: deviceLabel(updated) }));
      }
      onChanged();
    } catch (e) {
      if (isApiError(e) && e.status === 400) {
        const field = EDITABLE.find((k) => e.message.includes(k));
        if (field) {
          form.setFields([{ name: field, errors: [errorMessage(e, t)] }]);
          return;
        }
      }
      void message.error(errorMessage(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={deviceId !== null}
      onClose={onClose}
      width={620}
      title={device ? t('devices.details.title', { name: deviceLabel(device) }) : t('devices.details.loading')}
      data-testid="device-details"
      destroyOnHidden
    >
      {error !== null && <Alert type="error" showIcon message={errorMessage(error, t)} />}
      {!device && error === null && <Skeleton active />}
      {device && (
        <>
          <DeviceIdentity device={device} agentName={agentName} />

          <Divider />
          <Form<EditForm>
            form={form}
            layout="vertical"
            onFinish={save}
            disabled={saving}
            data-testid="device-edit-form"
          >
            <Form.Item name="name" label={t('devices.columns.name')}>
              <Input maxLength={255} data-testid="device-edit-name" />
            </Form.Item>
            <Form.Item name="location" label={t('devices.columns.location')}>
              <Input maxLength={255} data-testid="device-edit-location" />
            </Form.Item>
            <Form.Item name="contact" label={t('devices.columns.contact')}>
              <Input maxLength={255} data-testid="device-edit-contact" />
            </Form.Item>
            <Form.Item
              name="linkUrl"
              label={t('devices.details.linkUrl')}
              rules={[{ type: 'url', message: t('devices.details.linkUrlInvalid') }]}
            >
              <Input placeholder="https://" data-testid="device-edit-link" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="device-edit-save">
              {t('common.save')}
            </Button>
          </Form>
          {writeBack.length > 0 && (
            <>
              <Divider />
              <WriteBackAlert writes={writeBack} />
            </>
          )}
        </>
      )}
    </Drawer>
  );
}
