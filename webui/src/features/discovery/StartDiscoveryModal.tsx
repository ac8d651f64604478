import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Modal, Radio, Select, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { CONDITION_FIELDS, CONDITION_OPERATORS, startDiscovery, type Agent, type DiscoveryRun } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { startDiscoveryBody, type StartDiscoveryForm } from './startRequest';

/** Chooses Agents, registration conditions and method, and starts a run over their scopes. */
export function StartDiscoveryModal({
  open,
  agents,
  onClose,
  onStarted,
}: {
  open: boolean;
  agents: Agent[];
  onClose: () => void;
  onStarted: (run: DiscoveryRun) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StartDiscoveryForm>();
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const submit = async (values: StartDiscoveryForm) => {
    setStarting(true);
    setError(null);
    try {
      const run = await startDiscovery(startDiscoveryBody(values));
      form.resetFields();
      onStarted(run);
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('discovery.start.title')}
      okText={t('discovery.start.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      confirmLoading={starting}
      okButtonProps={{ 'data-testid': 'start-discovery-submit' } as ButtonProps}
      width={760}
      destroyOnHidden
      forceRender
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="start-error" />}
      <Form<StartDiscoveryForm>
        form={form}
        layout="vertical"
        initialValues={{ agentIds: [], method: 'managed', conditions: [] }}
        onFinish={submit}
        disabled={starting}
      >
        <Form.Item
          name="agentIds"
          label={t('discovery.start.agents')}
          extra={t('discovery.start.agentsHelp')}
          rules={[{ required: true, type: 'array', min: 1, message: t('discovery.start.agentsRequired') }]}
        >
          <Select
            mode="multiple"
            placeholder={t('discovery.start.agentsPlaceholder')}
            options={agents.map((a) => ({ value: a.id, label: a.name, disabled: !a.activated }))}
            optionFilterProp="label"
            data-testid="start-agents"
          />
        </Form.Item>

        <Typography.Text strong>{t('discovery.start.conditions')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('discovery.start.conditionsHelp')}</Typography.Paragraph>
        <Form.List name="conditions">
          {(rows, { add, remove }) => (
            <Flex vertical gap={0} data-testid="conditions">
              {rows.map((row) => (
                <Flex key={row.key} gap={8} align="baseline" data-testid={`condition-${row.name}`}>
                  <Form.Item
                    name={[row.name, 'field']}
                    rules={[{ required: true, message: t('discovery.start.fieldRequired') }]}
                    style={{ width: 180 }}
                  >
                    <Select
                      placeholder={t('discovery.start.field')}
                      options={CONDITION_FIELDS.map((f) => ({ value: f, label: t(`discovery.fields.${f}`) }))}
                      data-testid={`condition-${row.name}-field`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'operator']}
                    rules={[{ required: true, message: t('discovery.start.operatorRequired') }]}
                    style={{ width: 180 }}
                  >
                    <Select
                      placeholder={t('discovery.start.operator')}
                      options={CONDITION_OPERATORS.map((o) => ({ value: o, label: t(`discovery.operators.${o}`) }))}
                      data-testid={`condition-${row.name}-operator`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'value']}
                    rules={[{ required: true, whitespace: true, message: t('discovery.start.valueRequired') }]}
                    style={{ flex: 1 }}
                  >
                    <Input placeholder={t('discovery.start.value')} data-testid={`condition-${row.name}-value`} />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('discovery.start.removeCondition')}
                    onClick={() => remove(row.name)}
                    data-testid={`condition-${row.name}-remove`}
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ field: undefined, operator: 'equals', value: '' })}
                data-testid="add-condition"
                style={{ marginBottom: 16 }}
              >
                {t('discovery.start.addCondition')}
              </Button>
            </Flex>
          )}
        </Form.List>

        <Form.Item name="method" label={t('discovery.start.method')} extra={t('discovery.start.methodHelp')}>
          <Radio.Group
            options={[
              { value: 'managed', label: t('devices.state.managed') },
              { value: 'unmanaged', label: t('devices.state.unmanaged') },
            ]}
            data-testid="start-method"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
