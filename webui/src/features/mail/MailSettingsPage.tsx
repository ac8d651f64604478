import { MailOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Select, Space, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  getMailSettings,
  MAIL_SECURITIES,
  putMailSettings,
  sendTestMail,
  type MailSecurity,
  type MailSettings,
  type MailSettingsInput,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { PageHeader } from '../common/PageHeader';

interface FormValues {
  host: string;
  port: number;
  security: MailSecurity;
  user: string;
  password: string;
  removePassword: boolean;
  sender: string;
  caCertificate: string;
}

/** The usual port of each security mode, proposed when the mode changes. */
const DEFAULT_PORTS: Record<MailSecurity, number> = { none: 25, starttls: 587, tls: 465 };

function toInput(values: FormValues): MailSettingsInput {
  const input: MailSettingsInput = {
    host: values.host.trim(),
    port: values.port,
    security: values.security,
    user: values.user.trim(),
    sender: values.sender.trim(),
    caCertificate: values.caCertificate,
  };
  // An empty password field keeps the stored one; "remove" clears it.
  if (values.removePassword) input.password = '';
  else if (values.password) input.password = values.password;
  return input;
}

/** System > E-mail Settings: the SMTP server the Manager sends notifications through. */
export function MailSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [settings, setSettings] = useState<MailSettings>();
  const [loadError, setLoadError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [testTo, setTestTo] = useState('');
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<{ ok: boolean; text: string }>();

  const show = useCallback(
    (s: MailSettings) => {
      setSettings(s);
      form.setFieldsValue({ ...s, password: '', removePassword: false });
    },
    [form],
  );

  useEffect(() => {
    getMailSettings().then(show, (e) => setLoadError(errorMessage(e, t)));
  }, [show, t]);

  const save = async (values: FormValues) => {
    setSaving(true);
    setSaveError(undefined);
    try {
      show(await putMailSettings(toInput(values)));
      message.success(t('mail.saved'));
    } catch (e) {
      setSaveError(errorMessage(e, t));
    } finally {
      setSaving(false);
    }
  };

  const test = async () => {
    setTesting(true);
    setTestResult(undefined);
    try {
      const result = await sendTestMail(testTo.trim());
      setTestResult({ ok: true, text: t('mail.testSent', { to: result.to }) });
    } catch (e) {
      setTestResult({ ok: false, text: errorMessage(e, t) });
    } finally {
      setTesting(false);
    }
  };

  if (loadError) return <Alert type="error" showIcon message={loadError} />;
  if (!settings) return <Spin />;

  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('mail.title')} description={t('mail.description')} />
      <Card title={t('mail.server')}>
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={save}
          style={{ maxWidth: 640 }}
          onValuesChange={(changed: Partial<FormValues>) => {
            if (changed.security) form.setFieldValue('port', DEFAULT_PORTS[changed.security]);
          }}
        >
          <Space.Compact block>
            <Form.Item name="host" label={t('mail.host')} style={{ flex: 1 }} extra={t('mail.hostHelp')}>
              <Input data-testid="mail-host" autoComplete="off" />
            </Form.Item>
            <Form.Item name="port" label={t('mail.port')} rules={[{ required: true }]}>
              <InputNumber min={1} max={65535} data-testid="mail-port" />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="security" label={t('mail.security')}>
            <Select
              data-testid="mail-security"
              options={MAIL_SECURITIES.map((s) => ({ value: s, label: t(`mail.securities.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="user" label={t('mail.user')} extra={t('mail.userHelp')}>
            <Input data-testid="mail-user" autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('mail.password')}
            extra={settings.passwordSet ? t('mail.passwordKept') : undefined}
          >
            <Input.Password data-testid="mail-password" autoComplete="new-password" />
          </Form.Item>
          {settings.passwordSet && (
            <Form.Item name="removePassword" valuePropName="checked">
              <Checkbox>{t('mail.removePassword')}</Checkbox>
            </Form.Item>
          )}
          <Form.Item name="sender" label={t('mail.sender')}>
            <Input data-testid="mail-sender" placeholder="printwarden@example.org" />
          </Form.Item>
          <Form.Item name="caCertificate" label={t('mail.ca')} extra={t('mail.caHelp')}>
            <Input.TextArea rows={4} data-testid="mail-ca" placeholder="-----BEGIN CERTIFICATE-----" />
          </Form.Item>
          {saveError && <Alert type="error" showIcon message={saveError} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="mail-save">
            {t('common.save')}
          </Button>
        </Form>
      </Card>
      <Card title={t('mail.test')}>
        <Flex vertical gap={12} style={{ maxWidth: 640 }}>
          <Space.Compact block>
            <Input
              aria-label={t('mail.testTo')}
              placeholder={t('mail.testTo')}
              value={testTo}
              onChange={(e) => setTestTo(e.target.value)}
              data-testid="mail-test-to"
            />
            <Button
              icon={<MailOutlined />}
              loading={testing}
              disabled={!testTo.trim() || !settings.host}
              onClick={test}
              data-testid="mail-test-send"
            >
              {t('mail.testSend')}
            </Button>
          </Space.Compact>
          {testResult && (
            <Alert
              type={testResult.ok ? 'success' : 'error'}
              showIcon
              message={testResult.text}
              data-testid="mail-test-result"
            />
          )}
        </Flex>
      </Card>
    </Flex>
  );
}
