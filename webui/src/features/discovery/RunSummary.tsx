import { Alert, Col, Progress, Row, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import type { DiscoveryFailure, DiscoveryRun, DiscoveryRunAgent } from '../../api';
import { useFormatters } from '../../i18n/format';
import { agentsPercent, isRunning, runPercent } from './runs';
import { RunStateTag } from './RunStateTag';

/** Overall progress, the counts found so far, per-Agent progress and the failures of a run. */
export function RunSummary({ run, compact = false }: { run: DiscoveryRun; compact?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { summary } = run;
  const status = isRunning(run) ? 'active' : run.state === 'succeeded' ? 'success' : 'exception';

  return (
    <div data-testid="run-summary" data-state={run.state}>
      <Progress percent={runPercent(run)} status={run.state === 'cancelled' ? 'normal' : status} />
      <Row gutter={16} style={{ marginTop: 12 }}>
        {(['probed', 'found', 'created', 'updated'] as const).map((key) => (
          <Col span={6} key={key}>
            <Statistic
              title={t(`discovery.summary.${key}`)}
              value={fmt.number(summary[key])}
              valueStyle={{ fontSize: 20 }}
            />
          </Col>
        ))}
      </Row>
      {!compact && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('discovery.details.agents')}
          </Typography.Title>
          <Table<DiscoveryRunAgent>
            rowKey="agentId"
            size="small"
            pagination={false}
            dataSource={run.agents}
            data-testid="run-agents"
            columns={[
              { key: 'agent', title: t('discovery.columns.agent'), dataIndex: 'agentName' },
              {
                key: 'state',
                title: t('discovery.columns.state'),
                render: (_, a) => <RunStateTag state={a.state} />,
              },
              {
                key: 'progress',
                title: t('discovery.columns.progress'),
                render: (_, a) => (
                  <div style={{ minWidth: 140 }}>
                    <Progress percent={isRunning(a) ? agentsPercent([a]) : 100} size="small" />
                    <Typography.Text type="secondary">
                      {t('discovery.details.agentProgress', {
                        done: fmt.number(a.progress.done),
                        total: fmt.number(a.progress.total),
                        found: fmt.number(a.progress.found),
                      })}
                    </Typography.Text>
                    {a.error && <Alert type="error" showIcon message={a.error.message} style={{ marginTop: 4 }} />}
                  </div>
                ),
              },
            ]}
          />
        </>
      )}
      {summary.failures.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('discovery.details.failures', { count: summary.failures.length })}
          </Typography.Title>
          <Table<DiscoveryFailure>
            rowKey={(f) => `${f.address}-${f.kind}`}
            size="small"
            dataSource={summary.failures}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            data-testid="run-failures"
            columns={[
              { key: 'address', title: t('discovery.columns.address'), dataIndex: 'address' },
              { key: 'kind', title: t('discovery.columns.kind'), dataIndex: 'kind' },
              { key: 'message', title: t('discovery.columns.message'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </div>
  );
}
