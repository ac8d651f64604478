import { request } from './client';
import type {
  Dashboard,
  DashboardPanel,
  DashboardScope,
  PanelDataByType,
  PanelOptions,
  PanelType,
} from './dashboardTypes';

export function getDashboard(scope: DashboardScope): Promise<Dashboard> {
  return request<Dashboard>('GET', `/dashboards/${scope}`);
}

/** Replaces the dashboard's panels (400 invalid_input names the panel and field). */
export function putDashboard(scope: DashboardScope, panels: DashboardPanel[]): Promise<Dashboard> {
  return request<Dashboard>('PUT', `/dashboards/${scope}`, { body: { panels } });
}

/** One panel type's data with its options in the query string. */
export function getPanelData<T extends PanelType>(type: T, options: PanelOptions = {}): Promise<PanelDataByType[T]> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(options)) query.set(name, String(value));
  const text = query.toString();
  const suffix = text ? `?${text}` : '';
  return request<PanelDataByType[T]>('GET', `/dashboard/panels/${encodeURIComponent(type)}${suffix}`);
}
