import { Card, Col, Empty, Flex, Row, Segmented, Skeleton, Table, Typography, type TableColumnsType } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { COUNTER_FIELDS, type CounterField, type CounterValue, type DeviceCounters } from '../../api';
import { useFormatters } from '../../i18n/format';
import type { CounterChartMode } from './CounterChart';
import { unitKey } from './LevelBar';

const CounterChart = lazy(() => import('./CounterChart'));

interface CounterRow extends CounterValue {
  field: CounterField;
}

/** The normalized counters of the latest reading, and the daily history as a chart. */
export function CountersCard({ counters }: { counters: DeviceCounters }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [mode, setMode] = useState<CounterChartMode>('readings');
  const normalized = counters.latest?.normalized ?? {};
  const rows: CounterRow[] = COUNTER_FIELDS.flatMap((field) => {
    const value = normalized[field];
    return value ? [{ field, ...value }] : [];
  });
  // The chart draws the counters any day of the history has, in the model's order.
  const charted = COUNTER_FIELDS.filter((f) => counters.daily.some((d) => d.counters[f] !== undefined));

  const columns: TableColumnsType<CounterRow> = [
    {
      key: 'field',
      title: t('monitoring.counters.counter'),
      render: (_, r) => t(`monitoring.counters.field.${r.field}`),
    },
    {
      key: 'value',
      title: t('monitoring.counters.value'),
      align: 'right',
      render: (_, r) => <span data-testid={`counter-${r.field}`}>{fmt.number(r.value)}</span>,
    },
    { key: 'unit', title: t('monitoring.counters.unit'), render: (_, r) => t(`monitoring.units.${unitKey(r.unit)}`) },
  ];

  return (
    <Card
      title={t('monitoring.counters.title')}
      extra={
        counters.readAt && (
          <Typography.Text type="secondary">
            {t('monitoring.readAt', { time: fmt.dateTime(counters.readAt) })}
          </Typography.Text>
        )
      }
      data-testid="counters-card"
    >
      {counters.latest === null ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.notPolled')} />
      ) : (
        <Row gutter={[24, 24]}>
          <Col xs={24} xl={8}>
            <Table<CounterRow>
              rowKey="field"
              size="small"
              columns={columns}
              dataSource={rows}
              pagination={false}
              locale={{ emptyText: t('monitoring.counters.none') }}
              data-testid="counters-table"
            />
          </Col>
          <Col xs={24} xl={16}>
            <Flex vertical gap={12}>
              <Flex justify="space-between" align="center" wrap gap={8}>
                <Typography.Text strong>{t('monitoring.counters.history')}</Typography.Text>
                <Segmented<CounterChartMode>
                  value={mode}
                  onChange={setMode}
                  options={[
                    { value: 'readings', label: t('monitoring.counters.readings') },
                    { value: 'usage', label: t('monitoring.counters.usage') },
                  ]}
                />
              </Flex>
              {counters.daily.length === 0 || charted.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.counters.noHistory')} />
              ) : (
                <Suspense fallback={<Skeleton active />}>
                  <CounterChart daily={counters.daily} fields={charted} mode={mode} />
                </Suspense>
              )}
            </Flex>
          </Col>
        </Row>
      )}
    </Card>
  );
}
