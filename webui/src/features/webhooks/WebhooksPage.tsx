import { DeleteOutlined, EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Flex, Form, Input, Modal, Space, Switch, Table, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  updateWebhook,
  WEBHOOK_EVENTS,
  WEBHOOK_PAYLOAD_PARTS,
  type Webhook,
  type WebhookDelivery,
  type WebhookInput,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { formatDateTime } from '../../i18n/format';
import { ConfirmIconButton } from '../common/ConfirmIconButton';
import { EditDrawer } from '../common/EditDrawer';
import { PageHeader } from '../common/PageHeader';
import { YesNoTag } from '../common/tableParts';
import { useRowAction } from '../common/useRowAction';
import { useSubmit } from '../common/useSubmit';

interface HookForm extends WebhookInput {
  removeToken: boolean;
}

const NEW_HOOK: HookForm = {
  name: '',
  url: 'https://',
  active: true,
  events: ['device.status_changed'],
  payload: [],
  tokenHeader: 'X-Printwarden-Token',
  token: '',
  removeToken: false,
};

function HookDrawer({ hook, onClose, onSaved }: { hook: Webhook | 'new'; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<HookForm>();
  const { saving, error, submit } = useSubmit();
  const save = ({ removeToken, token, ...values }: HookForm) => {
    // An empty token field keeps the stored token; "remove" clears it.
    const input: WebhookInput = { ...values };
    if (removeToken) input.token = '';
    else if (token) input.token = token;
    return submit(async () => {
      if (hook === 'new') await createWebhook(input);
      else await updateWebhook(hook.id, input);
      onSaved();
    });
  };
  return (
    <EditDrawer
      width={560}
      title={hook === 'new' ? t('webhooks.create') : t('webhooks.edit')}
      saving={saving}
      error={error}
      testIdPrefix="hook"
      onSave={() => form.submit()}
      onClose={onClose}
    >
      <Form<HookForm>
        form={form}
        layout="vertical"
        initialValues={hook === 'new' ? NEW_HOOK : { ...hook, token: '', removeToken: false }}
        onFinish={save}
      >
        <Form.Item name="name" label={t('webhooks.name')} rules={[{ required: true }]}>
          <Input maxLength={100} data-testid="hook-name" />
        </Form.Item>
        <Form.Item name="url" label={t('webhooks.url')} rules={[{ required: true }]}>
          <Input data-testid="hook-url" />
        </Form.Item>
        <Form.Item name="active" label={t('webhooks.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="events" label={t('webhooks.events')}>
          <Checkbox.Group options={WEBHOOK_EVENTS.map((e) => ({ value: e, label: t(`webhooks.event.${e}`) }))} />
        </Form.Item>
        <Form.Item name="payload" label={t('webhooks.payload')} extra={t('webhooks.payloadHelp')}>
          <Checkbox.Group options={WEBHOOK_PAYLOAD_PARTS.map((p) => ({ value: p, label: t(`webhooks.part.${p}`) }))} />
        </Form.Item>
        <Form.Item name="tokenHeader" label={t('webhooks.tokenHeader')}>
          <Input />
        </Form.Item>
        <Form.Item
          name="token"
          label={t('webhooks.token')}
          extra={hook !== 'new' && hook.tokenSet ? t('webhooks.tokenKept') : undefined}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {hook !== 'new' && hook.tokenSet && (
          <Form.Item name="removeToken" valuePropName="checked">
            <Checkbox>{t('webhooks.removeToken')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </EditDrawer>
  );
}

function DeliveryLog({ hook, onClose }: { hook: Webhook; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<WebhookDelivery[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    listWebhookDeliveries(hook.id).then(setItems, (e) => setError(errorMessage(e, t)));
  }, [hook.id, t]);
  const when = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '');
  const columns: TableColumnsType<WebhookDelivery> = [
    { title: t('webhooks.created'), key: 'createdAt', render: (_, d) => when(d.createdAt) },
    { title: t('webhooks.events'), dataIndex: 'event', key: 'event' },
    {
      title: t('webhooks.state'),
      key: 'state',
      render: (_, d) => (
        <Tag color={{ delivered: 'green', failed: 'red', pending: 'gold' }[d.state]}>
          {t(`webhooks.states.${d.state}`)}
        </Tag>
      ),
    },
    { title: t('webhooks.attempts'), dataIndex: 'attempts', key: 'attempts' },
    { title: t('webhooks.statusCode'), key: 'statusCode', render: (_, d) => d.statusCode ?? '' },
    { title: t('webhooks.lastError'), dataIndex: 'lastError', key: 'lastError' },
    { title: t('webhooks.nextAttempt'), key: 'next', render: (_, d) => when(d.nextAttemptAt) },
  ];
  return (
    <Modal open width={960} title={t('webhooks.log', { name: hook.name })} footer={null} onCancel={onClose}>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<WebhookDelivery>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={!items && !error}
        pagination={{ pageSize: 20 }}
        data-testid="hook-log"
      />
    </Modal>
  );
}

/** System > Webhooks: subscriptions of other systems to the Manager's events, and their log. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const [hooks, setHooks] = useState<Webhook[]>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<Webhook | 'new'>();
  const [log, setLog] = useState<Webhook>();
  const load = useCallback(() => {
    listWebhooks().then(setHooks, (e) => setError(errorMessage(e, t)));
  }, [t]);
  useEffect(load, [load]);
  const act = useRowAction(load);

  const columns: TableColumnsType<Webhook> = [
    { title: t('webhooks.name'), dataIndex: 'name', key: 'name' },
    { title: t('webhooks.url'), dataIndex: 'url', key: 'url' },
    {
      title: t('webhooks.events'),
      key: 'events',
      render: (_, h) => h.events.map((e) => <Tag key={e}>{t(`webhooks.event.${e}`)}</Tag>),
    },
    {
      title: t('webhooks.active'),
      key: 'active',
      render: (_, h) => <YesNoTag value={h.active} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, h) => (
        <Space>
          <Tooltip title={t('webhooks.edit')}>
            <Button icon={<EditOutlined />} aria-label={t('webhooks.edit')} onClick={() => setEditing(h)} />
          </Tooltip>
          <Tooltip title={t('webhooks.showLog')}>
            <Button icon={<HistoryOutlined />} aria-label={t('webhooks.showLog')} onClick={() => setLog(h)} />
          </Tooltip>
          <ConfirmIconButton
            label={t('webhooks.delete')}
            description={t('webhooks.deleteQuestion', { name: h.name })}
            icon={<DeleteOutlined />}
            danger
            testId={`hook-delete-${h.id}`}
            confirmTestId={`hook-delete-confirm-${h.id}`}
            onConfirm={() => void act(() => deleteWebhook(h.id))}
          />
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('webhooks.title')}
        description={t('webhooks.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="hook-create">
            {t('webhooks.create')}
          </Button>
        }
      />
      {error && <Alert type="error" showIcon message={error} />}
      <Table<Webhook> rowKey="id" columns={columns} dataSource={hooks} loading={!hooks && !error} pagination={false} />
      {editing && (
        <HookDrawer
          hook={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            load();
          }}
        />
      )}
      {log && <DeliveryLog hook={log} onClose={() => setLog(undefined)} />}
    </Flex>
  );
}
