#pragma once
// The console listener: REST API under /api/v1/ and the web console's files. Requests are
// taken off the I/O thread onto the worker pool, authenticated (session cookie), checked for
// the CSRF token on state changes, authorised by the route's access rule, then handled. Every
// state-changing request that matched a route, refused or not, is recorded in the audit log
// when its answer goes out: the one seam, so no handler can forget it.
#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/core/worker_pool.hpp"
#include "common/net/http_message.hpp"
#include "manager/api/router.hpp"
#include "manager/api/static_files.hpp"
#include "manager/core/preference_store.hpp"
#include "manager/services/agent_service.hpp"
#include "manager/services/audit_service.hpp"
#include "manager/services/auth_service.hpp"
#include "manager/services/builtin_task_scheduler.hpp"
#include "manager/services/credential_service.hpp"
#include "manager/services/dashboard_service.hpp"
#include "manager/services/device_exchange_service.hpp"
#include "manager/services/device_service.hpp"
#include "manager/services/device_view_service.hpp"
#include "manager/services/directory_service.hpp"
#include "manager/services/discovery_service.hpp"
#include "manager/services/group_service.hpp"
#include "manager/services/mail_service.hpp"
#include "manager/services/monitoring_service.hpp"
#include "manager/services/monitoring_settings_service.hpp"
#include "manager/services/notification_service.hpp"
#include "manager/services/outbox_service.hpp"
#include "manager/services/region_service.hpp"
#include "manager/services/scope_service.hpp"
#include "manager/services/task_engine.hpp"
#include "manager/services/webhook_service.hpp"

namespace spdlog {
class logger;
}

namespace pw::manager {
class ReportService;  // services/report_service.hpp, included where the reports are served
}

namespace pw::manager::api {

inline constexpr const char* kSessionCookie = "pw_session";

struct ConsoleApiDependencies {
  AuthService& auth;
  AgentService& agents;
  DeviceService& devices;
  DeviceExchangeService& device_exchange;
  DiscoveryService& discovery;
  CredentialService& credentials;
  ScopeService& scopes;
  MonitoringSettingsService& monitoring;
  OutboxService& outbox;
  MonitoringService& readings;           ///< device status, supplies, counters, history, retention
  BuiltInTaskScheduler& built_in_tasks;  ///< "execute now"
  GroupService& groups;
  RegionService& regions;
  DeviceViewService& device_views;  ///< saved views of the device list
  DashboardService& dashboards;
  MailService& mail;  ///< e-mail settings and the test message
  NotificationService& notifications;
  WebhookService& webhooks;
  TaskEngine& tasks;            ///< user tasks, their runs and results
  DirectoryService& directory;  ///< LDAP / Kerberos sign-in and their settings
  const Clock& clock;
  WorkerPool& workers;
  const StaticFiles& static_files;
  std::string version;
  std::string openapi_document;  ///< served at /api/v1/openapi.json
  AuditService& audit;           ///< every state-changing request is recorded (decision 0028)
  ReportService& reports;        ///< counters and other reports, their exports
  PreferenceStore& preferences;  ///< each user's remembered console choices
  bool behind_proxy = false;     ///< audit records take the client from X-Forwarded-For
};

class ConsoleApi {
 public:
  explicit ConsoleApi(ConsoleApiDependencies deps);

  /// The handler to give the HTTPS server.
  net::RequestHandler handler();
  [[nodiscard]] const Router& router() const { return router_; }
  /// The body limit of the route a request goes to, when the route sets its own (an upload);
  /// nullopt: the listener's default. For HttpsServerSettings::body_limit_for.
  [[nodiscard]] std::optional<std::size_t> bodyLimit(std::string_view method,
                                                     std::string_view target) const;

 private:
  void dispatch(const net::HttpRequest& request, const net::Responder& respond);
  /// Authentication is done: the access rule, the CSRF check, then the handler.
  void handle(const Route& route, RouteContext& ctx, const net::Responder& respond);
  /// `respond`, recording the request in the audit log as its answer goes out: every
  /// state-changing request, and a GET whose handler named an action. `inside` is true while
  /// dispatch runs (the answer's thread is a worker).
  net::Responder audited(const Route& route, const RouteContext& ctx,
                         std::shared_ptr<const std::atomic<bool>> inside,
                         const net::Responder& respond);

  ConsoleApiDependencies deps_;
  Router router_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<spdlog::logger> audit_;
};

}  // namespace pw::manager::api
