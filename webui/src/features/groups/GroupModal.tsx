import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Modal, Radio, Select, TreeSelect, Typography, type ButtonProps } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import {
  createGroup,
  updateGroup,
  type Agent,
  type DeviceGroup,
  type DeviceGroupNode,
  type GroupKind,
} from '../../api';
import { useSubmit } from '../common/useSubmit';
import {
  conditionsFromFilter,
  filterFromConditions,
  GROUP_FILTER_FIELDS,
  subtreeIds,
  type FilterCondition,
  type GroupFilterField,
} from './groupTree';

interface GroupForm {
  kind: GroupKind;
  parentId?: number | null;
  name: string;
  comment?: string;
  conditions: FilterCondition[];
}

const FIELD_LABEL_KEYS: Record<GroupFilterField, string> = {
  name: 'devices.columns.name',
  ipAddress: 'devices.columns.ipAddress',
  hostname: 'devices.columns.hostname',
  vendor: 'devices.columns.vendor',
  model: 'devices.columns.model',
  serial: 'devices.columns.serial',
  mac: 'devices.columns.mac',
  location: 'devices.columns.location',
  contact: 'devices.columns.contact',
  firmware: 'devices.columns.firmware',
  state: 'devices.columns.state',
  agentId: 'devices.columns.agent',
};

/** Creates a group (under `parentId` when given) or edits `existing`; the kind is fixed once created. */
export function GroupModal({
  open,
  existing,
  parentId,
  tree,
  agents,
  onClose,
  onSaved,
}: {
  open: boolean;
  existing?: DeviceGroupNode;
  parentId?: number | null;
  tree: DeviceGroupNode[];
  agents: Agent[];
  onClose: () => void;
  onSaved: (group: DeviceGroup) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GroupForm>();
  const { saving, error, submit: save, clear } = useSubmit();
  const kind = Form.useWatch('kind', form);
  const conditions = (Form.useWatch('conditions', form) ?? []) as FilterCondition[];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      existing
        ? {
            kind: existing.kind,
            parentId: existing.parentId,
            name: existing.name,
            comment: existing.comment,
            conditions: conditionsFromFilter(existing.filter),
          }
        : { kind: 'static', parentId: parentId ?? null, name: '', comment: '', conditions: [] },
    );
    clear();
  }, [open, existing, parentId, form, clear]);

  // Possible parents: every group but the edited one and those below it (no loops).
  const parentTree = useMemo(() => {
    const excluded = existing ? subtreeIds(existing) : new Set<number>();
    interface ParentOption {
      value: number;
      title: string;
      children: ParentOption[];
    }
    const toOptions = (nodes: DeviceGroupNode[]): ParentOption[] =>
      nodes
        .filter((n) => !excluded.has(n.id))
        .map((n) => ({ value: n.id, title: n.name, children: toOptions(n.children) }));
    return toOptions(tree);
  }, [tree, existing]);

  const valueOptions = (field: GroupFilterField | undefined) => {
    if (field === 'state') {
      return (['managed', 'unmanaged'] as const).map((s) => ({ value: s, label: t(`devices.state.${s}`) }));
    }
    if (field === 'agentId') return agents.map((a) => ({ value: String(a.id), label: a.name }));
    return undefined;
  };

  const submit = (values: GroupForm) => {
    const filter = filterFromConditions(values.conditions ?? []);
    return save(async () => {
      const saved = existing
        ? await updateGroup(existing.id, {
            name: values.name,
            parentId: values.parentId ?? null,
            comment: values.comment ?? '',
            ...(existing.kind === 'dynamic' ? { filter } : {}),
          })
        : await createGroup({
            name: values.name,
            kind: values.kind,
            parentId: values.parentId ?? null,
            comment: values.comment ?? '',
            filter: values.kind === 'dynamic' ? filter : null,
          });
      onSaved(saved);
    });
  };

  return (
    <Modal
      open={open}
      title={existing ? t('groups.form.editTitle') : t('groups.form.createTitle')}
      okText={existing ? t('common.save') : t('groups.form.create')}
      okButtonProps={{ loading: saving, 'data-testid': 'group-save' } as ButtonProps}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      <Form<GroupForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="group-form">
        <Form.Item name="kind" label={t('groups.form.kind')} extra={existing ? t('groups.form.kindFixed') : undefined}>
          <Radio.Group disabled={existing !== undefined}>
            <Radio value="static" data-testid="group-kind-static">
              {t('groups.form.kindStatic')}
            </Radio>
            <Radio value="dynamic" data-testid="group-kind-dynamic">
              {t('groups.form.kindDynamic')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="parentId" label={t('groups.form.parent')}>
          <TreeSelect
            allowClear
            treeDefaultExpandAll
            placeholder={t('groups.form.noParent')}
            treeData={parentTree}
            data-testid="group-parent"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('groups.form.name')}
          rules={[{ required: true, whitespace: true, message: t('groups.form.nameRequired') }, { max: 100 }]}
        >
          <Input maxLength={100} data-testid="group-name" />
        </Form.Item>
        <Form.Item name="comment" label={t('groups.form.comment')}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="group-comment" />
        </Form.Item>
        {kind === 'dynamic' && (
          <Form.Item label={t('groups.form.filter')} extra={t('groups.form.filterHint')}>
            <Form.List name="conditions">
              {(fields, { add, remove }) => (
                <Flex vertical gap={8}>
                  {fields.map(({ key, name }) => (
                    <Flex key={key} gap={8} align="flex-start" data-testid={`group-condition-${name}`}>
                      <Form.Item name={[name, 'field']} noStyle rules={[{ required: true }]}>
                        <Select
                          style={{ width: 180 }}
                          placeholder={t('groups.form.field')}
                          options={GROUP_FILTER_FIELDS.map((f) => ({ value: f, label: t(FIELD_LABEL_KEYS[f]) }))}
                          data-testid={`group-condition-field-${name}`}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[name, 'values']}
                        noStyle
                        rules={[{ required: true, type: 'array', min: 1, message: t('groups.form.valuesRequired') }]}
                      >
                        <Select
                          mode={valueOptions(conditions[name]?.field) ? 'multiple' : 'tags'}
                          style={{ flex: 1 }}
                          tokenSeparators={[',']}
                          placeholder={t('groups.form.values')}
                          options={valueOptions(conditions[name]?.field)}
                          data-testid={`group-condition-values-${name}`}
                        />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={t('groups.form.removeCondition')}
                        onClick={() => remove(name)}
                      />
                    </Flex>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ values: [] })}
                    data-testid="group-add-condition"
                  >
                    {t('groups.form.addCondition')}
                  </Button>
                  {fields.length === 0 && (
                    <Typography.Text type="secondary">{t('groups.form.noCondition')}</Typography.Text>
                  )}
                </Flex>
              )}
            </Form.List>
          </Form.Item>
        )}
        {error && <Alert type="error" showIcon message={error} data-testid="group-error" />}
      </Form>
    </Modal>
  );
}
