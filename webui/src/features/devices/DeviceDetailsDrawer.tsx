import { Alert, App, Button, Descriptions, Divider, Drawer, Form, Input, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getDevice, isApiError, updateDevice, type Device, type DeviceEdit } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import { deviceLabel } from './DeviceActions';
import { DeviceStateTag } from './DeviceStateTag';

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
  const fmt = useFormatters();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditForm>();
  const [device, setDevice] = useState<Device | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setDevice(null);
    setError(null);
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
      const updated = await updateDevice(device.id, edit);
      setDevice(updated);
      void message.success(t('devices.details.saved', { name: deviceLabel(updated) }));
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

  const none = t('common.none');
  const text = (value: string) => value || none;
  const communication = device?.communication;

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
          <Typography.Title level={5}>{t('devices.details.identity')}</Typography.Title>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('devices.columns.state')}>
              <DeviceStateTag state={device.state} testId="device-details-state" />
            </Descriptions.Item>
            <Descriptions.Item label={t('devices.columns.vendor')}>{text(device.vendor)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.columns.model')}>{text(device.model)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.columns.serial')}>{text(device.serial)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.columns.mac')}>{text(device.mac)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.columns.firmware')}>{text(device.firmware)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.columns.ipAddress')}>{text(device.ipAddress)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.columns.hostname')}>{text(device.hostname)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.columns.agent')}>{agentName(device.agentId)}</Descriptions.Item>
            <Descriptions.Item label={t('devices.columns.firstSeen')}>
              {fmt.dateTime(device.firstSeen)}
            </Descriptions.Item>
            <Descriptions.Item label={t('devices.columns.lastSeen')}>{fmt.dateTime(device.lastSeen)}</Descriptions.Item>
            {device.deviceType && (
              <Descriptions.Item label={t('devices.details.deviceType')}>{device.deviceType}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('devices.details.registeredBy')}>
              {t(`devices.registeredBy.${device.registeredBy}`)}
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('devices.details.communication')}
          </Typography.Title>
          <div data-testid="device-communication">
            {!communication || (!communication.version && !communication.lastError) ? (
              <Typography.Text type="secondary">{t('devices.details.noCommunication')}</Typography.Text>
            ) : (
              <Descriptions column={1} bordered size="small">
                <Descriptions.Item label={t('devices.details.protocol')}>
                  {`${communication.protocol.toUpperCase()} ${communication.version ?? ''}`.trim()}
                </Descriptions.Item>
                <Descriptions.Item label={t('devices.details.status')}>
                  {communication.lastError ? (
                    <>
                      <Tag color="red">{communication.lastError.kind}</Tag>
                      {communication.lastError.message}{' '}
                      <Typography.Text type="secondary">({fmt.dateTime(communication.lastError.at)})</Typography.Text>
                    </>
                  ) : (
                    <Tag color="green">{t('devices.details.communicationOk')}</Tag>
                  )}
                </Descriptions.Item>
              </Descriptions>
            )}
          </div>

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
        </>
      )}
    </Drawer>
  );
}
