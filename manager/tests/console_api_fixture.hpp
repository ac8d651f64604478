#pragma once
// A ConsoleApi on a fresh SQLite database with every service behind it, for tests that need the
// real route table or the real dispatch (authentication, CSRF, access rules) in process.
#include <memory>

#include "common/core/worker_pool.hpp"
#include "manager/api/console_api.hpp"
#include "manager/services/report_service.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager::api {

// Scopes and credentials do not matter here: no discovery runs.
class NoSources final : public DiscoverySources {
 public:
  Outcome<DiscoveryTargets> targetsFor(std::int64_t) override { return DiscoveryTargets{}; }
  std::vector<proto::SnmpCredentialData> snmpCredentialsFor(std::int64_t) override { return {}; }
  std::optional<std::int64_t> agentFor(const std::string&) override { return std::nullopt; }
};

struct ConsoleApiFixture {
  testing::TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  ManagerPki pki{dir.path() / "pki", {}, clock};
  CommandQueue commands{clock};
  AuthService auth{storage, storage, clock, SessionPolicy{}};
  AgentService agents{storage, pki, commands, clock, AgentServiceSettings{}};
  DeviceService devices{storage, clock};
  NoSources sources;
  DiscoveryService discovery{storage, storage, commands, devices, sources, clock};
  CredentialService credentials{storage, storage, pki.secretBox(), clock};
  ScopeService scopes{storage, storage};
  RegionService regions{storage, storage, clock};
  MonitoringSettingsService monitoring{storage};
  DeviceExchangeService device_exchange{storage, clock};
  IngestSinks sinks;
  OutboxService outbox{storage, sinks, clock};
  MonitoringService readings{storage, storage, storage, storage, commands, sources, clock};
  BuiltInTaskScheduler built_in_tasks{monitoring, storage, clock, time::TimeZone::system(),
                                      [](auto, const auto&, auto) {}};
  GroupService groups{storage, clock};
  DeviceViewService device_views{storage, clock};
  DashboardService dashboards{storage, storage, agents, clock};
  // Mail is never sent here: the outbox refuses every message.
  struct NoMail final : MailOutbox {
    bool post(MailServerSettings, MailMessage, Done) override { return false; }
  } mail_outbox;
  MailService mail{storage, pki.secretBox(), mail_outbox};
  NotificationService notifications{storage, storage, storage, groups, storage, mail, clock};
  // Nothing is delivered here: deliverDue() never runs.
  struct NoPoster final : WebhookPoster {
    WebhookAttempt post(const std::string&, const std::string&, std::int64_t, const std::string&,
                        const std::string&, const std::string&) override {
      return {std::nullopt, "not in this test"};
    }
  } poster;
  WebhookService webhooks{storage, pki.secretBox(), poster, clock};
  TaskEngine tasks{storage, storage, clock, time::TimeZone::utc(),
                   [this](std::int64_t id) { return groups.devicesOf(id); }};
  // No LDAP client or Kerberos acceptor: the routes still answer (settings, refusals).
  DirectoryService directory{storage, storage, storage, pki.secretBox(),
                             clock,   nullptr, nullptr, [](const std::string&) {}};
  AuditService audit{storage, storage, clock};
  ReportService reports{storage, storage, storage, clock, time::TimeZone::utc()};
  WorkerPool workers{1};
  StaticFiles files{{}, {}};
  ConsoleApi api{{auth,           agents,        devices,    device_exchange, discovery,
                  credentials,    scopes,        monitoring, outbox,          readings,
                  built_in_tasks, groups,        regions,    device_views,    dashboards,
                  mail,           notifications, webhooks,   tasks,           directory,
                  clock,          workers,       files,      "test",          "{}",
                  audit,          reports,       storage}};
};

}  // namespace pw::manager::api
