import { Alert, Form, Input, Modal, Radio, Select, type ButtonProps } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { createCredential, updateCredential, type Agent, type Credential, type CredentialKind } from '../../api';
import { useSubmit } from '../common/useSubmit';
import { createBody, initialForm, KINDS, secretRequired, updateBody, type CredentialForm } from './credentialKinds';

/** Creates a credential of `kind`, or edits `existing` (whose secrets are never shown). */
export function CredentialModal({
  open,
  kind,
  existing,
  agents,
  onClose,
  onSaved,
}: {
  open: boolean;
  kind: CredentialKind;
  existing?: Credential;
  agents: Agent[];
  onClose: () => void;
  onSaved: (credential: Credential) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CredentialForm>();
  const { saving, error, submit: save, clear } = useSubmit();
  const spec = KINDS[kind];
  const fields = (Form.useWatch('fields', form) ?? {}) as CredentialForm['fields'];

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initialForm(kind, existing));
      clear();
    }
  }, [open, kind, existing, form, clear]);

  const submit = (values: CredentialForm) =>
    save(async () => {
      const saved = existing
        ? await updateCredential(existing.id, updateBody(kind, values))
        : await createCredential(createBody(kind, values));
      form.resetFields();
      onSaved(saved);
    });

  return (
    <Modal
      open={open}
      title={
        existing
          ? t('credentials.edit.title', { kind: t(`credentials.kinds.${kind}`) })
          : t('credentials.create.title', { kind: t(`credentials.kinds.${kind}`) })
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'credential-save' } as ButtonProps}
      destroyOnHidden
      forceRender
      width={600}
    >
      {error && (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="credential-error" />
      )}
      <Form<CredentialForm> form={form} layout="vertical" onFinish={submit} disabled={saving} autoComplete="off">
        <Form.Item name="description" label={t('credentials.fields.description')}>
          <Input maxLength={255} data-testid="credential-description" />
        </Form.Item>
        {spec.publicFields.map((f) => (
          <Form.Item
            key={f.name}
            name={['fields', f.name]}
            label={t(`credentials.fields.${f.name}`)}
            rules={f.required ? [{ required: true, whitespace: true, message: t('credentials.required') }] : []}
          >
            {f.options ? (
              <Select options={f.options.map((o) => ({ value: o, label: o }))} data-testid={`credential-${f.name}`} />
            ) : (
              <Input maxLength={255} data-testid={`credential-${f.name}`} />
            )}
          </Form.Item>
        ))}
        {spec.secretFields.map((s) => {
          const stored = existing?.secretsSet.includes(s.name) ?? false;
          const needed = s.requiredWhen(fields);
          return (
            <Form.Item
              key={s.name}
              name={['fields', s.name]}
              label={t(`credentials.fields.${s.name}`)}
              dependencies={[['fields', 'securityLevel']]}
              extra={stored ? t('credentials.secretKeep') : undefined}
              hidden={!needed && !stored}
              rules={[
                { required: secretRequired(s, fields, existing), message: t('credentials.required') },
                {
                  min: s.minLength,
                  max: s.maxLength,
                  message: t('credentials.secretLength', { min: s.minLength, max: s.maxLength }),
                },
              ]}
            >
              <Input.Password
                autoComplete="new-password"
                placeholder={stored ? t('credentials.secretStoredPlaceholder') : undefined}
                data-testid={`credential-${s.name}`}
              />
            </Form.Item>
          );
        })}
        <Form.Item name="access" label={t('credentials.fields.access')}>
          <Radio.Group
            options={[
              { value: 'read', label: t('credentials.access.read') },
              { value: 'readWrite', label: t('credentials.access.readWrite') },
            ]}
          />
        </Form.Item>
        <Form.Item name="agentIds" label={t('credentials.fields.agents')} extra={t('credentials.agentsHelp')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('credentials.allAgents')}
            options={agents.map((a) => ({ value: a.id, label: a.name }))}
            optionFilterProp="label"
            data-testid="credential-agents"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
