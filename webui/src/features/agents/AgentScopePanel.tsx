import { Alert, App, Button, Flex, Form, Input, List, Radio, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getAgentScope, putAgentScope, type ScopeOverlap } from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { formToScope, scopeErrors, scopeToForm, type EntryError, type ScopeField, type ScopeForm } from './scope';

const ROWS = { minRows: 3, maxRows: 10 };

/** The Manager's word on each refused entry, under the text area that holds it. */
function useFieldErrors() {
  const { t } = useTranslation();
  return (values: ScopeForm, refused: EntryError[]) => {
    const scope = formToScope(values);
    const lists: Record<ScopeField, string[]> = {
      ipv4: scope.ipv4,
      fqdnSuffixes: scope.fqdnSuffixes,
      addresses: scope.discovery.addresses,
      hostNames: scope.discovery.hostNames,
    };
    const errors: Record<ScopeField, string[]> = { ipv4: [], fqdnSuffixes: [], addresses: [], hostNames: [] };
    for (const r of refused) {
      const text = r.overlap
        ? t('agents.scope.overlap', {
            rule: r.overlap.rule,
            otherRule: r.overlap.otherRule,
            agent: r.overlap.agentName,
          })
        : (r.message ?? '');
      const entry = lists[r.name][r.index];
      errors[r.name].push(
        entry !== undefined && !r.overlap && !text.includes(entry)
          ? t('agents.scope.badEntry', { entry, message: text })
          : text,
      );
    }
    return (Object.keys(errors) as ScopeField[]).map((name) => ({ name, errors: errors[name] }));
  };
}

/** The IPv4 rules, FQDN suffixes and discovery settings of one Agent. */
export function AgentScopePanel({ agentId }: { agentId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ScopeForm>();
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [overlaps, setOverlaps] = useState<ScopeOverlap[]>([]);
  const method = Form.useWatch('method', form);
  const fieldErrors = useFieldErrors();

  useEffect(() => {
    let current = true;
    setLoaded(false);
    setLoadError(null);
    getAgentScope(agentId)
      .then((scope) => {
        if (!current) return;
        form.setFieldsValue(scopeToForm(scope));
        setLoaded(true);
      })
      .catch((e: unknown) => {
        if (current) setLoadError(e);
      });
    return () => {
      current = false;
    };
  }, [agentId, form]);

  const save = async (values: ScopeForm) => {
    setSaving(true);
    setSaveError(null);
    setOverlaps([]);
    try {
      const stored = await putAgentScope(agentId, formToScope(values));
      form.setFieldsValue(scopeToForm(stored));
      void message.success(t('agents.scope.saved'));
    } catch (e) {
      const refused = scopeErrors(e);
      setSaveError(errorMessage(e, t));
      setOverlaps(refused.flatMap((r) => (r.overlap ? [r.overlap] : [])));
      form.setFields(fieldErrors(values, refused));
    } finally {
      setSaving(false);
    }
  };

  if (loadError !== null) return <Alert type="error" showIcon message={errorMessage(loadError, t)} />;

  return (
    <div data-testid="agent-scope">
      {!loaded && <Skeleton active />}
      <Form<ScopeForm>
        form={form}
        layout="vertical"
        onFinish={save}
        disabled={saving}
        style={{ display: loaded ? undefined : 'none' }}
        onValuesChange={() => setSaveError(null)}
      >
        {saveError && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            message={saveError}
            data-testid="scope-error"
            description={
              overlaps.length > 0 && (
                <List
                  size="small"
                  dataSource={overlaps}
                  data-testid="scope-overlaps"
                  renderItem={(o) => (
                    <List.Item data-testid="scope-overlap">
                      {t('agents.scope.overlap', { rule: o.rule, otherRule: o.otherRule, agent: o.agentName })}
                    </List.Item>
                  )}
                />
              )
            }
          />
        )}
        <Typography.Title level={5}>{t('agents.scope.rangeTitle')}</Typography.Title>
        <Form.Item name="ipv4" label={t('agents.scope.ipv4')} extra={t('agents.scope.ipv4Help')}>
          <Input.TextArea autoSize={ROWS} placeholder={'10.0.0.0/24\n10.1.0.1-10.1.0.50'} data-testid="scope-ipv4" />
        </Form.Item>
        <Form.Item name="fqdnSuffixes" label={t('agents.scope.fqdn')} extra={t('agents.scope.fqdnHelp')}>
          <Input.TextArea autoSize={ROWS} placeholder="printers.example.com" data-testid="scope-fqdn" />
        </Form.Item>
        <Typography.Title level={5}>{t('agents.scope.discoveryTitle')}</Typography.Title>
        <Form.Item name="method" label={t('agents.scope.method')}>
          <Radio.Group
            options={[
              { value: 'scope', label: t('agents.scope.methodScope') },
              { value: 'specified', label: t('agents.scope.methodSpecified') },
            ]}
            data-testid="scope-method"
          />
        </Form.Item>
        <Form.Item
          name="addresses"
          label={t('agents.scope.addresses')}
          extra={t('agents.scope.addressesHelp')}
          hidden={method !== 'specified'}
        >
          <Input.TextArea autoSize={ROWS} placeholder="10.9.0.0/28" data-testid="scope-addresses" />
        </Form.Item>
        <Form.Item name="hostNames" label={t('agents.scope.hostNames')} extra={t('agents.scope.hostNamesHelp')}>
          <Input.TextArea autoSize={ROWS} placeholder="mfp1.example.com" data-testid="scope-hostnames" />
        </Form.Item>
        <Flex justify="flex-end">
          <Button type="primary" htmlType="submit" loading={saving} data-testid="scope-save">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </div>
  );
}
