import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  SaveOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';

import {
  getDashboard,
  PANEL_TYPES,
  putDashboard,
  type Dashboard,
  type DashboardPanel,
  type DashboardScope,
  type PanelType,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import { PageHeader } from '../common/PageHeader';
import { MAX_PANELS, SIZE_SPANS, addPanel, movePanel, removePanel, replacePanel } from './layout';
import { PanelContent } from './PanelContent';
import { PanelSettings } from './PanelSettings';

/** Dashboard: the shared one or the user's own, its panels in a grid, and an edit mode. */
export function DashboardPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { message } = App.useApp();
  // The dashboard shown is in the address (?view=mine), so a reload or a link keeps it.
  const [params, setParams] = useSearchParams();
  const scope: DashboardScope = params.get('view') === 'mine' ? 'mine' : 'shared';
  const setScope = (next: DashboardScope) => setParams(next === 'mine' ? { view: 'mine' } : {}, { replace: true });
  const [dashboard, setDashboard] = useState<Dashboard | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState<DashboardPanel[] | null>(null);
  const [newType, setNewType] = useState<PanelType>('statusBreakdown');
  const [settingsFor, setSettingsFor] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(async (which: DashboardScope) => {
    setDashboard(null);
    setLoadError(null);
    try {
      setDashboard(await getDashboard(which));
    } catch (e) {
      setLoadError(e);
    }
  }, []);
  useEffect(() => void load(scope), [scope, load]);

  const editing = draft !== null;
  const panels = draft ?? dashboard?.panels ?? [];

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    try {
      setDashboard(await putDashboard(scope, draft));
      setDraft(null);
      void message.success(t('dashboard.saved'));
    } catch (e) {
      void message.error(errorMessage(e, t));
    } finally {
      setSaving(false);
    }
  };

  const editButtons = editing ? (
    <>
      <Select
        value={newType}
        onChange={setNewType}
        style={{ minWidth: 200 }}
        data-testid="add-panel-type"
        options={PANEL_TYPES.map((type) => ({ value: type, label: t(`dashboard.type.${type}`) }))}
      />
      <Button
        icon={<PlusOutlined />}
        disabled={panels.length >= MAX_PANELS}
        onClick={() => setDraft(addPanel(panels, newType))}
        data-testid="add-panel"
      >
        {t('dashboard.addPanel')}
      </Button>
      <Button onClick={() => setDraft(null)} data-testid="dashboard-cancel">
        {t('common.cancel')}
      </Button>
      <Button
        type="primary"
        icon={<SaveOutlined />}
        loading={saving}
        onClick={() => void save()}
        data-testid="dashboard-save"
      >
        {t('common.save')}
      </Button>
    </>
  ) : (
    <Button
      icon={<EditOutlined />}
      disabled={!dashboard}
      onClick={() => setDraft([...panels])}
      data-testid="dashboard-edit"
    >
      {t('dashboard.edit')}
    </Button>
  );

  const panelTools = (index: number) => (
    <Space size={0}>
      <Tooltip title={t('dashboard.moveUp')}>
        <Button
          type="text"
          size="small"
          icon={<ArrowUpOutlined />}
          aria-label={t('dashboard.moveUp')}
          disabled={index === 0}
          onClick={() => setDraft(movePanel(panels, index, -1))}
          data-testid={`panel-up-${index}`}
        />
      </Tooltip>
      <Tooltip title={t('dashboard.moveDown')}>
        <Button
          type="text"
          size="small"
          icon={<ArrowDownOutlined />}
          aria-label={t('dashboard.moveDown')}
          disabled={index === panels.length - 1}
          onClick={() => setDraft(movePanel(panels, index, 1))}
          data-testid={`panel-down-${index}`}
        />
      </Tooltip>
      <Tooltip title={t('dashboard.panelSettings')}>
        <Button
          type="text"
          size="small"
          icon={<SettingOutlined />}
          aria-label={t('dashboard.panelSettings')}
          onClick={() => setSettingsFor(index)}
          data-testid={`panel-settings-${index}`}
        />
      </Tooltip>
      <Tooltip title={t('dashboard.removePanel')}>
        <Button
          type="text"
          size="small"
          danger
          icon={<DeleteOutlined />}
          aria-label={t('dashboard.removePanel')}
          onClick={() => setDraft(removePanel(panels, index))}
          data-testid={`panel-remove-${index}`}
        />
      </Tooltip>
    </Space>
  );

  return (
    <Flex vertical gap={16} data-testid="dashboard-page">
      <PageHeader
        title={t('dashboard.title')}
        description={t(scope === 'shared' ? 'dashboard.sharedDescription' : 'dashboard.mineDescription')}
        extra={
          <>
            <Segmented
              value={scope}
              disabled={editing}
              onChange={(value) => setScope(value as DashboardScope)}
              options={[
                {
                  value: 'shared',
                  label: <span data-testid="dashboard-scope-shared">{t('dashboard.scope.shared')}</span>,
                },
                { value: 'mine', label: <span data-testid="dashboard-scope-mine">{t('dashboard.scope.mine')}</span> },
              ]}
            />
            {editButtons}
          </>
        }
      />
      {dashboard && !editing && (
        <Typography.Text type="secondary" data-testid="dashboard-updated">
          {dashboard.updatedAt
            ? t('dashboard.updatedAt', { time: fmt.dateTime(dashboard.updatedAt) })
            : t('dashboard.defaultLayout')}
          {' · '}
          {t('dashboard.autoRefresh')}
        </Typography.Text>
      )}
      {loadError !== null && <Alert type="error" showIcon message={errorMessage(loadError, t)} />}
      {!dashboard && loadError === null && <Skeleton active />}
      {dashboard && panels.length === 0 && <Empty description={t('dashboard.empty')} />}
      <Row gutter={[16, 16]} data-testid="dashboard-panels" data-scope={scope}>
        {panels.map((panel, index) => (
          <Col key={`${index}-${panel.type}`} xs={24} xl={SIZE_SPANS[panel.size]}>
            <Card
              title={panel.title || t(`dashboard.type.${panel.type}`)}
              extra={editing ? panelTools(index) : undefined}
              data-testid={`panel-${index}`}
              data-type={panel.type}
              style={{ height: '100%' }}
            >
              <PanelContent panel={panel} />
            </Card>
          </Col>
        ))}
      </Row>
      <PanelSettings
        panel={settingsFor === null ? null : (panels[settingsFor] ?? null)}
        onCancel={() => setSettingsFor(null)}
        onDone={(changed) => {
          if (settingsFor !== null) setDraft(replacePanel(panels, settingsFor, changed));
          setSettingsFor(null);
        }}
      />
    </Flex>
  );
}
