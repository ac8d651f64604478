import {
  BarChartOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  PrinterOutlined,
  ScheduleOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

/** A page of the console. Pages without `available` show the "not in this version" page. */
export interface NavPage {
  key: string;
  path: string;
  /** i18n key of the menu label. */
  labelKey: string;
  available?: boolean;
}

export interface NavGroup {
  key: string;
  labelKey: string;
  icon: ReactNode;
  /** A group with one page and no children is a top-level menu entry. */
  page?: NavPage;
  children?: NavPage[];
}

/** The product's menus, in order. */
export const NAVIGATION: readonly NavGroup[] = [
  {
    key: 'dashboard',
    labelKey: 'shell.menu.dashboard',
    icon: <DashboardOutlined />,
    page: { key: 'dashboard', path: '/dashboard', labelKey: 'shell.menu.dashboard', available: true },
  },
  {
    key: 'devices',
    labelKey: 'shell.menu.devices',
    icon: <PrinterOutlined />,
    children: [
      { key: 'devices-list', path: '/devices/list', labelKey: 'shell.menu.deviceList', available: true },
      { key: 'devices-discovery', path: '/devices/discovery', labelKey: 'shell.menu.discovery', available: true },
      { key: 'devices-groups', path: '/devices/groups', labelKey: 'shell.menu.deviceGroups', available: true },
      {
        key: 'devices-communication',
        path: '/devices/communication',
        labelKey: 'shell.menu.communicationSettings',
        available: true,
      },
    ],
  },
  {
    key: 'tasks',
    labelKey: 'shell.menu.tasks',
    icon: <ScheduleOutlined />,
    children: [
      { key: 'tasks-list', path: '/tasks/list', labelKey: 'shell.menu.taskList', available: true },
      { key: 'tasks-built-in', path: '/tasks/built-in', labelKey: 'shell.menu.builtInTasks', available: true },
      { key: 'tasks-history', path: '/tasks/history', labelKey: 'shell.menu.history', available: true },
    ],
  },
  {
    key: 'data-management',
    labelKey: 'shell.menu.dataManagement',
    icon: <DatabaseOutlined />,
    page: { key: 'data-management', path: '/data-management', labelKey: 'shell.menu.dataManagement' },
  },
  {
    key: 'reports',
    labelKey: 'shell.menu.reports',
    icon: <BarChartOutlined />,
    children: [
      { key: 'reports-counters', path: '/reports/counters', labelKey: 'shell.menu.counters', available: true },
      { key: 'reports-status', path: '/reports/status', labelKey: 'shell.menu.status', available: true },
      { key: 'reports-consumables', path: '/reports/consumables', labelKey: 'shell.menu.consumables', available: true },
      { key: 'reports-firmware', path: '/reports/firmware', labelKey: 'shell.menu.firmware', available: true },
      { key: 'reports-audit-log', path: '/reports/audit-log', labelKey: 'shell.menu.auditLog', available: true },
    ],
  },
  {
    key: 'system',
    labelKey: 'shell.menu.system',
    icon: <SettingOutlined />,
    children: [
      { key: 'system-preferences', path: '/system/preferences', labelKey: 'shell.menu.preferences' },
      { key: 'system-regions', path: '/system/regions', labelKey: 'shell.menu.regions', available: true },
      { key: 'system-agents', path: '/system/agents', labelKey: 'shell.menu.agents', available: true },
      { key: 'system-email', path: '/system/email', labelKey: 'shell.menu.emailSettings', available: true },
      {
        key: 'system-notifications',
        path: '/system/notifications',
        labelKey: 'shell.menu.notifications',
        available: true,
      },
      { key: 'system-webhooks', path: '/system/webhooks', labelKey: 'shell.menu.webhooks', available: true },
      { key: 'system-users', path: '/system/users', labelKey: 'shell.menu.users' },
      { key: 'system-configuration', path: '/system/configuration', labelKey: 'shell.menu.systemConfiguration' },
    ],
  },
];

/** Every page of the menus, flattened. */
export const NAV_PAGES: readonly NavPage[] = NAVIGATION.flatMap((g) => (g.page ? [g.page] : (g.children ?? [])));

/**
 * Where the console opens after login: the device list, where the daily work starts (the
 * dashboard is one click away at the top of the menu).
 */
export const HOME_PATH = '/devices/list';

/** The menu group and page of a location, for highlighting the menu. */
export function findNavigation(pathname: string): { group?: NavGroup; page?: NavPage } {
  for (const group of NAVIGATION) {
    const pages = group.page ? [group.page] : (group.children ?? []);
    const page = pages.find((p) => pathname === p.path || pathname.startsWith(`${p.path}/`));
    if (page) return { group, page };
  }
  return {};
}
