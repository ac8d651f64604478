import {
  App,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Switch,
  Tabs,
  Typography,
  type ButtonProps,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  createTask,
  previewSchedule,
  updateTask,
  type Agent,
  type ScheduleKind,
  type Task,
  type TaskInput,
  type TaskSchedule,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import {
  MailLanguageSelect,
  MailPriorityRadio,
  SendReportSettings,
  sendReportDefaults,
  sendReportParameters,
  sendReportValues,
  type SendReportValues,
} from './SendReportSettings';
import { DevicePicker, GroupPicker, MAX_TASK_TARGETS } from './TargetPickers';

/** The editor's flat form values; toSchedule() makes the REST schedule of them. */
export interface ScheduleValues {
  kind: ScheduleKind;
  at?: string;
  time?: string;
  every?: number;
  weekdays?: number[];
  monthlyRule?: 'day' | 'weekday';
  monthDay?: number | 'last';
  weekOfMonth?: number | 'last';
  weekday?: number;
}

export function toSchedule(v: ScheduleValues): TaskSchedule {
  if (v.kind === 'now') return { kind: 'now' };
  if (v.kind === 'once') return { kind: 'once', at: v.at ?? '' };
  const periodic: TaskSchedule = { kind: v.kind, time: v.time ?? '', every: v.every ?? 1 };
  if (v.kind === 'weekly') periodic.weekdays = v.weekdays ?? [];
  if (v.kind === 'monthly') {
    if (v.monthlyRule === 'weekday') {
      periodic.weekOfMonth = v.weekOfMonth ?? 1;
      periodic.weekday = v.weekday ?? 1;
    } else {
      periodic.monthDay = v.monthDay ?? 1;
    }
  }
  return periodic;
}

function fromSchedule(s: TaskSchedule): ScheduleValues {
  return {
    kind: s.kind,
    at: s.at,
    time: s.time,
    every: s.every,
    weekdays: s.weekdays,
    monthlyRule: s.weekOfMonth !== undefined ? 'weekday' : 'day',
    monthDay: s.monthDay,
    weekOfMonth: s.weekOfMonth,
    weekday: s.weekday,
  };
}

interface FormValues extends ScheduleValues {
  name: string;
  type: string;
  active: boolean;
  timeZone: string;
  agentIds: number[];
  deviceIds: number[];
  groupIds: number[];
  port?: number;
  resetKind: 'restart' | 'shutdown';
  mailTo: string[];
  subject?: string;
  sendReport: SendReportValues;
  notifyTo: string[];
  notifyWhen: 'always' | 'failure';
  attachDetails: boolean;
  notifyLanguage: string;
  notifyPriority: 'high' | 'normal' | 'low';
  countersLanguage: string;
}

/** Task types whose targets are Agents; the others take devices and groups. */
const AGENT_TYPES = new Set(['discovery']);

/** The type's parameters from the form (the Manager checks them). */
function parametersOf(v: FormValues): Record<string, unknown> {
  if (v.type === 'restart-printers') return { kind: v.resetKind };
  if (v.type === 'send-counters') {
    return { to: v.mailTo, language: v.countersLanguage, ...(v.subject ? { subject: v.subject } : {}) };
  }
  if (v.type === 'send-report') return sendReportParameters(v.sendReport, v.mailTo, v.subject ?? '');
  return v.port ? { port: v.port } : {};
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const texts = (value: unknown) => (Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : []);

const DAYS = [0, 1, 2, 3, 4, 5, 6];

/** Create or edit a task: general settings and schedule (with the next runs), targets. */
export function TaskEditorModal({
  open,
  task,
  types,
  agents,
  zones,
  onClose,
  onSaved,
}: {
  open: boolean;
  task: Task | null;
  types: string[];
  agents: Agent[];
  zones: string[];
  onClose: () => void;
  onSaved: (task: Task) => void;
}) {
  const { t, i18n } = useTranslation();
  // New mails default to the language the console is shown in.
  const uiLanguage = i18n.resolvedLanguage ?? i18n.language;
  const fmt = useFormatters();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState<string[] | string>([]);
  const values = Form.useWatch([], form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      task
        ? {
            name: task.name,
            type: task.type,
            active: task.active,
            timeZone: task.timeZone,
            agentIds: task.targets.agentIds,
            deviceIds: task.targets.deviceIds,
            groupIds: task.targets.groupIds,
            port: typeof task.parameters.port === 'number' ? task.parameters.port : undefined,
            resetKind: task.parameters.kind === 'shutdown' ? 'shutdown' : 'restart',
            mailTo: texts(task.parameters.to),
            subject: text(task.parameters.subject),
            sendReport: sendReportValues(task.parameters, uiLanguage),
            notifyTo: task.notification.to,
            notifyWhen: task.notification.when,
            attachDetails: task.notification.attachDetails,
            notifyLanguage: task.notification.language,
            notifyPriority: task.notification.priority,
            countersLanguage: text(task.parameters.language) ?? uiLanguage,
            ...fromSchedule(task.schedule),
          }
        : {
            name: '',
            type: types.includes('discovery') ? 'discovery' : types[0],
            active: true,
            timeZone: '',
            kind: 'now',
            agentIds: [],
            deviceIds: [],
            groupIds: [],
            resetKind: 'restart',
            mailTo: [],
            sendReport: sendReportDefaults(uiLanguage),
            notifyTo: [],
            notifyWhen: 'always',
            attachDetails: false,
            notifyLanguage: uiLanguage,
            notifyPriority: 'normal',
            countersLanguage: uiLanguage,
            every: 1,
            time: '02:00',
            weekdays: [1],
            monthlyRule: 'day',
            monthDay: 1,
          },
    );
  }, [open, task, types, form, uiLanguage]);

  // The next runs of the schedule being edited, in its zone.
  const scheduleKey = JSON.stringify(values ? [toSchedule(values), values.timeZone] : null);
  useEffect(() => {
    if (!open || !values || values.kind === 'now') {
      setPreview([]);
      return;
    }
    let current = true;
    previewSchedule(toSchedule(values), values.timeZone ?? '').then(
      (items) => current && setPreview(items),
      (error: unknown) => current && setPreview(errorMessage(error, t)),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, scheduleKey]);

  const save = async () => {
    const v = await form.validateFields();
    const input: TaskInput = {
      name: v.name,
      type: v.type,
      active: v.active,
      timeZone: v.timeZone,
      schedule: toSchedule(v),
      parameters: parametersOf(v),
      targets: AGENT_TYPES.has(v.type) ? { agentIds: v.agentIds } : { deviceIds: v.deviceIds, groupIds: v.groupIds },
      notification: {
        to: v.notifyTo,
        when: v.notifyWhen,
        attachDetails: v.attachDetails,
        language: v.notifyLanguage,
        priority: v.notifyPriority,
      },
    };
    setSaving(true);
    try {
      const saved = task ? await updateTask(task.id, input) : await createTask(input);
      void message.success(t('tasks.editor.saved'));
      onSaved(saved);
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setSaving(false);
    }
  };

  const kind = values?.kind;
  const general = (
    <>
      <Form.Item name="name" label={t('tasks.editor.name')} rules={[{ required: true, max: 200 }]}>
        <Input data-testid="task-name" />
      </Form.Item>
      <Form.Item name="type" label={t('tasks.editor.type')} rules={[{ required: true }]}>
        <Select
          data-testid="task-type"
          disabled={task !== null}
          options={types
            .filter((type) => type !== 'batch')
            .map((type) => ({ value: type, label: t(`tasks.types.${type}`, type) }))}
        />
      </Form.Item>
      <Form.Item name="active" label={t('tasks.editor.active')} valuePropName="checked">
        <Switch data-testid="task-active" />
      </Form.Item>
      <Form.Item name="kind" label={t('tasks.editor.schedule')}>
        <Select
          data-testid="task-schedule-kind"
          options={(['now', 'once', 'daily', 'weekly', 'monthly'] as const).map((k) => ({
            value: k,
            label: t(`tasks.schedule.${k}`),
          }))}
        />
      </Form.Item>
      {kind === 'once' && (
        <Form.Item
          name="at"
          label={t('tasks.editor.at')}
          rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/ }]}
        >
          <Input placeholder="2026-12-31T22:00" data-testid="task-at" />
        </Form.Item>
      )}
      {kind && kind !== 'now' && kind !== 'once' && (
        <>
          <Form.Item name="every" label={t('tasks.editor.every')}>
            <InputNumber min={1} max={99} addonAfter={t(`tasks.schedule.unit.${kind}`)} />
          </Form.Item>
          <Form.Item name="time" label={t('tasks.editor.time')} rules={[{ required: true, pattern: /^\d{2}:\d{2}$/ }]}>
            <Input placeholder="02:00" data-testid="task-time" />
          </Form.Item>
        </>
      )}
      {kind === 'weekly' && (
        <Form.Item name="weekdays" label={t('tasks.editor.weekdays')} rules={[{ required: true }]}>
          <Checkbox.Group options={DAYS.map((d) => ({ value: d, label: t(`tasks.weekdays.${d}`) }))} />
        </Form.Item>
      )}
      {kind === 'monthly' && (
        <>
          <Form.Item name="monthlyRule" label={t('tasks.editor.monthlyRule')}>
            <Select
              options={[
                { value: 'day', label: t('tasks.editor.byDay') },
                { value: 'weekday', label: t('tasks.editor.byWeekday') },
              ]}
            />
          </Form.Item>
          {values?.monthlyRule === 'weekday' ? (
            <>
              <Form.Item name="weekOfMonth" label={t('tasks.editor.weekOfMonth')}>
                <Select
                  options={[1, 2, 3, 4, 5, 'last' as const].map((w) => ({
                    value: w,
                    label: t(`tasks.editor.nth.${w}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="weekday" label={t('tasks.editor.weekday')}>
                <Select options={DAYS.map((d) => ({ value: d, label: t(`tasks.weekdays.${d}`) }))} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="monthDay" label={t('tasks.editor.monthDay')}>
              <Select
                options={[...Array.from({ length: 31 }, (_, i) => i + 1), 'last' as const].map((d) => ({
                  value: d,
                  label: d === 'last' ? t('tasks.editor.lastDay') : String(d),
                }))}
              />
            </Form.Item>
          )}
        </>
      )}
      {kind !== 'now' && (
        <>
          <Form.Item name="timeZone" label={t('tasks.editor.timeZone')}>
            <Select
              options={[
                { value: '', label: t('tasks.editor.serverZone') },
                ...zones.map((z) => ({ value: z, label: z })),
              ]}
            />
          </Form.Item>
          <Typography.Text type="secondary">{t('tasks.editor.nextRuns')}</Typography.Text>
          {typeof preview === 'string' ? (
            <Typography.Paragraph type="danger">{preview}</Typography.Paragraph>
          ) : (
            <ul data-testid="task-preview">
              {preview.map((iso) => (
                <li key={iso}>{fmt.dateTime(iso)}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
  const type = values?.type ?? '';
  const deviceCount = (values?.deviceIds?.length ?? 0) + (values?.groupIds?.length ?? 0);
  const targets = AGENT_TYPES.has(type) ? (
    <>
      <Form.Item name="agentIds" label={t('tasks.editor.agents')} rules={[{ required: true, type: 'array', min: 1 }]}>
        <Select
          mode="multiple"
          data-testid="task-agents"
          options={agents.map((a) => ({ value: a.id, label: a.name }))}
        />
      </Form.Item>
      <Typography.Text type="secondary">
        {t('tasks.editor.targetCount', { n: values?.agentIds?.length ?? 0 })}
      </Typography.Text>
    </>
  ) : (
    <>
      <Form.Item name="deviceIds" label={t('tasks.editor.devices')}>
        <DevicePicker max={MAX_TASK_TARGETS - (values?.groupIds?.length ?? 0)} />
      </Form.Item>
      <Form.Item name="groupIds" label={t('tasks.editor.groups')} extra={t('tasks.editor.groupsResolved')}>
        <GroupPicker max={MAX_TASK_TARGETS - (values?.deviceIds?.length ?? 0)} />
      </Form.Item>
      <Typography.Text type="secondary" data-testid="task-target-count">
        {t('tasks.editor.targetCount', { n: deviceCount })}
      </Typography.Text>
    </>
  );
  const addresses = [
    { type: 'array' as const, max: 20, message: t('tasks.editor.recipientsLimit') },
    {
      validator: (_: unknown, list: string[] | undefined) =>
        (list ?? []).every((a) => /^[^\s<>"@]+@[^\s<>"@]+$/.test(a))
          ? Promise.resolve()
          : Promise.reject(new Error(t('tasks.editor.badAddress'))),
    },
  ];
  const specific =
    type === 'restart-printers' ? (
      <Form.Item name="resetKind" label={t('tasks.editor.resetKind')} extra={t('tasks.editor.shutdownNote')}>
        <Radio.Group data-testid="task-reset-kind">
          <Radio value="restart">{t('tasks.editor.restart')}</Radio>
          <Radio value="shutdown">{t('tasks.editor.shutdown')}</Radio>
        </Radio.Group>
      </Form.Item>
    ) : type === 'send-counters' || type === 'send-report' ? (
      <>
        <Form.Item
          name="mailTo"
          label={t('tasks.editor.mailTo')}
          extra={type === 'send-counters' ? t('tasks.editor.countersNote') : undefined}
          rules={[{ required: true, type: 'array', min: 1 }, ...addresses]}
        >
          <Select mode="tags" open={false} tokenSeparators={[',', ' ']} data-testid="task-mail-to" />
        </Form.Item>
        <Form.Item
          name="subject"
          label={t('tasks.editor.subject')}
          rules={[{ required: type === 'send-report', max: 200 }]}
        >
          <Input data-testid="task-subject" />
        </Form.Item>
        {type === 'send-counters' && (
          <Form.Item name="countersLanguage" label={t('tasks.sendReport.language')}>
            <MailLanguageSelect testId="task-counters-language" />
          </Form.Item>
        )}
        {type === 'send-report' && <SendReportSettings addressRules={addresses} />}
      </>
    ) : (
      <Form.Item name="port" label={t('tasks.editor.port')}>
        <InputNumber min={1} max={65535} placeholder="161" data-testid="task-port" />
      </Form.Item>
    );
  const notification = (
    <>
      <Form.Item name="notifyTo" label={t('tasks.editor.notifyTo')} rules={addresses}>
        <Select mode="tags" open={false} tokenSeparators={[',', ' ']} data-testid="task-notify-to" />
      </Form.Item>
      <Form.Item name="notifyWhen" label={t('tasks.editor.notifyWhen')}>
        <Select
          data-testid="task-notify-when"
          options={[
            { value: 'always', label: t('tasks.editor.notifyAlways') },
            { value: 'failure', label: t('tasks.editor.notifyFailure') },
          ]}
        />
      </Form.Item>
      <Form.Item name="attachDetails" valuePropName="checked">
        <Checkbox data-testid="task-attach-details">{t('tasks.editor.attachDetails')}</Checkbox>
      </Form.Item>
      <Form.Item name="notifyLanguage" label={t('tasks.editor.notifyLanguage')}>
        <MailLanguageSelect testId="task-notify-language" />
      </Form.Item>
      <Form.Item name="notifyPriority" label={t('tasks.sendReport.priority')}>
        <MailPriorityRadio testId="task-notify-priority" />
      </Form.Item>
    </>
  );

  return (
    <Modal
      open={open}
      title={task ? t('tasks.editor.editTitle') : t('tasks.editor.createTitle')}
      okText={task ? t('tasks.editor.update') : t('tasks.editor.add')}
      onOk={() => void save()}
      okButtonProps={{ loading: saving, 'data-testid': 'task-save' } as ButtonProps}
      onCancel={onClose}
      width={640}
      destroyOnClose
    >
      <Form form={form} layout="vertical">
        <Tabs
          items={[
            { key: 'general', label: t('tasks.editor.tabs.general'), children: general, forceRender: true },
            { key: 'targets', label: t('tasks.editor.tabs.targets'), children: targets, forceRender: true },
            { key: 'specific', label: t('tasks.editor.tabs.specific'), children: specific, forceRender: true },
            {
              key: 'notification',
              label: t('tasks.editor.tabs.notification'),
              children: notification,
              forceRender: true,
            },
          ]}
        />
      </Form>
    </Modal>
  );
}
