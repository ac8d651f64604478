#pragma once
// The REST API's route groups, one file per area (agent_routes.cpp, device_routes.cpp, ...).
// Each adds its routes to the table; ConsoleApi does the common work (authentication, CSRF,
// access rules) before any handler runs, so handlers only parse, call a service and answer.
#include <spdlog/logger.h>

#include "manager/api/console_api.hpp"
#include "manager/api/router.hpp"

namespace pw::manager::api {

/// What route handlers may use. `audit` records who changed what (never secrets).
struct RouteEnv {
  ConsoleApiDependencies& deps;
  spdlog::logger& audit;
};

/// The devices the signed-in user may see: the one place a session becomes a DeviceScope
/// (RegionService::scopeFor). Every route listing, showing or exporting devices asks it.
DeviceScope callerScope(const RouteEnv& env, const RouteContext& ctx);

void addSystemRoutes(Router& router, const RouteEnv& env);
void addAuthRoutes(Router& router, const RouteEnv& env);
void addAgentRoutes(Router& router, const RouteEnv& env);
void addDeviceRoutes(Router& router, const RouteEnv& env);
void addDeviceViewRoutes(Router& router, const RouteEnv& env);
void addDeviceExchangeRoutes(Router& router, const RouteEnv& env);
void addDiscoveryRoutes(Router& router, const RouteEnv& env);
void addMonitoringRoutes(Router& router, const RouteEnv& env);
void addDeviceMonitoringRoutes(Router& router, const RouteEnv& env);
void addCredentialRoutes(Router& router, const RouteEnv& env);
void addScopeRoutes(Router& router, const RouteEnv& env);
void addGroupRoutes(Router& router, const RouteEnv& env);
void addRegionRoutes(Router& router, const RouteEnv& env);
void addDashboardRoutes(Router& router, const RouteEnv& env);
void addMailRoutes(Router& router, const RouteEnv& env);
void addNotificationRoutes(Router& router, const RouteEnv& env);
void addWebhookRoutes(Router& router, const RouteEnv& env);
void addTaskRoutes(Router& router, const RouteEnv& env);
void addDirectoryRoutes(Router& router, const RouteEnv& env);
void addAuditRoutes(Router& router, const RouteEnv& env);
void addReportRoutes(Router& router, const RouteEnv& env);
void addPreferenceRoutes(Router& router, const RouteEnv& env);

}  // namespace pw::manager::api
