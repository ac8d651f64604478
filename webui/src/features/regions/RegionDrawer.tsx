import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Flex, Form, Input, Select, Space, Typography, type ButtonProps } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { createRegion, REGION_RULE_TYPES, updateRegion, type Region, type RegionRuleType } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import {
  browserTimeZone,
  EMPTY_RULE,
  formToInput,
  regionErrors,
  ruleProblem,
  timeZoneNames,
  type RegionForm,
} from './regionRules';

const NAME_MAX_LENGTH = 100;
const DESCRIPTION_MAX_LENGTH = 1000;

/** Create (region null) or edit a region: name, description, time zone and one rule per row. */
export function RegionDrawer({
  open,
  region,
  onClose,
  onSaved,
}: {
  open: boolean;
  region: Region | null;
  onClose: () => void;
  onSaved: (saved: Region) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RegionForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const zones = useMemo(() => timeZoneNames().map((z) => ({ value: z, label: z })), []);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(
      region
        ? { name: region.name, description: region.description, timeZone: region.timeZone, rules: region.rules }
        : { name: '', description: '', timeZone: browserTimeZone(), rules: [EMPTY_RULE] },
    );
  }, [open, region, form]);

  const submit = async (values: RegionForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const input = formToInput(values);
      onSaved(region ? await updateRegion(region.id, input) : await createRegion(input));
    } catch (e) {
      const fields = regionErrors(e);
      if (fields.length === 0) {
        setError(errorMessage(e, t));
      } else {
        form.setFields(
          fields.map((f) => ({
            name: f.name,
            errors: [
              f.overlap
                ? t('regions.overlap', { region: f.overlap.regionName, rule: f.overlap.otherRule })
                : (f.message ?? ''),
            ],
          })),
        );
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Drawer
      open={open}
      width={640}
      title={region ? t('regions.edit.title', { name: region.name }) : t('regions.create.title')}
      onClose={onClose}
      destroyOnHidden
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={submitting}
            onClick={() => form.submit()}
            {...({ 'data-testid': 'region-submit' } as ButtonProps)}
          >
            {region ? t('regions.edit.submit') : t('regions.create.submit')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<RegionForm> form={form} layout="vertical" onFinish={submit} disabled={submitting} data-testid="region-form">
        <Form.Item
          name="name"
          label={t('regions.fields.name')}
          rules={[
            { required: true, whitespace: true, message: t('regions.fields.nameRequired') },
            { max: NAME_MAX_LENGTH, message: t('regions.fields.nameTooLong', { max: NAME_MAX_LENGTH }) },
          ]}
        >
          <Input autoFocus maxLength={NAME_MAX_LENGTH} data-testid="region-name" />
        </Form.Item>
        <Form.Item name="description" label={t('regions.fields.description')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={DESCRIPTION_MAX_LENGTH} />
        </Form.Item>
        <Form.Item
          name="timeZone"
          label={t('regions.fields.timeZone')}
          extra={t('regions.fields.timeZoneHelp')}
          rules={[{ required: true, message: t('regions.fields.timeZoneRequired') }]}
        >
          <Select
            showSearch
            options={zones}
            optionFilterProp="label"
            placeholder={t('regions.fields.timeZoneSearch')}
            data-testid="region-time-zone"
          />
        </Form.Item>

        <Typography.Text strong>{t('regions.rules.title')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('regions.rules.help')}
        </Typography.Paragraph>
        <Form.List name="rules">
          {(fields, { add, remove }) => (
            <Flex vertical gap={0}>
              {fields.map((field, index) => (
                <Flex key={field.key} gap={8} align="flex-start" data-testid={`region-rule-${index}`}>
                  <Form.Item name={[field.name, 'type']} style={{ width: 170, marginBottom: 12 }}>
                    <Select<RegionRuleType>
                      aria-label={t('regions.rules.type')}
                      options={REGION_RULE_TYPES.map((type) => ({
                        value: type,
                        label: t(`regions.ruleTypes.${type}`),
                      }))}
                      onChange={() => void form.validateFields([['rules', field.name, 'value']]).catch(() => {})}
                      data-testid={`region-rule-type-${index}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'value']}
                    style={{ flex: 1, marginBottom: 12 }}
                    validateTrigger={['onChange', 'onBlur']}
                    rules={[
                      {
                        validator: (_, value: string | undefined) => {
                          const type = form.getFieldValue(['rules', field.name, 'type']) as RegionRuleType;
                          const problem = ruleProblem(type, value ?? '');
                          return problem
                            ? Promise.reject(new Error(t(`regions.ruleErrors.${problem}`)))
                            : Promise.resolve();
                        },
                      },
                    ]}
                  >
                    <Input
                      aria-label={t('regions.rules.value')}
                      placeholder={t('regions.rules.placeholder')}
                      data-testid={`region-rule-value-${index}`}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('regions.rules.remove')}
                    onClick={() => remove(field.name)}
                    data-testid={`region-rule-remove-${index}`}
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ ...EMPTY_RULE })}
                data-testid="region-rule-add"
              >
                {t('regions.rules.add')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
