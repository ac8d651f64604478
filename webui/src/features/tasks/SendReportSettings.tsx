import { Form, InputNumber, Radio, Select, type FormRule } from 'antd';
import { useTranslation } from 'react-i18next';

import type { CounterReportKind, ReportFileFormat, ReportPeriodUnit } from '../../api';
import { SUPPORTED_LANGUAGE_CODES, languageDefinition } from '../../i18n/languages';
import { DeviceTypeSelect, PERIOD_UNITS } from '../reports/ReportControls';

type ReportName = 'counters' | 'status' | 'supplies' | 'firmware';

/** The Send Report task's own settings (To and Subject are the editor's mail fields). */
export interface SendReportValues {
  report: ReportName;
  kind: CounterReportKind;
  period: ReportPeriodUnit;
  counter: string;
  view: 'devices' | 'order';
  lowPercent: number;
  horizonDays: number;
  format: ReportFileFormat;
  language: string;
  priority: 'high' | 'normal' | 'low';
  cc: string[];
  /** Only the targets of this type (category); empty: every type. */
  deviceType: string;
}

const REPORTS: ReportName[] = ['counters', 'status', 'supplies', 'firmware'];
const KINDS: CounterReportKind[] = ['byDevice', 'byCounter', 'lifetime'];
const COUNTERS = ['total', 'black', 'colour', 'print', 'copy', 'scan', 'fax', 'large', 'small'];
const FORMATS: ReportFileFormat[] = ['csv', 'txt', 'xlsx'];

export function sendReportDefaults(language: string): SendReportValues {
  return {
    report: 'counters',
    kind: 'byDevice',
    period: 'monthly',
    counter: 'total',
    view: 'order',
    lowPercent: 10,
    horizonDays: 30,
    format: 'xlsx',
    language: SUPPORTED_LANGUAGE_CODES.includes(language) ? language : 'en',
    priority: 'normal',
    cc: [],
    deviceType: '',
  };
}

/** A stored task's parameters back into the form (what is missing takes the defaults). */
export function sendReportValues(parameters: Record<string, unknown>, language: string): SendReportValues {
  const values = sendReportDefaults(language);
  const own = values as unknown as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (parameters[key] !== undefined && typeof parameters[key] === typeof own[key]) own[key] = parameters[key];
  }
  return values;
}

/** The parameters the Manager takes: only the chosen report's options. */
export function sendReportParameters(v: SendReportValues, to: string[], subject: string): Record<string, unknown> {
  const common = { report: v.report, format: v.format, language: v.language, priority: v.priority, to, subject };
  const withCc = {
    ...common,
    ...(v.cc.length > 0 ? { cc: v.cc } : {}),
    ...(v.deviceType.trim() ? { deviceType: v.deviceType.trim() } : {}),
  };
  if (v.report === 'counters') {
    return { ...withCc, kind: v.kind, period: v.period, ...(v.kind === 'byCounter' ? {} : { counter: v.counter }) };
  }
  if (v.report === 'status') return { ...withCc, period: v.period };
  if (v.report === 'supplies') {
    return { ...withCc, view: v.view, lowPercent: v.lowPercent, horizonDays: v.horizonDays };
  }
  return withCc;
}

/** The mail's language: one of the console's languages, each named in itself. */
export function MailLanguageSelect({
  testId,
  ...props
}: {
  testId: string;
  value?: string;
  onChange?: (v: string) => void;
}) {
  return (
    <Select
      {...props}
      data-testid={testId}
      options={SUPPORTED_LANGUAGE_CODES.map((code) => ({ value: code, label: languageDefinition(code).nativeName }))}
    />
  );
}

/** The mail's priority: high, normal or low. */
export function MailPriorityRadio({
  testId,
  ...props
}: {
  testId: string;
  value?: string;
  onChange?: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group {...props} data-testid={testId}>
      {(['high', 'normal', 'low'] as const).map((p) => (
        <Radio key={p} value={p} data-testid={`${testId}-${p}`}>
          {t(`tasks.sendReport.priorities.${p}`)}
        </Radio>
      ))}
    </Radio.Group>
  );
}

/** The Task settings tab of a Send Report task: which report, its options, Cc and the mail's
 * priority, language and file type. Form fields live under `sendReport`. */
export function SendReportSettings({ addressRules }: { addressRules: FormRule[] }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const report = Form.useWatch(['sendReport', 'report'], form) as ReportName | undefined;
  const kind = Form.useWatch(['sendReport', 'kind'], form) as CounterReportKind | undefined;
  return (
    <>
      <Form.Item name={['sendReport', 'cc']} label={t('tasks.sendReport.cc')} rules={addressRules}>
        <Select mode="tags" open={false} tokenSeparators={[',', ' ']} data-testid="task-report-cc" />
      </Form.Item>
      <Form.Item
        name={['sendReport', 'deviceType']}
        label={t('reports.deviceType.label')}
        normalize={(v?: string) => v ?? ''}
      >
        <DeviceTypeSelect />
      </Form.Item>
      <Form.Item name={['sendReport', 'report']} label={t('tasks.sendReport.report')}>
        <Select
          data-testid="task-report"
          options={REPORTS.map((r) => ({ value: r, label: t(`reports.${r}.title`) }))}
        />
      </Form.Item>
      {report === 'counters' && (
        <>
          <Form.Item name={['sendReport', 'kind']} label={t('reports.counters.kind')}>
            <Select
              data-testid="task-report-kind"
              options={KINDS.map((k) => ({ value: k, label: t(`reports.counters.kinds.${k}`) }))}
            />
          </Form.Item>
          {kind !== 'byCounter' && (
            <Form.Item name={['sendReport', 'counter']} label={t('reports.counters.counter')}>
              <Select
                data-testid="task-report-counter"
                options={COUNTERS.map((c) => ({ value: c, label: t(`monitoring.counters.field.${c}`) }))}
              />
            </Form.Item>
          )}
        </>
      )}
      {(report === 'status' || (report === 'counters' && kind !== 'lifetime')) && (
        <Form.Item name={['sendReport', 'period']} label={t('reports.period.label')}>
          <Select
            data-testid="task-report-period"
            options={PERIOD_UNITS.map((p) => ({ value: p, label: t(`reports.period.${p}`) }))}
          />
        </Form.Item>
      )}
      {report === 'supplies' && (
        <>
          <Form.Item name={['sendReport', 'view']} label={t('tasks.sendReport.view')}>
            <Radio.Group data-testid="task-report-view">
              <Radio value="order">{t('reports.supplies.orderList')}</Radio>
              <Radio value="devices">{t('reports.supplies.byDevice')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name={['sendReport', 'lowPercent']} label={t('reports.supplies.lowPercent')}>
            <InputNumber min={1} max={99} />
          </Form.Item>
          <Form.Item name={['sendReport', 'horizonDays']} label={t('reports.supplies.horizonDays')}>
            <InputNumber min={1} max={366} />
          </Form.Item>
        </>
      )}
      <Form.Item name={['sendReport', 'format']} label={t('tasks.sendReport.format')}>
        <Select
          data-testid="task-report-format"
          options={FORMATS.map((f) => ({ value: f, label: t(`reports.export.${f}`) }))}
        />
      </Form.Item>
      <Form.Item name={['sendReport', 'language']} label={t('tasks.sendReport.language')}>
        <MailLanguageSelect testId="task-report-language" />
      </Form.Item>
      <Form.Item name={['sendReport', 'priority']} label={t('tasks.sendReport.priority')}>
        <MailPriorityRadio testId="task-report-priority" />
      </Form.Item>
    </>
  );
}
