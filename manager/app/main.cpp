// Composition root of printwarden-manager: the only place that knows every concrete type.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <iostream>
#include <span>

#include "common/core/embedded_file.hpp"
#include "common/core/files.hpp"
#include "common/core/worker_pool.hpp"
#include "common/crypto/secrets.hpp"
#include "common/log/logging.hpp"
#include "common/net/event_loop.hpp"
#include "common/net/https_server.hpp"
#include "common/service/service_host.hpp"
#include "manager/agentlink/agent_channel.hpp"
#include "manager/api/console_api.hpp"
#include "manager/api/static_files.hpp"
#include "manager/app/discovery_sources.hpp"
#include "manager/app/manager_settings.hpp"
#include "manager/notify/mail_queue.hpp"
#include "manager/notify/smtp_mailer.hpp"
#include "manager/notify/webhook_poster.hpp"
#include "manager/services/builtin_task_scheduler.hpp"
#include "manager/services/counter_mail_task_type.hpp"
#include "manager/services/device_identity_writer.hpp"
#include "manager/services/device_reset_task_type.hpp"
#include "manager/services/directory_service.hpp"
#include "manager/services/discovery_task_type.hpp"
#include "manager/services/report_service.hpp"
#include "manager/services/send_report_task_type.hpp"
#include "manager/services/task_notifier.hpp"
#if PW_DIRECTORY
#include "manager/directory/ldap_client.hpp"
#include "manager/directory/negotiate_acceptor.hpp"
#endif
#include "manager/storage/sqlite_storage.hpp"

std::span<const pw::EmbeddedFile> apiDocuments();     // proto/openapi.json, generated
std::span<const pw::EmbeddedFile> webConsoleFiles();  // webui/dist in release builds, generated

namespace pw::manager {
namespace {

namespace fs = std::filesystem;

struct CommandLine {
  fs::path data_dir;
  fs::path config_file;
  std::string listen;
  fs::path admin_password_file;
};

std::string trimLineEnd(std::string text) {
  text.erase(text.find_last_not_of("\r\n") + 1);
  return text;
}

// Password for the built-in administrator on first start, and whether we made it up.
std::pair<std::string, bool> initialAdministratorPassword(const CommandLine& cli) {
  if (!cli.admin_password_file.empty())
    return {trimLineEnd(readFile(cli.admin_password_file)), false};
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read once at start-up; nothing calls setenv.
  if (const char* env = std::getenv("PRINTWARDEN_ADMIN_PASSWORD"); env && *env) return {env, false};
  std::string generated;
  do {
    generated = crypto::randomToken(12);
  } while (!validatePassword(generated).empty());
  return {generated, true};
}

std::string consoleUrl(const config::Endpoint& listen, std::uint16_t port) {
  std::string host = listen.host;
  if (host == "0.0.0.0" || host == "::") host = "localhost";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "https://" + host + ":" + std::to_string(port) + "/";
}

// Runs fn every period on the loop until the process stops.
void every(net::EventLoop& loop, std::chrono::milliseconds period, std::function<void()> fn) {
  loop.runAfter(period, [&loop, period, fn = std::move(fn)]() mutable {
    fn();
    every(loop, period, std::move(fn));
  });
}

int runManager(const CommandLine& cli, service::ServiceHost& host) {
  const auto settings = loadManagerSettings(cli.config_file);
  auto listen = settings.listen;
  if (!cli.listen.empty()) listen = config::parseEndpoint("--listen", cli.listen);

  createPrivateDirectory(cli.data_dir);
  log::setup({settings.log_level, cli.data_dir / "logs" / "manager.log", true});
  auto log = log::get("manager");

  SystemClock clock;
  ManagerPki pki(cli.data_dir / "pki", settings.console_certificate, clock);
  SqliteStorage storage(cli.data_dir / "manager.db");
  AuthService auth(storage, storage, clock,
                   SessionPolicy{std::chrono::minutes(settings.session_idle_minutes)});
  const auto [password, generated] = initialAdministratorPassword(cli);
  const bool created_admin = auth.ensureAdministrator(password);

  net::EventLoop loop(settings.io_threads);
  WorkerPool workers(settings.worker_threads);
  CommandQueue commands(clock);
  AgentService agents(storage, pki, commands, clock,
                      AgentServiceSettings{std::chrono::seconds(settings.agent_heartbeat_seconds)});

  CredentialService credentials(storage, storage, pki.secretBox(), clock);
  ScopeService scopes(storage, storage);
  RegionService regions(storage, storage, clock);
  RegistryDiscoverySources discovery_sources(scopes, credentials);
  AgentIdentityWriter identity_writer(
      storage, discovery_sources, commands, clock,
      {agents.heartbeatInterval(), {settings.snmp_timeout_ms, settings.snmp_retries}});
  DeviceService devices(storage, clock, &identity_writer);
  DiscoveryService discovery(storage, storage, commands, devices, discovery_sources, clock,
                             {settings.snmp_timeout_ms, settings.snmp_retries});
  discovery.failInterruptedRuns();
  MonitoringSettingsService monitoring(storage);
  DeviceExchangeService device_exchange(storage, clock, [&scopes](const ImportedDevice& device) {
    return agentForImportedDevice(scopes, device);
  });
  MonitoringService readings(
      storage, storage, storage, storage, commands, discovery_sources, clock,
      {settings.snmp_timeout_ms, settings.snmp_retries},
      [](const std::string& what) { pw::log::get("sched")->warn("{}", what); });
  BuiltInTaskScheduler built_in_tasks(
      monitoring, storage, clock,
      settings.time_zone.empty() ? time::TimeZone::system()
                                 : *time::TimeZone::named(settings.time_zone),
      [&readings](std::int64_t agent_id, const std::vector<std::int64_t>& device_ids,
                  BuiltInTask task) {
        const auto started = startBuiltInTask(readings, agent_id, device_ids, task);
        if (!started) {
          pw::log::get("sched")->warn("built-in task {} not started on Agent {}: {}",
                                      toString(task), agent_id, started.error().message);
        }
      });

  GroupService groups(storage, clock);
  AuditService audit(storage, storage, clock,
                     [](const std::string& what) { pw::log::get("audit")->error("{}", what); });
  DashboardService dashboards(storage, storage, agents, clock);
  // Mail goes out on its own thread; an answer must come within the console's 60 s.
  notify::SmtpMailer smtp({std::chrono::seconds(15), std::chrono::seconds(45)});
  notify::MailQueue mail_queue(
      [&smtp](const MailServerSettings& server, const MailMessage& message) {
        return smtp.send(server, message);
      },
      1000);
  MailService mail(storage, pki.secretBox(), mail_queue);
  notify::CurlWebhookPoster webhook_poster(std::chrono::seconds(10));
  WebhookService webhooks(storage, pki.secretBox(), webhook_poster, clock);
  NotificationService notifications(storage, storage, storage, groups, storage, mail, clock);
  notifications.publishTo(webhooks);
  ReportService reports(storage, storage, storage, clock,
                        settings.time_zone.empty() ? time::TimeZone::system()
                                                   : *time::TimeZone::named(settings.time_zone));
  TaskEngine tasks(storage, storage, clock,
                   settings.time_zone.empty() ? time::TimeZone::system()
                                              : *time::TimeZone::named(settings.time_zone),
                   [&groups](std::int64_t id) { return groups.devicesOf(id); });
  tasks.registerType("discovery", std::make_shared<DiscoveryTaskType>(discovery));
  tasks.registerType("send-report", std::make_shared<SendReportTaskType>(reports, mail));
  tasks.registerType("restart-printers",
                     std::make_shared<DeviceResetTaskType>(
                         storage, storage, discovery_sources, commands, clock,
                         DeviceResetSettings{agents.heartbeatInterval(),
                                             {settings.snmp_timeout_ms, settings.snmp_retries}}));
  tasks.registerType("send-counters",
                     std::make_shared<CounterMailTaskType>(storage, storage, mail));
  TaskNotifier task_notifier(tasks, storage, storage, mail, &webhooks);
  tasks.addRunObserver([&task_notifier](const TaskRun& run) { task_notifier.onRunFinished(run); });
  tasks.recoverAfterRestart();
#if PW_DIRECTORY
  LdapClient ldap_client;
  GssNegotiateAcceptor negotiate_acceptor;
  DirectoryClient* directory_client = &ldap_client;
  NegotiateAcceptor* directory_acceptor = &negotiate_acceptor;
#else
  DirectoryClient* directory_client = nullptr;
  NegotiateAcceptor* directory_acceptor = nullptr;
#endif
  DirectoryService directory(storage, storage, storage, pki.secretBox(), clock, directory_client,
                             directory_acceptor,
                             [](const std::string& why) { pw::log::get("auth")->warn("{}", why); });
  auth.setExternalLogin(&directory);

  const auto documents = apiDocuments();
  api::StaticFiles static_files(settings.web_root, webConsoleFiles());
  // Outbox record kinds and their sinks.
  AgentSelfStatusSink self_status_sink;
  MonitorReadingSink monitor_reading_sink(clock);
  IngestSinks ingest_sinks;
  ingest_sinks.add(proto::kAgentStatusKind, self_status_sink);
  ingest_sinks.add(proto::kMonitorReadingKind, monitor_reading_sink);
  OutboxService outbox(storage, ingest_sinks, clock);
  // Notification rules and webhooks see each committed batch of readings.
  outbox.onReadingsStored([&notifications](const std::vector<std::int64_t>& device_ids) {
    try {
      notifications.readingsStored(device_ids);
    } catch (const std::exception& e) {
      pw::log::get("notify")->error("notification rules not evaluated: {}", e.what());
    }
  });
  DeviceViewService device_views(storage, clock);
  api::ConsoleApi console_api({auth,
                               agents,
                               devices,
                               device_exchange,
                               discovery,
                               credentials,
                               scopes,
                               monitoring,
                               outbox,
                               readings,
                               built_in_tasks,
                               groups,
                               regions,
                               device_views,
                               dashboards,
                               mail,
                               notifications,
                               webhooks,
                               tasks,
                               directory,
                               clock,
                               workers,
                               static_files,
                               PW_VERSION,
                               std::string(documents.empty() ? "{}" : documents.front().data),
                               audit,
                               reports,
                               storage,
                               settings.behind_proxy});
  AgentChannel agent_channel(agents, commands, outbox, workers, loop);

  net::HttpsServerSettings console_settings;
  console_settings.address = listen.host;
  console_settings.port = listen.port;
  console_settings.max_body_bytes = settings.max_request_bytes;
  // Routes that take larger bodies (device import files) say so in the route table.
  console_settings.body_limit_for = [&console_api, default_limit = settings.max_request_bytes](
                                        std::string_view method, std::string_view target) {
    return console_api.bodyLimit(method, target).value_or(default_limit);
  };
  // Every API answer is prompt (long work such as discovery runs in the background); an Agent
  // ping waits at most its own 15 s.
  console_settings.response_timeout = std::chrono::seconds(60);
  net::HttpsServer console_server(loop, console_settings,
                                  {pki.consoleCredentials().certificate_chain_pem,
                                   pki.consoleCredentials().private_key_pem, "", nullptr},
                                  console_api.handler());

  net::HttpsServerSettings channel_settings;
  channel_settings.address = settings.agent_listen.host;
  channel_settings.port = settings.agent_listen.port;
  // A discovery result lists every device found (about 250 bytes each, up to 65,536).
  channel_settings.max_body_bytes = 32 * 1024 * 1024;
  net::HttpsServer agent_server(
      loop, channel_settings,
      {pki.agentChannelCredentials().certificate_chain_pem,
       pki.agentChannelCredentials().private_key_pem, pki.authority().certificatePem(),
       [&agent_channel](const net::PeerCertificate& peer) {
         return agent_channel.acceptsCertificate(peer);
       }},
      agent_channel.handler());
  agents.setAgentChannelPort(agent_server.port());

  WorkerPool webhook_thread(1);
  std::atomic<bool> delivering{false};
  console_server.start();
  agent_server.start();
  every(loop, std::chrono::seconds(1), [&commands] { commands.tick(); });
  every(loop, std::chrono::seconds(30), [&workers, &built_in_tasks] {
    workers.submit([&built_in_tasks] { built_in_tasks.tick(); });
  });
  every(loop, std::chrono::seconds(5), [&workers, &tasks] {
    workers.submit([&tasks] {
      try {
        tasks.tick();
      } catch (const std::exception& e) {
        pw::log::get("sched")->error("task tick failed: {}", e.what());
      }
    });
  });
  every(loop, std::chrono::minutes(10),
        [&workers, &auth] { workers.submit([&auth] { auth.purgeExpiredSessions(); }); });
  // "Error ongoing" conditions and storm digests.
  every(loop, std::chrono::minutes(1), [&workers, &notifications] {
    workers.submit([&notifications] {
      try {
        notifications.tick();
      } catch (const std::exception& e) {
        pw::log::get("notify")->error("notification timer failed: {}", e.what());
      }
    });
  });
  // Webhook deliveries on their own thread, one pass at a time (a slow receiver delays only
  // webhooks); finished deliveries are kept 30 days.
  every(loop, std::chrono::seconds(2), [&webhook_thread, &webhooks, &delivering] {
    if (delivering.exchange(true)) return;
    webhook_thread.submit([&webhooks, &delivering] {
      try {
        webhooks.deliverDue();
      } catch (const std::exception& e) {
        pw::log::get("notify")->error("webhook delivery failed: {}", e.what());
      }
      delivering = false;
    });
  });
  every(loop, std::chrono::hours(1), [&workers, &webhooks] {
    workers.submit([&webhooks] {
      try {
        webhooks.purge(std::chrono::hours(24 * 30));
      } catch (const std::exception& e) {
        pw::log::get("db")->error("webhook log purge failed: {}", e.what());
      }
    });
  });
  every(loop, std::chrono::hours(1),
        [&workers, &outbox] { workers.submit([&outbox] { outbox.purge(); }); });
  // The audit log past its retention (settings/audit-log), once a day.
  every(loop, std::chrono::hours(1), [&workers, &audit] {
    workers.submit([&audit] {
      try {
        if (const auto purged = audit.purgeIfDue(); purged > 0) {
          pw::log::get("db")->info("audit log purged: {} records past the retention", purged);
        }
      } catch (const std::exception& e) {
        pw::log::get("db")->error("audit log purge failed: {}", e.what());
      }
    });
  });
  // History past its retention days (settings/retention); hourly is plenty for day-sized cuts.
  every(loop, std::chrono::hours(1), [&workers, &readings] {
    workers.submit([&readings] {
      try {
        const auto purged = readings.purge();
        if (purged.status_edges + purged.counter_days + purged.supply_levels > 0) {
          pw::log::get("db")->info(
              "history purged: {} status edges, {} counter days, {} supply levels",
              purged.status_edges, purged.counter_days, purged.supply_levels);
        }
      } catch (const std::exception& e) {
        pw::log::get("db")->error("history purge failed: {}", e.what());
      }
    });
  });

  const auto url = consoleUrl(listen, console_server.port());
  createPrivateDirectory(cli.data_dir / "run");
  writeFileAtomically(cli.data_dir / "run" / "endpoints.json",
                      nlohmann::json{{"console", url}, {"agentPort", agent_server.port()}}.dump(),
                      FileAccess::kPublic);
  log->info("Printwarden Manager {} listening: console {} , agent channel port {}", PW_VERSION, url,
            agent_server.port());
  std::cout << "Printwarden Manager " << PW_VERSION << " is running.\n"
            << "  Console:       " << url << "\n"
            << "  Agent channel: port " << agent_server.port() << " (mutual TLS)\n";
  if (created_admin && generated) {
    // Printed once, to the terminal only: never to the log file.
    std::cout << "  Administrator: user \"administrator\", one-time password: " << password << "\n"
              << "                 (shown only now; set PRINTWARDEN_ADMIN_PASSWORD or "
                 "--admin-password-file to choose it)\n";
  }
  std::cout << std::flush;

  host.onStopRequest([&] {
    log->info("stopping");
    host.notifyStopping();
    console_server.stop();
    agent_server.stop();
    loop.stop();
  });
  host.notifyReady("console " + url);
  loop.run();
  workers.stop();
  webhook_thread.stop();
  mail_queue.stop();
  log->info("stopped");
  return 0;
}

}  // namespace
}  // namespace pw::manager

int main(int argc, char** argv) {
  pw::manager::CommandLine cli;
  CLI::App app{"Printwarden Manager: database, scheduler, web console and REST API"};
  app.add_option("--data-dir", cli.data_dir, "Directory for the database, keys and logs")
      ->required();
  app.add_option("--config", cli.config_file, "JSON configuration file")->check(CLI::ExistingFile);
  app.add_option("--listen", cli.listen, "Console/API address, ADDR:PORT (overrides the config)");
  app.add_option("--admin-password-file", cli.admin_password_file,
                 "File with the administrator's first password")
      ->check(CLI::ExistingFile);
  app.set_version_flag("--version", PW_VERSION);
  CLI11_PARSE(app, argc, argv);

  return pw::service::runService("PrintwardenManager", [&](pw::service::ServiceHost& host) {
    try {
      return pw::manager::runManager(cli, host);
    } catch (const std::exception& e) {
      std::cerr << "printwarden-manager: " << e.what() << "\n";
      return 1;
    }
  });
}
