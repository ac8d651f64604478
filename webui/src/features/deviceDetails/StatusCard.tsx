import { Alert, Card, Descriptions, Empty, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

import { TRAINING_LEVELS, type DeviceAlert, type DeviceStatus, type PowerState, type Severity } from '../../api';
import { useFormatters } from '../../i18n/format';
import { alertsWorstFirst } from './statusView';
import { PowerTag, SeverityTag } from './StatusTags';

/** Training levels of prtAlertTrainingLevel with a text in the catalogues. */
const KNOWN_TRAINING_LEVELS = new Set<string>(TRAINING_LEVELS);

/** A condition name the catalogues know, else shown as the Agent named it. */
export function useConditionLabel() {
  const { t, i18n } = useTranslation();
  return (condition: string) =>
    i18n.exists(`monitoring.conditions.${condition}`) ? t(`monitoring.conditions.${condition}`) : condition;
}

/** Current status: severity, power state, detected conditions and the printer's alert table. */
export function StatusCard({ status }: { status: DeviceStatus }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const conditionLabel = useConditionLabel();
  const none = t('common.none');

  const columns: TableColumnsType<DeviceAlert> = [
    {
      key: 'severity',
      title: t('monitoring.alerts.severity'),
      render: (_, a) => <SeverityTag severity={a.severity} />,
    },
    {
      key: 'training',
      title: t('monitoring.alerts.training'),
      render: (_, a) =>
        KNOWN_TRAINING_LEVELS.has(a.trainingLevelName)
          ? t(`monitoring.training.${a.trainingLevelName}`)
          : a.trainingLevelName,
    },
    { key: 'group', title: t('monitoring.alerts.group'), render: (_, a) => `${a.groupName} (${a.group})` },
    {
      key: 'location',
      title: t('monitoring.alerts.location'),
      // -1: the printer does not say where.
      render: (_, a) => (a.location >= 0 ? fmt.number(a.location) : none),
    },
    {
      key: 'code',
      title: t('monitoring.alerts.code'),
      render: (_, a) => (
        <>
          {a.codeName} ({a.code})
          {a.condition && (
            <>
              <br />
              <Typography.Text type="secondary">{conditionLabel(a.condition)}</Typography.Text>
            </>
          )}
        </>
      ),
    },
    { key: 'description', title: t('monitoring.alerts.description'), render: (_, a) => a.description || none },
  ];

  return (
    <Card title={t('monitoring.status.title')} data-testid="status-card" style={{ height: '100%' }}>
      {!status.polled ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.notPolled')} />
      ) : (
        <Flex vertical gap={16}>
          {status.error && (
            <Alert
              type="warning"
              showIcon
              // kind "conflict": the reading came from another device (MAC) at the device's address.
              message={
                status.error.kind === 'conflict' ? t('monitoring.status.conflict') : t('monitoring.status.pollFailed')
              }
              description={
                status.error.kind === 'conflict'
                  ? status.error.message
                  : `${status.error.kind}: ${status.error.message}`
              }
              data-testid="status-poll-error"
            />
          )}
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('monitoring.status.severity')}>
              <SeverityTag severity={status.severity as Severity} testId="status-severity" />
            </Descriptions.Item>
            <Descriptions.Item label={t('monitoring.status.power')}>
              <PowerTag power={status.power as PowerState} testId="status-power" />
            </Descriptions.Item>
            <Descriptions.Item label={t('monitoring.status.conditions')}>
              <span data-testid="status-conditions">
                {status.conditions.length === 0
                  ? none
                  : status.conditions.map((c) => (
                      <Tag key={c} data-condition={c}>
                        {conditionLabel(c)}
                      </Tag>
                    ))}
              </span>
            </Descriptions.Item>
            {status.since && (
              <Descriptions.Item label={t('monitoring.status.since')}>{fmt.dateTime(status.since)}</Descriptions.Item>
            )}
            {status.readAt && (
              <Descriptions.Item label={t('monitoring.status.readAt')}>
                <span data-testid="status-read-at">{fmt.dateTime(status.readAt)}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t('monitoring.alerts.title')}</Typography.Title>
            <Table<DeviceAlert>
              rowKey="index"
              size="small"
              columns={columns}
              dataSource={alertsWorstFirst(status.alerts)}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('monitoring.alerts.none') }}
              data-testid="alerts-table"
            />
          </div>
        </Flex>
      )}
    </Card>
  );
}
