import { Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Device } from '../../api';
import { useFormatters } from '../../i18n/format';
import { DeviceStateTag } from './DeviceStateTag';

/** A device's identity and how it was last reached (the details drawer and the details page). */
export function DeviceIdentity({
  device,
  agentName,
  showTitle = true,
}: {
  device: Device;
  agentName: (id: number | null) => string;
  /** False inside a card that has the title already. */
  showTitle?: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const none = t('common.none');
  const text = (value: string) => value || none;
  const communication = device.communication;

  return (
    <>
      {showTitle && <Typography.Title level={5}>{t('devices.details.identity')}</Typography.Title>}
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
        <Descriptions.Item label={t('devices.columns.firstSeen')}>{fmt.dateTime(device.firstSeen)}</Descriptions.Item>
        <Descriptions.Item label={t('devices.columns.lastSeen')}>{fmt.dateTime(device.lastSeen)}</Descriptions.Item>
        {device.deviceType !== '' && (
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
    </>
  );
}
