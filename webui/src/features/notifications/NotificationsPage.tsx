import { CopyOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tooltip,
  type TableColumnsType,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  createNotificationRule,
  deleteNotificationRule,
  duplicateNotificationRule,
  getNotificationThrottle,
  LEVEL_KINDS,
  listGroups,
  listNotificationRules,
  NOTIFY_LANGUAGES,
  NOTIFY_POWER_STATES,
  putNotificationThrottle,
  SEVERITY_LEVELS,
  TRAINING_LEVELS,
  updateNotificationRule,
  type DeviceGroup,
  type NotificationRule,
  type NotificationThrottle,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { LANGUAGES } from '../../i18n/languages';
import { ConfirmIconButton } from '../common/ConfirmIconButton';
import { EditDrawer } from '../common/EditDrawer';
import { PageHeader } from '../common/PageHeader';
import { YesNoTag } from '../common/tableParts';
import { useRowAction } from '../common/useRowAction';
import { useSubmit } from '../common/useSubmit';
import { conditionCount, EMPTY_RULE, toForm, toInput, type RuleForm } from './ruleForm';

/** The create/edit drawer: recipients, groups, then the OR-ed conditions. */
function RuleDrawer({
  rule,
  groups,
  onClose,
  onSaved,
}: {
  rule: NotificationRule | 'new';
  groups: DeviceGroup[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RuleForm>();
  const { saving, error, submit } = useSubmit();
  const option = (prefix: string) => (value: string) => ({ value, label: t(`${prefix}.${value}`) });

  const save = (values: RuleForm) =>
    submit(async () => {
      const input = toInput({ ...EMPTY_RULE, ...values });
      if (rule === 'new') await createNotificationRule(input);
      else await updateNotificationRule(rule.id, input);
      onSaved();
    });

  return (
    <EditDrawer
      width={640}
      title={rule === 'new' ? t('notifications.create') : t('notifications.edit')}
      saving={saving}
      error={error}
      testIdPrefix="rule"
      onSave={() => form.submit()}
      onClose={onClose}
    >
      <Form<RuleForm>
        form={form}
        layout="vertical"
        initialValues={rule === 'new' ? EMPTY_RULE : toForm(rule)}
        onFinish={save}
      >
        <Form.Item name="name" label={t('notifications.name')} rules={[{ required: true }]}>
          <Input data-testid="rule-name" maxLength={100} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="active" label={t('notifications.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="notifyRecovery" label={t('notifications.recovery')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="language" label={t('notifications.language')}>
            <Select
              style={{ width: 140 }}
              options={LANGUAGES.filter((l) => (NOTIFY_LANGUAGES as readonly string[]).includes(l.code)).map((l) => ({
                value: l.code,
                label: l.nativeName,
              }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="to" label={t('notifications.to')} extra={t('notifications.addressesHelp')}>
          <Select mode="tags" open={false} tokenSeparators={[',', ';', '\n']} data-testid="rule-to" />
        </Form.Item>
        <Form.Item name="cc" label={t('notifications.cc')}>
          <Select mode="tags" open={false} tokenSeparators={[',', ';', '\n']} />
        </Form.Item>
        <Form.Item name="groupIds" label={t('notifications.groups')} extra={t('notifications.groupsHelp')}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={groups.map((g) => ({ value: g.id, label: g.name }))}
          />
        </Form.Item>
        <Card size="small" title={t('notifications.conditions')} extra={t('notifications.conditionsHelp')}>
          <Form.Item name="severityLevels" label={t('notifications.severityLevels')}>
            <Select mode="multiple" options={SEVERITY_LEVELS.map(option('notifications.severity'))} />
          </Form.Item>
          <Form.Item name="trainingLevels" label={t('notifications.trainingLevels')}>
            <Select mode="multiple" options={TRAINING_LEVELS.map(option('monitoring.training'))} />
          </Form.Item>
          <Form.Item name="errorCodes" label={t('notifications.errorCodes')} extra={t('notifications.errorCodesHelp')}>
            <Select mode="tags" open={false} tokenSeparators={[',', ' ']} />
          </Form.Item>
          <Flex wrap gap={12}>
            {LEVEL_KINDS.map((kind) => (
              <Form.Item key={kind} name={['levels', kind]} label={t(`notifications.level.${kind}`)}>
                <InputNumber
                  min={0}
                  max={100}
                  addonAfter="%"
                  style={{ width: 130 }}
                  data-testid={`rule-level-${kind}`}
                />
              </Form.Item>
            ))}
          </Flex>
          <Form.Item name="powerStates" label={t('notifications.powerStates')}>
            <Select mode="multiple" options={NOTIFY_POWER_STATES.map(option('monitoring.power'))} />
          </Form.Item>
          <Form.Item
            name="errorOngoingMinutes"
            label={t('notifications.errorOngoing')}
            extra={t('notifications.errorOngoingHelp')}
          >
            <InputNumber min={1} max={10080} addonAfter={t('notifications.minutes')} />
          </Form.Item>
        </Card>
      </Form>
    </EditDrawer>
  );
}

/** Storm control: how many mails one rule may send per window before a digest. */
function ThrottleCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [throttle, setThrottle] = useState<NotificationThrottle>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    getNotificationThrottle().then(setThrottle, (e) => setError(errorMessage(e, t)));
  }, [t]);
  if (error) return null; // only System Managers may see it
  if (!throttle) return null;
  const save = async () => {
    try {
      setThrottle(await putNotificationThrottle(throttle));
      message.success(t('notifications.throttleSaved'));
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  };
  return (
    <Card title={t('notifications.throttle')}>
      <Flex gap={12} align="center" wrap>
        <span>{t('notifications.throttleLimit')}</span>
        <InputNumber
          min={1}
          max={1000}
          value={throttle.limit}
          onChange={(v) => setThrottle({ ...throttle, limit: v ?? 1 })}
        />
        <span>{t('notifications.throttleWindow')}</span>
        <InputNumber
          min={1}
          max={1440}
          value={throttle.windowMinutes}
          addonAfter={t('notifications.minutes')}
          onChange={(v) => setThrottle({ ...throttle, windowMinutes: v ?? 1 })}
        />
        <Button onClick={save}>{t('common.save')}</Button>
      </Flex>
    </Card>
  );
}

/** System > Notifications: monitoring notification rules (OR-ed conditions, mailed once). */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [rules, setRules] = useState<NotificationRule[]>();
  const [groups, setGroups] = useState<DeviceGroup[]>([]);
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<NotificationRule | 'new'>();

  const load = useCallback(() => {
    listNotificationRules().then(setRules, (e) => setError(errorMessage(e, t)));
  }, [t]);
  useEffect(() => {
    load();
    listGroups().then(setGroups, () => setGroups([]));
  }, [load]);

  const act = useRowAction(load);

  const columns: TableColumnsType<NotificationRule> = [
    { title: t('notifications.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('notifications.active'),
      key: 'active',
      render: (_, r) => <YesNoTag value={r.active} />,
    },
    { title: t('notifications.conditions'), key: 'conditions', render: (_, r) => conditionCount(r) },
    { title: t('notifications.to'), key: 'to', render: (_, r) => [...r.to, ...r.cc].join(', ') },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space>
          <Tooltip title={t('notifications.edit')}>
            <Button icon={<EditOutlined />} aria-label={t('notifications.edit')} onClick={() => setEditing(r)} />
          </Tooltip>
          <Tooltip title={t('notifications.duplicate')}>
            <Button
              icon={<CopyOutlined />}
              aria-label={t('notifications.duplicate')}
              onClick={() => act(() => duplicateNotificationRule(r.id))}
              data-testid={`rule-duplicate-${r.id}`}
            />
          </Tooltip>
          <ConfirmIconButton
            label={t('notifications.delete')}
            description={t('notifications.deleteQuestion', { name: r.name })}
            icon={<DeleteOutlined />}
            danger
            testId={`rule-delete-${r.id}`}
            confirmTestId={`rule-delete-confirm-${r.id}`}
            onConfirm={() => act(() => deleteNotificationRule(r.id))}
          />
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('notifications.title')}
        description={t('notifications.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="rule-create">
            {t('notifications.create')}
          </Button>
        }
      />
      {error && <Alert type="error" showIcon message={error} />}
      <Table<NotificationRule>
        rowKey="id"
        columns={columns}
        dataSource={rules}
        loading={!rules && !error}
        pagination={false}
        data-testid="rule-table"
      />
      <ThrottleCard />
      {editing && (
        <RuleDrawer
          rule={editing}
          groups={groups}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            load();
          }}
        />
      )}
    </Flex>
  );
}
