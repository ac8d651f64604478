import { Card, Table, Tag, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

import type { StatusEdge, StatusHistory } from '../../api';
import { useFormatters } from '../../i18n/format';
import { useConditionLabel } from './StatusCard';
import { StatusTags } from './StatusTags';

/** Status edges of the last 30 days, newest first: each status, when it began and ended. */
export function HistoryCard({ history, now }: { history: StatusHistory; now: Date }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const conditionLabel = useConditionLabel();
  const none = t('common.none');
  const edges = [...history.items].sort((a, b) => b.start.localeCompare(a.start));

  const columns: TableColumnsType<StatusEdge> = [
    {
      key: 'status',
      title: t('monitoring.history.status'),
      render: (_, e) => <StatusTags severity={e.severity} power={e.power} />,
    },
    {
      key: 'conditions',
      title: t('monitoring.status.conditions'),
      render: (_, e) =>
        e.conditions.length === 0 ? none : e.conditions.map((c) => <Tag key={c}>{conditionLabel(c)}</Tag>),
    },
    { key: 'start', title: t('monitoring.history.start'), render: (_, e) => fmt.dateTime(e.start) },
    {
      key: 'end',
      title: t('monitoring.history.end'),
      render: (_, e) => (e.end ? fmt.dateTime(e.end) : <Tag color="processing">{t('monitoring.history.ongoing')}</Tag>),
    },
    {
      key: 'duration',
      title: t('monitoring.history.duration'),
      render: (_, e) => fmt.duration((e.end ? new Date(e.end) : now).getTime() - new Date(e.start).getTime()),
    },
  ];

  return (
    <Card title={t('monitoring.history.title')} data-testid="history-card">
      <Table<StatusEdge>
        rowKey="start"
        size="small"
        columns={columns}
        dataSource={edges}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('monitoring.history.none') }}
        onRow={(_, i) => ({ 'data-testid': `history-row-${i}` }) as HTMLAttributes<HTMLElement>}
        data-testid="history-table"
      />
    </Card>
  );
}
