// Composition root of printwarden-agent.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <iostream>

#include "agent/core/command_executor.hpp"
#include "agent/discovery/discover_command.hpp"
#include "agent/discovery/snmp_driver.hpp"
#include "agent/link/enrollment.hpp"
#include "agent/link/manager_link.hpp"
#include "agent/link/outbox_sender.hpp"
#include "agent/monitor/monitor_command.hpp"
#include "agent/outbox/outbox.hpp"
#include "agent/outbox/self_status_reporter.hpp"
#include "agent/snmp/engine.hpp"
#include "common/config/config_reader.hpp"
#include "common/core/files.hpp"
#include "common/crypto/secrets.hpp"
#include "common/log/logging.hpp"
#include "common/service/service_host.hpp"

namespace pw::agent {
namespace {

struct CommandLine {
  std::filesystem::path data_dir;
  std::string manager_url;
  std::string activation_key;
  std::filesystem::path config_file;
};

struct AgentSettings {
  std::string log_level = "info";
  ManagerLinkSettings link;
  OutboxSettings outbox;
  OutboxSenderSettings sender;
  std::chrono::milliseconds status_interval{60'000};
};

AgentSettings loadAgentSettings(const std::filesystem::path& file) {
  AgentSettings s;
  if (file.empty()) return s;
  const auto json = config::loadJsonFile(file);
  config::ConfigObject c(json, file.string());
  s.log_level = c.choice("log_level", "info", {"trace", "debug", "info", "warn", "error"});
  s.link.poll_wait = std::chrono::seconds(c.integer("poll_wait_seconds", 25, 1, 60));
  s.link.max_backoff = std::chrono::seconds(c.integer("max_backoff_seconds", 30, 1, 3600));
  s.sender.max_backoff = s.link.max_backoff;
  s.outbox.max_bytes = static_cast<std::uint64_t>(c.integer("outbox_max_mb", 256, 1, 1 << 20))
                       << 20;
  s.outbox.segment_bytes = std::min<std::uint64_t>(s.outbox.segment_bytes, s.outbox.max_bytes / 4);
  s.sender.batch_records =
      static_cast<std::size_t>(c.integer("outbox_batch_records", 1000, 1, 10'000));
  // Tests use a few milliseconds to build a backlog quickly; a minute is plenty otherwise.
  s.status_interval =
      std::chrono::milliseconds(c.integer("status_interval_ms", 60'000, 1, 86'400'000));
  c.finish();
  return s;
}

// Enrols when a new activation key is given; otherwise uses what the data directory holds.
AgentIdentity identityFor(const CommandLine& cli, const EnrollmentFiles& files) {
  auto existing = loadIdentity(files);
  const bool new_key =
      !cli.activation_key.empty() &&
      (!existing || existing->state.activation_key_hash != crypto::sha256Hex(cli.activation_key));
  if (existing && !new_key) return *existing;
  if (cli.activation_key.empty()) {
    throw std::runtime_error(
        "this Agent is not activated yet: start it with --manager URL "
        "--activation-key KEY (the key is on the console's Agents page)");
  }
  const auto address = ManagerAddress::parse(cli.manager_url);
  if (!address) {
    throw std::runtime_error("--manager must look like https://HOST:PORT (got \"" +
                             cli.manager_url + "\")");
  }
  auto identity = enroll(files, *address, cli.activation_key, PW_VERSION);
  log::get("agent")->info("activated as Agent {} (\"{}\")", identity.state.agent_id,
                          identity.state.agent_name);
  return identity;
}

int runAgent(const CommandLine& cli, service::ServiceHost& host) {
  const auto settings = loadAgentSettings(cli.config_file);
  createPrivateDirectory(cli.data_dir);
  log::setup({settings.log_level, cli.data_dir / "logs" / "agent.log", true});

  SystemClock clock;
  const auto identity = identityFor(cli, EnrollmentFiles{cli.data_dir});
  // Silent addresses hold a window slot for timeout x attempts: a wider window than the
  // engine's default keeps a /16 sweep within its goal (docs/PERFORMANCE.md); 16,384 requests
  // fit the engine's 4 MiB socket buffers.
  snmp::EngineOptions engine_options;
  engine_options.max_in_flight = 16'384;
  snmp::SnmpEngine engine(engine_options);
  CommandExecutor executor(clock);
  discovery::SnmpDriver snmp_driver(engine);
  const std::array<driver::DeviceDriver*, 1> drivers = {&snmp_driver};
  executor.registerHandler(
      "discover", [&drivers, &clock](const proto::Command& command, const ProgressSink& progress) {
        return discovery::runDiscoverCommand(command, drivers, clock, progress);
      });
  Outbox outbox(cli.data_dir / "outbox", settings.outbox);
  for (const auto& note : outbox.openNotes()) log::get("outbox")->warn("outbox: {}", note);
  // Readings go to the outbox, never into the command's result (decision 0012).
  const monitor::RecordQueue queue = [&outbox](const char* kind, const std::string& payload,
                                               std::string& error) -> std::optional<std::uint64_t> {
    const auto sequence = outbox.append(kind, payload);
    if (sequence) return *sequence;
    error = sequence.error().message();
    return std::nullopt;
  };
  executor.registerHandler("monitor", [&snmp_driver, &clock, &queue](const proto::Command& command,
                                                                     const ProgressSink& progress) {
    auto result = monitor::runMonitorCommand(command, snmp_driver, clock, progress, queue);
    if (result.succeeded) {
      log::get("monitor")->info("monitor command {}: readings queued ({})", command.id,
                                result.data.dump());
    }
    return result;
  });
  executor.registerHandler("check-functions", [&snmp_driver, &clock](const proto::Command& command,
                                                                     const ProgressSink&) {
    return monitor::runCheckFunctionsCommand(command, snmp_driver, clock);
  });
  executor.registerHandler(
      "set-identity", [&snmp_driver, &clock](const proto::Command& command, const ProgressSink&) {
        return monitor::runSetIdentityCommand(command, snmp_driver, clock);
      });
  executor.registerHandler(
      "reset-device", [&snmp_driver, &clock](const proto::Command& command, const ProgressSink&) {
        return monitor::runResetDeviceCommand(command, snmp_driver, clock);
      });
  ManagerLink link(identity, executor, clock, PW_VERSION, settings.link);
  OutboxSender sender(identity, outbox, settings.sender);
  SelfStatusReporter self_status(outbox, clock, settings.status_interval);

  std::mutex mutex;
  std::condition_variable stopped;
  bool stop_requested = false;
  host.onStopRequest([&] {
    host.notifyStopping();
    std::lock_guard lock(mutex);
    stop_requested = true;
    stopped.notify_all();
  });
  link.start();
  sender.start();
  self_status.start();
  host.notifyReady("Agent " + std::to_string(identity.state.agent_id));
  {
    std::unique_lock lock(mutex);
    stopped.wait(lock, [&] { return stop_requested; });
  }
  engine.stop();  // a discovery or poll still running ends at once ("engine stopped")
  self_status.stop();
  link.stop();
  sender.stop();  // what it was sending stays in the outbox for the next start
  log::get("agent")->info("stopped");
  return 0;
}

}  // namespace
}  // namespace pw::agent

int main(int argc, char** argv) {
  pw::agent::CommandLine cli;
  CLI::App app{"Printwarden Agent: discovery, monitoring and device operations for a Manager"};
  app.add_option("--data-dir", cli.data_dir, "Directory for the Agent's keys, state and logs")
      ->required();
  app.add_option("--manager", cli.manager_url, "The Manager's console URL, https://HOST:PORT");
  app.add_option("--activation-key", cli.activation_key,
                 "One-time key from the console's Agents page");
  app.add_option("--config", cli.config_file, "JSON configuration file")->check(CLI::ExistingFile);
  app.set_version_flag("--version", PW_VERSION);
  CLI11_PARSE(app, argc, argv);

  return pw::service::runService("PrintwardenAgent", [&](pw::service::ServiceHost& host) {
    try {
      return pw::agent::runAgent(cli, host);
    } catch (const std::exception& e) {
      std::cerr << "printwarden-agent: " << e.what() << "\n";
      return 1;
    }
  });
}
