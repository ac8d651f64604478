import { Alert, Checkbox, Form, Input, Modal, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { createAgent, isApiError, type AgentWithKey } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';

export const AGENT_NAME_MAX_LENGTH = 64;

interface CreateAgentForm {
  name: string;
  local: boolean;
}

export function CreateAgentModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (result: AgentWithKey) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateAgentForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: CreateAgentForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const result = await createAgent({ name: values.name.trim(), local: values.local });
      form.resetFields();
      onCreated(result);
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        form.setFields([{ name: 'name', errors: [t('agents.create.conflict')] }]);
      } else if (isApiError(e) && e.status === 400) {
        form.setFields([{ name: 'name', errors: [errorMessage(e, t)] }]);
      } else {
        setError(errorMessage(e, t));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const close = () => {
    form.resetFields();
    setError(null);
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t('agents.create.title')}
      okText={t('agents.create.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={close}
      okButtonProps={{ 'data-testid': 'create-agent-submit' } as ButtonProps}
      destroyOnHidden
      forceRender
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<CreateAgentForm>
        form={form}
        layout="vertical"
        initialValues={{ name: '', local: false }}
        onFinish={submit}
        disabled={submitting}
        data-testid="create-agent-form"
      >
        <Form.Item
          name="name"
          label={t('agents.create.name')}
          rules={[
            { required: true, whitespace: true, message: t('agents.create.nameRequired') },
            { max: AGENT_NAME_MAX_LENGTH, message: t('agents.create.nameTooLong') },
          ]}
        >
          <Input
            autoFocus
            placeholder={t('agents.create.namePlaceholder')}
            count={{ show: true, max: AGENT_NAME_MAX_LENGTH }}
            data-testid="agent-name-input"
          />
        </Form.Item>
        <Form.Item name="local" valuePropName="checked" extra={t('agents.create.localHelp')}>
          <Checkbox data-testid="agent-local-checkbox">{t('agents.create.local')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
