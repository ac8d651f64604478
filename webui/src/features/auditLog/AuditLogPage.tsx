import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Input,
  InputNumber,
  Select,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  exportAuditLog,
  getAuditLogSettings,
  listAuditLog,
  putAuditLogSettings,
  type AuditFilter,
  type AuditRecord,
  type AuditResult,
} from '../../api';
import { errorMessage } from '../../i18n/errorMessage';
import { useFormatters } from '../../i18n/format';
import { PageHeader, RefreshButton } from '../common/PageHeader';
import { rowTestId } from '../common/tableParts';
import { usePolling } from '../common/usePolling';
import { ExportButton } from '../reports/ReportControls';

/** The categories offered in the filter (an action's first word); others can be typed in the API. */
export const AUDIT_CATEGORIES = [
  'auth',
  'devices',
  'agents',
  'credentials',
  'groups',
  'regions',
  'tasks',
  'settings',
  'users',
] as const;

const PAGE_SIZES = [20, 50, 100, 200];

/** The details of one record: what changed, what was sent, and the other facts. */
function RecordDetails({ record }: { record: AuditRecord }) {
  const { t } = useTranslation();
  const { before, after, request, ...facts } = record.details;
  const json = (value: unknown) => (
    <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(value, null, 2)}</pre>
  );
  const items = [
    { key: 'route', label: t('auditLog.details.route'), children: `${record.method} ${record.route}` },
    ...(before !== undefined ? [{ key: 'before', label: t('auditLog.details.before'), children: json(before) }] : []),
    ...(after !== undefined ? [{ key: 'after', label: t('auditLog.details.after'), children: json(after) }] : []),
    ...(request !== undefined
      ? [{ key: 'request', label: t('auditLog.details.request'), children: json(request) }]
      : []),
    ...(Object.keys(facts).length > 0
      ? [{ key: 'facts', label: t('auditLog.details.other'), children: json(facts) }]
      : []),
  ];
  return <Descriptions size="small" column={1} bordered items={items} data-testid={`audit-details-${record.id}`} />;
}

/** Days the log is kept; older records are purged once a day. */
function RetentionCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [days, setDays] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    getAuditLogSettings()
      .then((s) => setDays(s.retentionDays))
      .catch((e: unknown) => void message.error(errorMessage(e, t)));
  }, [message, t]);
  const save = async () => {
    if (days === null) return;
    setSaving(true);
    try {
      setDays((await putAuditLogSettings({ retentionDays: days })).retentionDays);
      void message.success(t('auditLog.retention.saved'));
    } catch (e) {
      void message.error(errorMessage(e, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={t('auditLog.retention.title')}>
      <Flex gap={8} align="center" wrap>
        <label htmlFor="audit-retention">{t('auditLog.retention.days')}</label>
        <InputNumber
          id="audit-retention"
          min={1}
          max={3650}
          precision={0}
          value={days}
          onChange={(v) => setDays(v)}
          data-testid="audit-retention"
        />
        <Button
          onClick={() => void save()}
          loading={saving}
          disabled={days === null}
          data-testid="audit-retention-save"
        >
          {t('common.save')}
        </Button>
      </Flex>
    </Card>
  );
}

/** Reports > Audit Log (System Managers): who changed what, when, from where, and how it ended. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [userText, setUserText] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const key = JSON.stringify([filter, paging]);
  const log = usePolling(
    () => listAuditLog(filter, paging.page, paging.pageSize),
    () => null,
    key,
  );

  const change = (next: Partial<AuditFilter>) => {
    setFilter((current) => ({ ...current, ...next }));
    setPaging((p) => ({ ...p, page: 1 }));
  };

  const columns: TableColumnsType<AuditRecord> = useMemo(
    () => [
      { key: 'at', title: t('auditLog.columns.time'), render: (_, r) => fmt.dateTime(r.at), width: 190 },
      {
        key: 'user',
        title: t('auditLog.columns.user'),
        render: (_, r) => (
          <Flex gap={4} wrap>
            <span>{r.username || t('common.none')}</span>
            {r.actor === 'anonymous' && <Tag>{t('auditLog.actor.anonymous')}</Tag>}
            {r.actor === 'token' && <Tag color="purple">{t('auditLog.actor.token', { id: r.tokenId })}</Tag>}
          </Flex>
        ),
      },
      { key: 'address', title: t('auditLog.columns.address'), dataIndex: 'address' },
      {
        key: 'action',
        title: t('auditLog.columns.action'),
        render: (_, r) => <Typography.Text code>{r.action}</Typography.Text>,
      },
      { key: 'target', title: t('auditLog.columns.target'), render: (_, r) => r.target || t('common.none') },
      {
        key: 'result',
        title: t('auditLog.columns.result'),
        render: (_, r) => (
          <Tag color={r.result === 'success' ? 'green' : 'red'} data-testid={`audit-result-${r.id}`}>
            {t(`auditLog.result.${r.result}`)} ({r.status})
          </Tag>
        ),
      },
    ],
    [t, fmt.language],
  );

  return (
    <Flex vertical gap={16} data-testid="audit-log-page">
      <PageHeader
        title={t('auditLog.title')}
        description={t('auditLog.description')}
        extra={
          <>
            <RefreshButton onClick={log.refresh} />
            <ExportButton onExport={(format) => exportAuditLog(filter, format)} />
          </>
        }
      />
      <Flex gap={8} wrap>
        <DatePicker.RangePicker
          showTime
          aria-label={t('auditLog.filters.period')}
          onChange={(values) =>
            change({ from: values?.[0]?.toISOString() ?? undefined, to: values?.[1]?.toISOString() ?? undefined })
          }
          data-testid="audit-filter-period"
        />
        <Input.Search
          allowClear
          placeholder={t('auditLog.filters.user')}
          aria-label={t('auditLog.filters.user')}
          value={userText}
          onChange={(e) => setUserText(e.target.value)}
          onSearch={(value) => change({ user: value.trim() || undefined })}
          style={{ width: 220 }}
          data-testid="audit-filter-user"
        />
        <Select<string>
          allowClear
          placeholder={t('auditLog.filters.category')}
          aria-label={t('auditLog.filters.category')}
          style={{ width: 200 }}
          options={AUDIT_CATEGORIES.map((c) => ({ value: c, label: t(`auditLog.categories.${c}`) }))}
          onChange={(value) => change({ action: value || undefined })}
          data-testid="audit-filter-category"
        />
        <Select<AuditResult>
          allowClear
          placeholder={t('auditLog.filters.result')}
          aria-label={t('auditLog.filters.result')}
          style={{ width: 160 }}
          options={(['success', 'failure'] as const).map((r) => ({ value: r, label: t(`auditLog.result.${r}`) }))}
          onChange={(value) => change({ result: value || undefined })}
          data-testid="audit-filter-result"
        />
      </Flex>
      {log.error !== null && <Alert type="error" showIcon message={errorMessage(log.error, t)} />}
      <Table<AuditRecord>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={log.data?.items ?? []}
        loading={log.loading}
        onRow={rowTestId('audit-row', (r) => r.id)}
        expandable={{ expandedRowRender: (r) => <RecordDetails record={r} /> }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: log.data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { count: total }),
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
      />
      <RetentionCard />
    </Flex>
  );
}
