import { ArrowLeftOutlined, EditOutlined, ExportOutlined, LinkOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Row, Skeleton, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';

import { listAgents, refreshDevice, type Device } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { usePolling } from '../common/usePolling';
import { deviceLabel } from '../devices/DeviceActions';
import { DeviceDetailsDrawer } from '../devices/DeviceDetailsDrawer';
import { DeviceIdentity } from '../devices/DeviceIdentity';
import { NotFoundPage } from '../placeholder/NotFoundPage';
import { CountersCard } from './CountersCard';
import { HistoryCard } from './HistoryCard';
import { StatusCard } from './StatusCard';
import { StatusTags } from './StatusTags';
import { SuppliesCard } from './SuppliesCard';
import { useDeviceMonitoring } from './useDeviceMonitoring';

export const DEVICE_LIST_PATH = '/devices/list';
export const devicePagePath = (id: number) => `${DEVICE_LIST_PATH}/${id}`;

/** The printer's own web page: http://<address>/ (the link URL is a separate link). */
export function webPageUrl(device: Device): string | null {
  const address = device.ipAddress || device.hostname;
  return address ? `http://${address}/` : null;
}

/** Devices > Device List > a device: identity, status, supplies, counters and history. */
export function DeviceDetailsPage() {
  const { id } = useParams();
  const deviceId = Number(id);
  if (!Number.isSafeInteger(deviceId) || deviceId < 1) return <NotFoundPage />;
  return <DeviceDetails key={deviceId} deviceId={deviceId} />;
}

function DeviceDetails({ deviceId }: { deviceId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const monitoring = useDeviceMonitoring(deviceId);
  const { data, error, awaiting, arrived, timedOut, awaitReading, stopAwaiting, refresh } = monitoring;
  const [sending, setSending] = useState(false);
  const [editing, setEditing] = useState(false);
  const { data: agents } = usePolling(listAgents, () => 60_000);

  useEffect(() => {
    if (!arrived) return;
    stopAwaiting();
    void message.success(t('monitoring.refresh.arrived'));
  }, [arrived, stopAwaiting, message, t]);

  const agentName = useCallback(
    (agentId: number | null) =>
      agentId === null ? t('common.none') : (agents?.find((a) => a.id === agentId)?.name ?? `#${agentId}`),
    [agents, t],
  );

  const refreshNow = async () => {
    setSending(true);
    try {
      const started = await refreshDevice(deviceId);
      const skipped = started.skipped.find((s) => s.deviceId === deviceId);
      if (skipped) {
        void message.warning(t('monitoring.refresh.skipped', { reason: skipped.reason }));
      } else {
        void message.info(t('monitoring.refresh.sent'));
        awaitReading();
      }
    } catch (e) {
      void message.error(errorMessage(e, t));
    } finally {
      setSending(false);
    }
  };

  if (!data) {
    return (
      <Flex vertical gap={16} data-testid="device-page">
        <BackLink />
        {error !== null ? (
          <Alert type="error" showIcon message={t('monitoring.loadFailed')} description={errorMessage(error, t)} />
        ) : (
          <Skeleton active />
        )}
      </Flex>
    );
  }

  const { device, status, supplies, counters, history } = data;
  const webPage = webPageUrl(device);
  const subtitle = [device.vendor, device.model, device.ipAddress || device.hostname].filter(Boolean).join(' · ');

  return (
    <Flex vertical gap={16} data-testid="device-page" data-device-id={device.id}>
      <BackLink />
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Flex align="center" gap={12} wrap>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="device-page-title">
              {deviceLabel(device)}
            </Typography.Title>
            {status.polled && (
              <StatusTags severity={status.severity} power={status.power} testId="device-page-status" />
            )}
          </Flex>
          <Typography.Text type="secondary">{subtitle}</Typography.Text>
        </div>
        <Flex gap={8} wrap>
          {device.linkUrl && (
            <Button
              icon={<LinkOutlined />}
              href={device.linkUrl}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="device-link-url"
            >
              {t('monitoring.linkUrl')}
            </Button>
          )}
          {webPage && (
            <Button
              icon={<ExportOutlined />}
              href={webPage}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="device-web-page"
            >
              {t('monitoring.webPage')}
            </Button>
          )}
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="device-edit">
            {t('monitoring.edit')}
          </Button>
          <Tooltip title={t('monitoring.refresh.hint')}>
            <Button
              type="primary"
              icon={<SyncOutlined spin={awaiting} />}
              loading={sending}
              onClick={() => void refreshNow()}
              data-testid="device-refresh"
              data-awaiting={awaiting}
            >
              {awaiting ? t('monitoring.refresh.waiting') : t('monitoring.refresh.button')}
            </Button>
          </Tooltip>
        </Flex>
      </Flex>

      {error !== null && (
        <Alert type="warning" showIcon message={t('monitoring.loadFailed')} description={errorMessage(error, t)} />
      )}
      {timedOut && (
        <Alert
          type="info"
          showIcon
          closable
          message={t('monitoring.refresh.noAnswer')}
          data-testid="refresh-no-answer"
        />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card title={t('devices.details.identity')} style={{ height: '100%' }} data-testid="identity-card">
            <DeviceIdentity device={device} agentName={agentName} showTitle={false} />
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <StatusCard status={status} />
        </Col>
      </Row>
      <SuppliesCard supplies={supplies} />
      <CountersCard counters={counters} />
      <HistoryCard history={history} now={new Date()} />

      <DeviceDetailsDrawer
        deviceId={editing ? device.id : null}
        agentName={agentName}
        onClose={() => setEditing(false)}
        onChanged={refresh}
      />
    </Flex>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link to={DEVICE_LIST_PATH} data-testid="device-page-back">
      <ArrowLeftOutlined /> {t('monitoring.back')}
    </Link>
  );
}
