import { StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Popconfirm, Skeleton, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { cancelDiscovery } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import { isRunning, useDiscoveryRun } from './runs';
import { RunStateTag } from './RunStateTag';
import { RunSummary } from './RunSummary';

/** One run: state, per-Agent progress (polled every second while it runs), failures, cancel. */
export function DiscoveryRunDrawer({
  runId,
  onClose,
  onChanged,
}: {
  runId: number | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { message } = App.useApp();
  const { data: run, error, refresh } = useDiscoveryRun(runId);
  const [cancelling, setCancelling] = useState(false);

  const cancel = async () => {
    if (runId === null) return;
    setCancelling(true);
    try {
      await cancelDiscovery(runId);
      refresh();
      onChanged();
    } catch (e) {
      void message.error(errorMessage(e, t));
    } finally {
      setCancelling(false);
    }
  };

  return (
    <Drawer
      open={runId !== null}
      onClose={onClose}
      width={720}
      title={runId !== null ? t('discovery.details.title', { id: runId }) : undefined}
      data-testid="run-details"
      extra={
        run &&
        isRunning(run) && (
          <Popconfirm
            title={t('discovery.cancel.title')}
            description={t('discovery.cancel.confirm')}
            okText={t('discovery.cancel.button')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'run-cancel-confirm' } as ButtonProps}
            onConfirm={cancel}
          >
            <Button danger icon={<StopOutlined />} loading={cancelling} data-testid="run-cancel">
              {t('discovery.cancel.button')}
            </Button>
          </Popconfirm>
        )
      }
    >
      {error !== null && <Alert type="error" showIcon message={errorMessage(error, t)} style={{ marginBottom: 16 }} />}
      {!run && error === null && <Skeleton active />}
      {run && (
        <>
          <Descriptions column={2} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('discovery.details.state')}>
              <RunStateTag state={run.state} testId="run-details-state" />
            </Descriptions.Item>
            <Descriptions.Item label={t('discovery.columns.kind')}>{t(`discovery.kind.${run.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('discovery.columns.createdBy')}>{run.createdBy}</Descriptions.Item>
            <Descriptions.Item label={t('discovery.columns.createdAt')}>
              {fmt.dateTime(run.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('discovery.columns.finishedAt')} span={2}>
              {run.finishedAt ? fmt.dateTime(run.finishedAt) : t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('discovery.summary.managed')}>
              {fmt.number(run.summary.managed)}
            </Descriptions.Item>
            <Descriptions.Item label={t('discovery.summary.unmanaged')}>
              {fmt.number(run.summary.unmanaged)}
            </Descriptions.Item>
            <Descriptions.Item label={t('discovery.summary.notPrinters')}>
              {fmt.number(run.summary.notPrinters)}
            </Descriptions.Item>
            {run.target && <Descriptions.Item label={t('discovery.details.target')}>{run.target}</Descriptions.Item>}
          </Descriptions>
          <RunSummary run={run} />
        </>
      )}
    </Drawer>
  );
}
