/** Dashboards and their panels' data (proto/openapi.json: Dashboard, DashboardPanel, *Panel). */

export const PANEL_TYPES = [
  'statusBreakdown',
  'devicesWithErrors',
  'lowSupplies',
  'counterTrends',
  'agentHealth',
] as const;
export type PanelType = (typeof PANEL_TYPES)[number];

export const PANEL_SIZES = ['small', 'medium', 'large'] as const;
/** A third, half or all of the dashboard's width. */
export type PanelSize = (typeof PANEL_SIZES)[number];

export type PanelOptions = Record<string, number | string>;

export interface DashboardPanel {
  type: PanelType;
  /** Empty: the console shows the type's name. */
  title: string;
  size: PanelSize;
  /** The options set; the others take their defaults. */
  options: PanelOptions;
}

export const DASHBOARD_SCOPES = ['shared', 'mine'] as const;
/** The shared dashboard (System Managers edit it) or the user's own. */
export type DashboardScope = (typeof DASHBOARD_SCOPES)[number];

export interface Dashboard {
  scope: DashboardScope;
  panels: DashboardPanel[];
  /** null: never saved, the default layout. */
  updatedAt: string | null;
}

/** Status breakdown categories, worst first. */
export const STATUS_CATEGORIES = ['service_call', 'error', 'warning', 'no_response', 'sleep', 'ok', 'unknown'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

export interface StatusBreakdownPanel {
  counts: Record<StatusCategory, number>;
  total: number;
}

export interface DeviceInError {
  id: number;
  name: string;
  ipAddress: string;
  model: string;
  location: string;
  severity: string;
  power: string;
  conditions: string[];
  since: string;
}
export interface DevicesWithErrorsPanel {
  devices: DeviceInError[];
}

export interface LowSupply {
  id: number;
  name: string;
  ipAddress: string;
  model: string;
  supply: string;
  colorant: string;
  percent: number;
  daysToEmpty: number | null;
}
export interface LowSuppliesPanel {
  thresholdPercent: number;
  total: number;
  devices: LowSupply[];
}

export interface PagesPoint {
  /** The day, or the week's Monday (UTC), "YYYY-MM-DD". */
  date: string;
  pages: number;
  devices: number;
}
export interface CounterTrendsPanel {
  interval: 'day' | 'week';
  from: string;
  to: string;
  points: PagesPoint[];
}

export interface AgentHealth {
  id: number;
  name: string;
  status: 'inactive' | 'active' | 'unreachable';
  lastContact: string | null;
  devices: number;
  outboxRecords: number | null;
  outboxSampledAt: string | null;
}
export interface AgentHealthPanel {
  agents: AgentHealth[];
}

export interface PanelDataByType {
  statusBreakdown: StatusBreakdownPanel;
  devicesWithErrors: DevicesWithErrorsPanel;
  lowSupplies: LowSuppliesPanel;
  counterTrends: CounterTrendsPanel;
  agentHealth: AgentHealthPanel;
}
