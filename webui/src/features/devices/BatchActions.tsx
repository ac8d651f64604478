import { DownOutlined, EditOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Dropdown, Form, Input, Modal, Radio, Space, type ButtonProps } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { MAX_BATCH_DEVICES, type DeviceBatch, type DeviceBatchAction, type DeviceQuery } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import { BatchProgressView } from './BatchProgressView';
import { collectMatchingIds, runInChunks, type BatchProgress } from './batchRun';

type Scope = 'selected' | 'matching';
const EDIT_FIELDS = ['location', 'contact', 'linkUrl'] as const;
type EditField = (typeof EDIT_FIELDS)[number];
const ACTIONS: { action: DeviceBatchAction; icon: React.ReactNode }[] = [
  { action: 'edit', icon: <EditOutlined /> },
  { action: 'refresh', icon: <SyncOutlined /> },
  { action: 'remove', icon: <StopOutlined /> },
];

/**
 * The device list's batch actions (edit information, refresh now, remove from management) on
 * the selected rows or on every device the filters match, at most MAX_BATCH_DEVICES; the work
 * is sent in chunks with a progress bar and ends with the list of devices that failed.
 */
export function BatchActions({
  selectedIds,
  view,
  viewTotal,
  onDone,
}: {
  selectedIds: readonly number[];
  view: DeviceQuery;
  viewTotal: number;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [action, setAction] = useState<DeviceBatchAction | null>(null);
  const [scope, setScope] = useState<Scope>('selected');
  const [edit, setEdit] = useState<Partial<Record<EditField, string>>>({});
  const [progress, setProgress] = useState<BatchProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stop = useRef(false);
  const cap = fmt.number(MAX_BATCH_DEVICES);

  const open = (next: DeviceBatchAction) => {
    setAction(next);
    setScope(selectedIds.length > 0 ? 'selected' : 'matching');
    setEdit({});
    setProgress(null);
    setError(null);
  };
  const close = () => {
    if (progress && progress.phase !== 'done' && progress.phase !== 'stopped') return;
    if (progress) onDone();
    setAction(null);
  };

  const start = async () => {
    if (!action) return;
    stop.current = false;
    setError(null);
    const batch: Omit<DeviceBatch, 'deviceIds'> = action === 'edit' ? { action, edit } : { action };
    try {
      let ids = [...selectedIds];
      if (scope === 'matching') {
        setProgress({
          phase: 'collecting',
          done: 0,
          total: Math.min(viewTotal, MAX_BATCH_DEVICES),
          succeeded: 0,
          failures: [],
        });
        ids = (
          await collectMatchingIds(view, MAX_BATCH_DEVICES, (read, total) =>
            setProgress((p) => p && { ...p, done: read, total }),
          )
        ).ids;
      }
      await runInChunks(batch, ids, setProgress, () => stop.current);
    } catch (e) {
      setError(errorMessage(e, t));
      setProgress(null);
    }
  };

  const tooMany = selectedIds.length > MAX_BATCH_DEVICES;
  const editEmpty = action === 'edit' && Object.keys(edit).length === 0;
  const running = progress !== null && (progress.phase === 'collecting' || progress.phase === 'running');
  const ended = progress !== null && !running;

  return (
    <>
      <Dropdown
        menu={{
          items: ACTIONS.map(({ action: a, icon }) => ({
            key: a,
            icon,
            danger: a === 'remove',
            label: <span data-testid={`batch-${a}`}>{t(`devices.batch.${a}.menu`)}</span>,
          })),
          onClick: ({ key }) => open(key as DeviceBatchAction),
        }}
      >
        <Button data-testid="batch-actions">
          <Space>
            {selectedIds.length > 0
              ? t('devices.batch.buttonSelected', { count: selectedIds.length })
              : t('devices.batch.button')}
            <DownOutlined />
          </Space>
        </Button>
      </Dropdown>
      <Modal
        open={action !== null}
        title={action && t(`devices.batch.${action}.title`)}
        maskClosable={false}
        closable={!running}
        onCancel={close}
        footer={
          ended ? (
            <Button type="primary" onClick={close} data-testid="batch-close">
              {t('common.close')}
            </Button>
          ) : running ? (
            <Button
              onClick={() => (stop.current = true)}
              disabled={progress.phase === 'collecting'}
              data-testid="batch-stop"
            >
              {t('devices.batch.stop')}
            </Button>
          ) : (
            <Space>
              <Button onClick={close}>{t('common.cancel')}</Button>
              <Button
                type="primary"
                danger={action === 'remove'}
                disabled={editEmpty || (scope === 'selected' && (tooMany || selectedIds.length === 0))}
                onClick={() => void start()}
                {...({ 'data-testid': 'batch-ok' } as ButtonProps)}
              >
                {action && t(`devices.batch.${action}.ok`)}
              </Button>
            </Space>
          )
        }
        destroyOnHidden
      >
        {progress ? (
          <BatchProgressView progress={progress} />
        ) : (
          <Form layout="vertical">
            <Form.Item label={t('devices.batch.devices')}>
              <Radio.Group value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
                <Space direction="vertical">
                  <Radio value="selected" disabled={selectedIds.length === 0} data-testid="batch-scope-selected">
                    {t('devices.batch.selected', { count: selectedIds.length })}
                  </Radio>
                  <Radio value="matching" disabled={viewTotal === 0} data-testid="batch-scope-matching">
                    {t('devices.batch.matching', { count: viewTotal })}
                  </Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
            {scope === 'selected' && tooMany && (
              <Alert
                type="error"
                showIcon
                message={t('devices.batch.tooManySelected', { cap, count: selectedIds.length })}
              />
            )}
            {scope === 'matching' && viewTotal > MAX_BATCH_DEVICES && (
              <Alert
                type="warning"
                showIcon
                message={t('devices.batch.capped', { cap, count: fmt.number(viewTotal) })}
                data-testid="batch-capped"
              />
            )}
            {action === 'edit' && (
              <>
                {EDIT_FIELDS.map((field) => (
                  <Form.Item key={field} style={{ marginTop: 12, marginBottom: 8 }}>
                    <Checkbox
                      checked={field in edit}
                      onChange={(e) =>
                        setEdit(({ [field]: _, ...rest }) => (e.target.checked ? { ...rest, [field]: '' } : rest))
                      }
                      data-testid={`batch-set-${field}`}
                    >
                      {t(`devices.batch.set.${field}`)}
                    </Checkbox>
                    <Input
                      disabled={!(field in edit)}
                      value={edit[field] ?? ''}
                      maxLength={field === 'linkUrl' ? 2048 : 255}
                      onChange={(e) => setEdit((s) => ({ ...s, [field]: e.target.value }))}
                      data-testid={`batch-${field}`}
                      style={{ marginTop: 4 }}
                    />
                  </Form.Item>
                ))}
                <Alert type="info" showIcon message={t('devices.batch.edit.registryOnly')} />
              </>
            )}
            {action === 'remove' && <Alert type="warning" showIcon message={t('devices.batch.remove.help')} />}
            {action === 'refresh' && <Alert type="info" showIcon message={t('devices.batch.refresh.help')} />}
          </Form>
        )}
        {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="batch-error" />}
      </Modal>
    </>
  );
}
