import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { PANEL_SIZES, type DashboardPanel, type PanelOptions } from '../../api';
import { OPTION_SPECS, effectiveOptions } from './layout';

interface Values {
  title: string;
  size: DashboardPanel['size'];
  options: PanelOptions;
}

/** A panel's title, width and type options; OK hands the changed panel back. */
export function PanelSettings({
  panel,
  onDone,
  onCancel,
}: {
  panel: DashboardPanel | null;
  onDone: (panel: DashboardPanel) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (panel) form.setFieldsValue({ title: panel.title, size: panel.size, options: effectiveOptions(panel) });
  }, [panel, form]);
  if (!panel) return null;
  const specs = OPTION_SPECS[panel.type];
  const finish = (values: Values) => {
    // Keep only the options that differ from their defaults: a later default change reaches them.
    const options: PanelOptions = {};
    for (const spec of specs) {
      const value = values.options?.[spec.name];
      if (value !== undefined && value !== null && value !== spec.default) options[spec.name] = value;
    }
    onDone({ ...panel, title: values.title.trim(), size: values.size, options });
  };
  return (
    <Modal
      open
      title={t('dashboard.settings.title', { type: t(`dashboard.type.${panel.type}`) })}
      okText={t('dashboard.settings.apply')}
      onOk={() => form.submit()}
      onCancel={onCancel}
      okButtonProps={{ 'data-testid': 'panel-settings-ok' } as Record<`data-${string}`, string>}
      destroyOnClose
    >
      <Form form={form} layout="vertical" onFinish={finish} data-testid="panel-settings">
        <Form.Item name="title" label={t('dashboard.settings.panelTitle')} rules={[{ max: 80 }]}>
          <Input placeholder={t(`dashboard.type.${panel.type}`)} maxLength={80} data-testid="panel-title-input" />
        </Form.Item>
        <Form.Item name="size" label={t('dashboard.settings.size')}>
          <Select
            data-testid="panel-size-select"
            options={PANEL_SIZES.map((s) => ({ value: s, label: t(`dashboard.size.${s}`) }))}
          />
        </Form.Item>
        {specs.map((spec) => (
          <Form.Item key={spec.name} name={['options', spec.name]} label={t(`dashboard.option.${spec.name}`)}>
            {spec.kind === 'number' ? (
              <InputNumber min={spec.min} max={spec.max} precision={0} data-testid={`panel-option-${spec.name}`} />
            ) : (
              <Select
                data-testid={`panel-option-${spec.name}`}
                options={spec.choices.map((c) => ({ value: c, label: t(`dashboard.choice.${spec.name}.${c}`) }))}
              />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
