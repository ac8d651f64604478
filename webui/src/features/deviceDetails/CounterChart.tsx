// Loaded on demand (React.lazy): the chart library is a chunk of its own, fetched only when a
// device's counters are shown.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTranslation } from 'react-i18next';

import type { CounterDay, CounterField } from '../../api';
import { useFormatters } from '../../i18n/format';

/** One colour per normalized counter, stable across devices. */
const COLORS: Record<CounterField, string> = {
  total: '#1677ff',
  black: '#262626',
  colour: '#eb2f96',
  print: '#13c2c2',
  copy: '#fa8c16',
  scan: '#722ed1',
  fax: '#a0d911',
  large: '#2f54eb',
  small: '#faad14',
};

export type CounterChartMode = 'readings' | 'usage';

/** The daily counter readings (lines) or the daily use computed from them (bars). */
export default function CounterChart({
  daily,
  fields,
  mode,
}: {
  daily: readonly CounterDay[];
  fields: readonly CounterField[];
  mode: CounterChartMode;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const rows = daily.map((d) => {
    const row: Record<string, number | string | undefined> = { day: d.day };
    for (const field of fields) row[field] = mode === 'readings' ? d.counters[field]?.value : d.usage[field]?.used;
    return row;
  });
  const common = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="day" tickFormatter={(day: string) => fmt.date(day)} minTickGap={24} />
      <YAxis tickFormatter={(v: number) => fmt.number(v, { notation: 'compact' })} width={56} />
      <Tooltip
        labelFormatter={(day) => fmt.date(String(day))}
        formatter={(value, name) => [fmt.number(Number(value)), t(`monitoring.counters.field.${String(name)}`)]}
      />
      <Legend formatter={(name: string) => t(`monitoring.counters.field.${name}`)} />
    </>
  );
  return (
    <div data-testid="counter-chart" data-mode={mode} data-points={rows.length} style={{ width: '100%', height: 280 }}>
      <ResponsiveContainer>
        {mode === 'readings' ? (
          <LineChart data={rows}>
            {common}
            {fields.map((f) => (
              <Line key={f} dataKey={f} stroke={COLORS[f]} dot={rows.length < 40} isAnimationActive={false} />
            ))}
          </LineChart>
        ) : (
          <BarChart data={rows}>
            {common}
            {fields.map((f) => (
              <Bar key={f} dataKey={f} fill={COLORS[f]} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
