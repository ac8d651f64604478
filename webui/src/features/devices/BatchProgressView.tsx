import { Alert, Flex, Progress, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { useFormatters } from '../../i18n/format';
import { devicePagePath } from '../deviceDetails/DeviceDetailsPage';
import type { BatchProgress } from './batchRun';

/** A batch's progress bar; at the end, how many succeeded and each device that failed, with why. */
export function BatchProgressView({ progress }: { progress: BatchProgress }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { phase, done, total, succeeded, failures } = progress;
  const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
  const counts = { done: fmt.number(done), total: fmt.number(total) };
  return (
    <Flex vertical gap={12} data-testid="batch-progress" data-phase={phase} data-done={done} data-total={total}>
      <Typography.Text>
        {phase === 'collecting' ? t('devices.batch.collecting', counts) : t('devices.batch.progress', counts)}
      </Typography.Text>
      <Progress
        percent={percent}
        status={phase === 'done' || phase === 'stopped' ? (failures.length > 0 ? 'exception' : 'success') : 'active'}
      />
      {(phase === 'done' || phase === 'stopped') && (
        <Alert
          type={failures.length > 0 ? 'warning' : 'success'}
          showIcon
          message={
            <span data-testid="batch-summary" data-succeeded={succeeded} data-failed={failures.length}>
              {t(phase === 'stopped' ? 'devices.batch.stopped' : 'devices.batch.summary', {
                succeeded: fmt.number(succeeded),
                failed: fmt.number(failures.length),
              })}
            </span>
          }
        />
      )}
      {failures.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          dataSource={failures}
          pagination={failures.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          data-testid="batch-failures"
          columns={[
            {
              key: 'id',
              title: t('devices.batch.device'),
              render: (_, f) => <Link to={devicePagePath(f.id)}>#{f.id}</Link>,
            },
            { key: 'message', dataIndex: 'message', title: t('devices.batch.reason') },
          ]}
        />
      )}
    </Flex>
  );
}
