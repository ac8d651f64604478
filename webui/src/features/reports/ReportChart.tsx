// Loaded on demand (React.lazy): the chart library is a chunk of its own.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { useFormatters } from '../../i18n/format';

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

/** One bar per period and series (stacked when asked), labels as the report gives them. */
export default function ReportChart({
  labels,
  series,
  values,
  stacked,
  unit,
}: {
  labels: readonly string[];
  series: readonly ChartSeries[];
  /** values[series key][period index] */
  values: Record<string, readonly (number | null)[]>;
  stacked?: boolean;
  unit?: string;
}) {
  const fmt = useFormatters();
  const rows = labels.map((label, i) => {
    const row: Record<string, string | number | null> = { label };
    for (const s of series) row[s.key] = values[s.key]?.[i] ?? null;
    return row;
  });
  return (
    <div data-testid="report-chart" data-points={rows.length} style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer>
        <BarChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" minTickGap={16} />
          <YAxis tickFormatter={(v: number) => fmt.number(v, { notation: 'compact' }) + (unit ?? '')} width={56} />
          <Tooltip
            formatter={(value, name) => [
              fmt.number(Number(value)) + (unit ?? ''),
              series.find((s) => s.key === name)?.label ?? String(name),
            ]}
          />
          <Legend formatter={(name: string) => series.find((s) => s.key === name)?.label ?? name} />
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              fill={s.color}
              stackId={stacked ? 'all' : undefined}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
