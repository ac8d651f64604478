import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  LockOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { App, Button, Flex, Space, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  CREDENTIAL_KINDS,
  deleteCredential,
  listAgents,
  listCredentials,
  orderCredentials,
  type Credential,
  type CredentialKind,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { PageHeader } from '../common/PageHeader';
import { emptyLocale, LoadFailedAlert, rowTestId } from '../common/tableParts';
import { usePolling } from '../common/usePolling';
import { CredentialModal } from './CredentialModal';
import { KINDS, moved } from './credentialKinds';
import { ConfirmIconButton } from '../common/ConfirmIconButton';

type Editing = { kind: CredentialKind; existing?: Credential } | null;

/** Devices > Communication Settings: the credentials tried on devices, per kind, in order. */
export function CommunicationSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [kind, setKind] = useState<CredentialKind>('snmpv1');
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState(false);
  // Credentials change only here, so no periodic refresh: after each change, refresh().
  const credentials = usePolling(listCredentials, () => null);
  const { data: agents } = usePolling(listAgents, () => 30_000);

  const ofKind = useMemo(
    () => (credentials.data ?? []).filter((c) => c.kind === kind).sort((a, b) => a.position - b.position),
    [credentials.data, kind],
  );

  const act = async (action: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    try {
      await action();
      if (done) void message.success(done);
    } catch (e) {
      void message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
      credentials.refresh();
    }
  };

  const move = (credential: Credential, step: -1 | 1) =>
    act(() =>
      orderCredentials(
        kind,
        moved(
          ofKind.map((c) => c.id),
          credential.id,
          step,
        ),
      ),
    );

  const agentNames = (ids: number[]) =>
    ids.length === 0
      ? [
          <Typography.Text type="secondary" key="none">
            {t('credentials.noAgent')}
          </Typography.Text>,
        ]
      : ids.map((id) => <Tag key={id}>{agents?.find((a) => a.id === id)?.name ?? `#${id}`}</Tag>);

  const columns: TableColumnsType<Credential> = [
    {
      key: 'position',
      title: t('credentials.columns.order'),
      width: 90,
      render: (_, c, index) => (
        <Space size={0}>
          <Typography.Text style={{ width: 24, display: 'inline-block' }}>{index + 1}</Typography.Text>
          <Tooltip title={t('credentials.moveUp')}>
            <Button
              type="text"
              size="small"
              icon={<ArrowUpOutlined />}
              aria-label={t('credentials.moveUp')}
              disabled={busy || index === 0}
              onClick={() => void move(c, -1)}
              data-testid={`credential-up-${c.id}`}
            />
          </Tooltip>
          <Tooltip title={t('credentials.moveDown')}>
            <Button
              type="text"
              size="small"
              icon={<ArrowDownOutlined />}
              aria-label={t('credentials.moveDown')}
              disabled={busy || index === ofKind.length - 1}
              onClick={() => void move(c, 1)}
              data-testid={`credential-down-${c.id}`}
            />
          </Tooltip>
        </Space>
      ),
    },
    {
      key: 'description',
      title: t('credentials.fields.description'),
      render: (_, c) => c.description || <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
    {
      key: 'fields',
      title: t('credentials.columns.settings'),
      render: (_, c) => (
        <Flex gap={4} wrap>
          {KINDS[c.kind].publicFields
            .filter((f) => c.fields[f.name])
            .map((f) => (
              <Tag key={f.name} bordered={false}>
                {t(`credentials.fields.${f.name}`)}: {c.fields[f.name]}
              </Tag>
            ))}
        </Flex>
      ),
    },
    {
      key: 'access',
      title: t('credentials.fields.access'),
      render: (_, c) => (
        <Tag color={c.access === 'readWrite' ? 'blue' : undefined}>{t(`credentials.access.${c.access}`)}</Tag>
      ),
    },
    {
      key: 'agents',
      title: t('credentials.fields.agents'),
      render: (_, c) => (
        <Flex wrap gap={4}>
          {agentNames(c.agentIds)}
        </Flex>
      ),
    },
    {
      key: 'secrets',
      title: t('credentials.columns.secrets'),
      render: (_, c) => (
        <Flex gap={4} wrap data-testid={`credential-secrets-${c.id}`}>
          {KINDS[c.kind].secretFields.map((s) =>
            c.secretsSet.includes(s.name) ? (
              <Tag key={s.name} color="green" icon={<LockOutlined />}>
                {t('credentials.secretStored', { name: t(`credentials.fields.${s.name}`) })}
              </Tag>
            ) : (
              <Tag key={s.name}>{t('credentials.secretMissing', { name: t(`credentials.fields.${s.name}`) })}</Tag>
            ),
          )}
        </Flex>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, c) => (
        <Space size={4}>
          <Tooltip title={t('credentials.editAction')}>
            <Button
              type="text"
              size="small"
              icon={<EditOutlined />}
              aria-label={t('credentials.editAction')}
              onClick={() => setEditing({ kind: c.kind, existing: c })}
              data-testid={`credential-edit-${c.id}`}
            />
          </Tooltip>
          <ConfirmIconButton
            label={t('credentials.delete.button')}
            title={t('credentials.delete.title')}
            description={t('credentials.delete.confirm')}
            icon={<DeleteOutlined />}
            danger
            testId={`credential-delete-${c.id}`}
            confirmTestId={`credential-delete-confirm-${c.id}`}
            onConfirm={() => act(() => deleteCredential(c.id), t('credentials.delete.done'))}
          />
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="communication-page">
      <PageHeader
        title={t('credentials.title')}
        description={t('credentials.description')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ kind })}
            data-testid="credential-add"
          >
            {t('credentials.create.button')}
          </Button>
        }
      />
      <LoadFailedAlert error={credentials.error} message={t('credentials.loadFailed')} />
      <Tabs
        activeKey={kind}
        onChange={(k) => setKind(k as CredentialKind)}
        items={CREDENTIAL_KINDS.map((k) => ({
          key: k,
          label: (
            <span data-testid={`credential-tab-${k}`}>
              {t(`credentials.kinds.${k}`)}{' '}
              <Typography.Text type="secondary">
                ({(credentials.data ?? []).filter((c) => c.kind === k).length})
              </Typography.Text>
            </span>
          ),
        }))}
      />
      <Typography.Text type="secondary">{t('credentials.orderHelp')}</Typography.Text>
      <div data-testid="credentials-table">
        <Table<Credential>
          rowKey="id"
          columns={columns}
          dataSource={ofKind}
          loading={credentials.loading}
          pagination={false}
          size="middle"
          scroll={{ x: 'max-content' }}
          locale={emptyLocale(t('credentials.empty'))}
          onRow={rowTestId('credential-row', (c) => c.id)}
        />
      </div>
      <CredentialModal
        open={editing !== null}
        kind={editing?.kind ?? kind}
        existing={editing?.existing}
        agents={agents ?? []}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          setEditing(null);
          void message.success(
            t('credentials.saved', { name: saved.description || t(`credentials.kinds.${saved.kind}`) }),
          );
          credentials.refresh();
        }}
      />
    </Flex>
  );
}
