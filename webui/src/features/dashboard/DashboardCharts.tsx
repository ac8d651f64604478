// Loaded on demand (React.lazy): recharts is a chunk of its own (vite.config.ts), fetched with
// the first chart.
import {
  Area,
  AreaChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTranslation } from 'react-i18next';

import { STATUS_CATEGORIES, type PagesPoint, type StatusBreakdownPanel, type StatusCategory } from '../../api';
import { useFormatters } from '../../i18n/format';

/** One colour per category, in line with the status tags (magenta, red, gold, grey, blue, green). */
export const CATEGORY_COLORS: Record<StatusCategory, string> = {
  service_call: '#c41d7f',
  error: '#f5222d',
  warning: '#faad14',
  no_response: '#8c8c8c',
  sleep: '#1677ff',
  ok: '#52c41a',
  unknown: '#d9d9d9',
};

/** The status breakdown as a donut (or a pie); a click on a slice calls onSelect with its category. */
export function StatusPie({
  data,
  chart,
  onSelect,
}: {
  data: StatusBreakdownPanel;
  chart: string;
  onSelect: (category: StatusCategory) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const rows = STATUS_CATEGORIES.filter((c) => data.counts[c] > 0).map((c) => ({ category: c, value: data.counts[c] }));
  return (
    <div data-testid="status-chart" style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer>
        <PieChart>
          <Pie
            data={rows}
            dataKey="value"
            nameKey="category"
            innerRadius={chart === 'pie' ? 0 : '55%'}
            outerRadius="85%"
            isAnimationActive={false}
            onClick={(_, index) => onSelect(rows[index].category)}
            cursor="pointer"
          >
            {rows.map((row) => (
              <Cell
                key={row.category}
                fill={CATEGORY_COLORS[row.category]}
                data-testid={`status-slice-${row.category}`}
              />
            ))}
          </Pie>
          <Tooltip formatter={(value, name) => [fmt.number(Number(value)), t(`dashboard.category.${String(name)}`)]} />
          <Legend formatter={(name: string) => t(`dashboard.category.${name}`)} />
        </PieChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Fleet pages per day or week, as an area or a line. */
export function PagesChart({
  points,
  chart,
  interval,
}: {
  points: readonly PagesPoint[];
  chart: string;
  interval: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const label = t(interval === 'week' ? 'dashboard.trend.pagesPerWeek' : 'dashboard.trend.pagesPerDay');
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="date" tickFormatter={(d: string) => fmt.date(d)} minTickGap={24} />
      <YAxis tickFormatter={(v: number) => fmt.number(v, { notation: 'compact' })} width={56} />
      <Tooltip labelFormatter={(d) => fmt.date(String(d))} formatter={(value) => [fmt.number(Number(value)), label]} />
    </>
  );
  return (
    <div data-testid="pages-chart" data-points={points.length} style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer>
        {chart === 'line' ? (
          <LineChart data={[...points]}>
            {axes}
            <Line dataKey="pages" stroke="#1677ff" dot={points.length < 40} isAnimationActive={false} />
          </LineChart>
        ) : (
          <AreaChart data={[...points]}>
            {axes}
            <Area dataKey="pages" stroke="#1677ff" fill="#bae0ff" isAnimationActive={false} />
          </AreaChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
