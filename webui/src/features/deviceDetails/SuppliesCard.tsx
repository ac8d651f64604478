import { Card, Empty, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Amount, DeviceSupplies, InputTray, Supply } from '../../api';
import { useFormatters } from '../../i18n/format';
import { LevelBar, unitKey } from './LevelBar';

/** CSS colours of the usual colorant names, for a swatch next to the supply. */
const SWATCHES: Record<string, string> = {
  black: '#262626',
  cyan: '#13c2c2',
  magenta: '#eb2f96',
  yellow: '#fadb14',
  red: '#f5222d',
  green: '#52c41a',
  blue: '#1677ff',
};

function Colorant({ name }: { name: string }) {
  const swatch = SWATCHES[name.toLowerCase()];
  return (
    <Flex align="center" gap={6} data-colorant={name}>
      {swatch && (
        <span
          aria-hidden
          style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: swatch }}
        />
      )}
      {name}
    </Flex>
  );
}

/** An input tray, or an output bin whose level is its free space. */
type PaperHolder = Omit<InputTray, 'mediaName'> & { mediaName?: string };

/** A small table of one reading's rows (keyed by their index), without paging. */
export function ReadingTable<T extends { index: string }>({
  columns,
  rows,
  empty,
  testId,
}: {
  columns: TableColumnsType<T>;
  rows: T[];
  empty: string;
  testId: string;
}) {
  return (
    <Table<T>
      rowKey="index"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: empty }}
      data-testid={testId}
    />
  );
}

/** A capacity in its unit, or nothing when the device gave none. */
function useCapacity() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (amount: Amount | undefined, unit: string) =>
    amount?.state === 'value' && amount.value !== undefined
      ? `${fmt.number(amount.value)} ${t(`monitoring.units.${unitKey(unit)}`)}`
      : t('common.none');
}

/** Supplies with their levels, colorants and days-to-empty; input trays; output bins. */
export function SuppliesCard({ supplies }: { supplies: DeviceSupplies }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const capacity = useCapacity();
  const none = t('common.none');

  const supplyColumns: TableColumnsType<Supply> = [
    {
      key: 'description',
      title: t('monitoring.supplies.description'),
      render: (_, s) => (
        <>
          {s.description || none}
          <br />
          <Typography.Text type="secondary">{s.type}</Typography.Text>
        </>
      ),
    },
    {
      key: 'colorant',
      title: t('monitoring.supplies.colorant'),
      render: (_, s) => (s.colorant ? <Colorant name={s.colorant} /> : none),
    },
    {
      key: 'level',
      title: t('monitoring.supplies.level'),
      width: 220,
      render: (_, s) => (
        <LevelBar level={s.level} percent={s.percent} unit={s.unit} testId={`supply-level-${s.index}`} />
      ),
    },
    {
      key: 'daysToEmpty',
      title: t('monitoring.supplies.daysToEmpty'),
      render: (_, s) =>
        s.daysToEmpty === null || s.daysToEmpty === undefined
          ? none
          : `≈ ${fmt.number(s.daysToEmpty, { maximumFractionDigits: 0 })}`,
    },
    { key: 'capacity', title: t('monitoring.supplies.capacity'), render: (_, s) => capacity(s.maxCapacity, s.unit) },
  ];

  // Trays and bins read alike: a level (paper in a tray, free space in a bin) against a capacity.
  const paperColumns = (levelTitle: string, testPrefix: string): TableColumnsType<PaperHolder> => [
    { key: 'name', title: t('monitoring.trays.name'), render: (_, p) => p.name || p.index },
    ...(testPrefix === 'tray-level'
      ? [
          {
            key: 'media',
            title: t('monitoring.trays.media'),
            render: (_: unknown, p: PaperHolder) => p.mediaName || none,
          },
        ]
      : []),
    {
      key: 'level',
      title: levelTitle,
      width: 180,
      render: (_, p) => (
        <LevelBar
          level={p.level}
          percent={p.percent}
          unit={p.capacityUnit}
          size="small"
          testId={`${testPrefix}-${p.index}`}
        />
      ),
    },
    {
      key: 'capacity',
      title: t('monitoring.supplies.capacity'),
      render: (_, p) => capacity(p.maxCapacity, p.capacityUnit),
    },
    { key: 'type', title: t('monitoring.trays.type'), render: (_, p) => p.type || none },
  ];
  const bins: PaperHolder[] = supplies.outputBins.map((b) => ({
    ...b,
    level: b.remaining,
    percent: b.percentRemaining,
  }));

  if (!supplies.polled) {
    return (
      <Card title={t('monitoring.supplies.title')} data-testid="supplies-card">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.notPolled')} />
      </Card>
    );
  }
  return (
    <Card
      title={t('monitoring.supplies.title')}
      extra={
        supplies.readAt && (
          <Typography.Text type="secondary">
            {t('monitoring.readAt', { time: fmt.dateTime(supplies.readAt) })}
          </Typography.Text>
        )
      }
      data-testid="supplies-card"
    >
      <Flex vertical gap={24}>
        <ReadingTable<Supply>
          columns={supplyColumns}
          rows={supplies.items}
          empty={t('monitoring.supplies.none')}
          testId="supplies-table"
        />
        <Flex gap={24} wrap>
          <div style={{ flex: '1 1 420px', minWidth: 0 }}>
            <Typography.Title level={5}>{t('monitoring.trays.title')}</Typography.Title>
            <ReadingTable<PaperHolder>
              columns={paperColumns(t('monitoring.trays.level'), 'tray-level')}
              rows={supplies.inputTrays}
              empty={t('monitoring.trays.none')}
              testId="trays-table"
            />
          </div>
          <div style={{ flex: '1 1 420px', minWidth: 0 }}>
            <Typography.Title level={5}>{t('monitoring.bins.title')}</Typography.Title>
            <ReadingTable<PaperHolder>
              columns={paperColumns(t('monitoring.bins.free'), 'bin-free')}
              rows={bins}
              empty={t('monitoring.bins.none')}
              testId="bins-table"
            />
          </div>
        </Flex>
      </Flex>
    </Card>
  );
}
