export * from './types';
export {
  ApiError,
  isApiError,
  NETWORK_ERROR,
  onUnauthorized,
  setCsrfToken,
  getCsrfToken,
  dispositionFilename,
} from './client';
export { getHealth, login, getSession, logout } from './auth';
export {
  listAgents,
  createAgent,
  getAgent,
  deactivateAgent,
  deleteAgent,
  pingAgent,
  getAgentScope,
  putAgentScope,
} from './agents';
export {
  deviceQueryParams,
  listDevices,
  getDevice,
  updateDevice,
  removeDevice,
  restoreDevice,
  deleteDevice,
  getDeviceStatus,
  getDeviceSupplies,
  getDeviceCounters,
  getStatusHistory,
  refreshDevice,
  exportDevices,
  downloadImportTemplate,
  importDevices,
  EXCHANGE_CONTENT_TYPES,
  listDeviceViews,
  createDeviceView,
  updateDeviceView,
  deleteDeviceView,
  runDeviceBatch,
} from './devices';
export {
  listCredentials,
  getCredential,
  createCredential,
  updateCredential,
  deleteCredential,
  orderCredentials,
} from './credentials';
export { startDiscovery, listDiscoveries, getDiscovery, cancelDiscovery } from './discoveries';
export {
  listBuiltInTasks,
  updateBuiltInTask,
  runBuiltInTask,
  getCommunicationWindows,
  putCommunicationWindows,
} from './builtInTasks';
export {
  listGroupTree,
  listGroups,
  getGroup,
  createGroup,
  updateGroup,
  deleteGroup,
  addGroupMembers,
  removeGroupMembers,
} from './groups';
export { listRegions, getRegion, createRegion, updateRegion, deleteRegion } from './regions';
export * from './dashboardTypes';
export { getDashboard, putDashboard, getPanelData } from './dashboards';
export * from './mailTypes';
export { getMailSettings, putMailSettings, sendTestMail } from './mail';
export * from './notifyTypes';
export {
  listNotificationRules,
  createNotificationRule,
  updateNotificationRule,
  deleteNotificationRule,
  duplicateNotificationRule,
  getNotificationThrottle,
  putNotificationThrottle,
  listWebhooks,
  createWebhook,
  updateWebhook,
  deleteWebhook,
  listWebhookDeliveries,
} from './notify';
export {
  listTaskTypes,
  listTasks,
  createTask,
  updateTask,
  deleteTask,
  taskAction,
  runTask,
  listTaskRuns,
  getTaskRun,
  cancelTaskRun,
  recoverTaskRun,
  previewSchedule,
  type TaskAction,
} from './tasks';
export * from './reportTypes';
export {
  getCounterReport,
  exportCounterReport,
  getStatusReport,
  exportStatusReport,
  getSuppliesReport,
  exportSuppliesReport,
  getFirmwareReport,
  exportFirmwareReport,
  getReportDeviceTypes,
  type CounterReportQuery,
  type FirmwareReportQuery,
  type StatusReportQuery,
  type SuppliesReportQuery,
} from './reports';
export { getPreference, putPreference } from './preferences';
export * from './auditLogTypes';
export { auditQueryParams, listAuditLog, exportAuditLog, getAuditLogSettings, putAuditLogSettings } from './auditLog';
