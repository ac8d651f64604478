import type { ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';

import { AgentsPage } from '../features/agents/AgentsPage';
import { AuditLogPage } from '../features/auditLog/AuditLogPage';
import { useAuth } from '../features/auth/AuthContext';
import { CommunicationSettingsPage } from '../features/credentials/CommunicationSettingsPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { DeviceDetailsPage } from '../features/deviceDetails/DeviceDetailsPage';
import { DeviceListPage } from '../features/devices/DeviceListPage';
import { DiscoveryPage } from '../features/discovery/DiscoveryPage';
import { DeviceGroupsPage } from '../features/groups/DeviceGroupsPage';
import { LoginRoute } from '../features/auth/LoginRoute';
import { MailSettingsPage } from '../features/mail/MailSettingsPage';
import { NotificationsPage } from '../features/notifications/NotificationsPage';
import { RequireAuth } from '../features/auth/RequireAuth';
import { NotAvailablePage } from '../features/placeholder/NotAvailablePage';
import { NotFoundPage } from '../features/placeholder/NotFoundPage';
import { RegionsPage } from '../features/regions/RegionsPage';
import { ConsumablesReportPage } from '../features/reports/ConsumablesReportPage';
import { CountersReportPage } from '../features/reports/CountersReportPage';
import { FirmwareReportPage } from '../features/reports/FirmwareReportPage';
import { StatusReportPage } from '../features/reports/StatusReportPage';
import { BuiltInTasksPage } from '../features/tasks/BuiltInTasksPage';
import { WebhooksPage } from '../features/webhooks/WebhooksPage';
import { TaskHistoryPage } from '../features/tasks/TaskHistoryPage';
import { TaskListPage } from '../features/tasks/TaskListPage';
import { AppLayout } from './AppLayout';
import { HOME_PATH, NAV_PAGES } from './navigation';

/** The pages that exist in this version, by menu key. */
const PAGES: Record<string, ReactNode> = {
  dashboard: <DashboardPage />,
  'devices-list': <DeviceListPage />,
  'devices-discovery': <DiscoveryPage />,
  'devices-groups': <DeviceGroupsPage />,
  'devices-communication': <CommunicationSettingsPage />,
  'tasks-built-in': <BuiltInTasksPage />,
  'tasks-list': <TaskListPage />,
  'tasks-history': <TaskHistoryPage />,
  'reports-counters': <CountersReportPage />,
  'reports-status': <StatusReportPage />,
  'reports-consumables': <ConsumablesReportPage />,
  'reports-firmware': <FirmwareReportPage />,
  'reports-audit-log': <AuditLogPage />,
  'system-regions': <RegionsPage />,
  'system-agents': <AgentsPage />,
  'system-email': <MailSettingsPage />,
  'system-notifications': <NotificationsPage />,
  'system-webhooks': <WebhooksPage />,
};

function Shell() {
  const { state } = useAuth();
  return state.status === 'authenticated' ? <AppLayout user={state.user} /> : null;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginRoute />} />
      <Route
        element={
          <RequireAuth>
            <Shell />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to={HOME_PATH} replace />} />
        {NAV_PAGES.map((page) => {
          const element = page.available ? PAGES[page.key] : undefined;
          return (
            <Route key={page.key} path={page.path} element={element ?? <NotAvailablePage labelKey={page.labelKey} />} />
          );
        })}
        <Route path="/devices/list/:id" element={<DeviceDetailsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
