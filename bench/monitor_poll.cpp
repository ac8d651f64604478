// pw_bench_monitor_poll: one monitoring cycle (status, alerts, supplies, trays, counters) over
// many printers through the Agent's own Poller (agent/monitor over an agent/snmp SnmpEngine),
// timed, without the Manager and the Agent service around it. Prints one JSON object on
// stdout. Point it at printwarden-sim: device k gets the vendor of recording k % files (files
// sorted by name, as the simulator assigns them), so each asks its vendor's counters.
#include <arpa/inet.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <future>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "agent/identify/identify.hpp"
#include "agent/identify/snmprec.hpp"
#include "agent/monitor/poller.hpp"

namespace {

namespace monitor = pw::agent::monitor;
namespace snmp = pw::agent::snmp;
namespace fs = std::filesystem;

std::vector<std::string> recordedVendors(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == ".snmprec") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  const pw::agent::identify::Identifier identifier;
  std::vector<std::string> out;
  for (const auto& file : files) {
    out.push_back(
        identifier.identify(pw::agent::identify::SnmprecFile::load(file).values()).vendor);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string first_text = "127.16.0.1";
  std::uint32_t count = 50000;
  int port = 161;
  std::string community = "public";
  std::string recordings;
  int timeout_ms = 2000;
  int retries = 1;
  std::size_t window = snmp::EngineOptions{}.max_in_flight;
  CLI::App app{"Times one monitoring poll of first-address .. first-address + count - 1"};
  app.add_option("--first-address", first_text, "first device")->capture_default_str();
  app.add_option("--count", count, "devices polled")->capture_default_str();
  app.add_option("--port", port, "UDP port")->required()->check(CLI::Range(1, 65535));
  app.add_option("--community", community)->capture_default_str();
  app.add_option("--recordings", recordings, "the simulator's .snmprec folder (vendors)")
      ->required()
      ->check(CLI::ExistingDirectory);
  app.add_option("--timeout-ms", timeout_ms, "per attempt")->capture_default_str();
  app.add_option("--retries", retries, "retransmissions per request")->capture_default_str();
  app.add_option("--window", window, "requests in flight")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  in_addr first{};
  if (inet_pton(AF_INET, first_text.c_str(), &first) != 1) {
    std::cerr << "pw_bench_monitor_poll: --first-address takes an IPv4 address\n";
    return 2;
  }
  const std::vector<std::string> vendors = recordedVendors(recordings);
  if (vendors.empty()) {
    std::cerr << "pw_bench_monitor_poll: no .snmprec files in " << recordings << "\n";
    return 2;
  }
  monitor::PollRequest request;
  for (std::uint32_t i = 0; i < count; ++i) {
    monitor::PollTarget device;
    device.target.ipv4 = ntohl(first.s_addr) + i;
    device.target.port = static_cast<std::uint16_t>(port);
    device.target.community = community;
    device.target.timeout = std::chrono::milliseconds(timeout_ms);
    device.target.retries = retries;
    device.vendor = vendors[i % vendors.size()];
    request.devices.push_back(std::move(device));
  }

  snmp::EngineOptions options;
  options.max_in_flight = window;
  snmp::SnmpEngine engine(options);
  monitor::Poller poller(engine);
  std::promise<std::vector<monitor::DevicePoll>> finished;
  auto result = finished.get_future();
  const auto start = std::chrono::steady_clock::now();
  poller.start(std::move(request), {}, [&finished](std::vector<monitor::DevicePoll> polls) {
    finished.set_value(std::move(polls));
  });
  const std::vector<monitor::DevicePoll> polls = result.get();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::size_t readings = 0, errors = 0, partial = 0, alerts = 0, supplies = 0;
  for (const auto& poll : polls) {
    if (poll.reading) {
      ++readings;
      alerts += poll.reading->status.alerts.size();
      supplies += poll.reading->supplies.size();
    }
    if (poll.error) ++errors;
    if (!poll.partial_failures.empty()) ++partial;
  }
  const snmp::EngineStats stats = engine.stats();
  nlohmann::json out = {
      {"devices", count},
      {"seconds", seconds},
      {"devices_per_second", seconds > 0 ? count / seconds : 0.0},
      {"readings", readings},
      {"errors", errors},
      {"partial", partial},
      {"alerts", alerts},
      {"supplies", supplies},
      {"requests", stats.submitted},
      {"requests_per_device", count ? static_cast<double>(stats.submitted) / count : 0.0},
      {"retransmitted", stats.retransmitted},
      {"window", window},
  };
  std::cout << out.dump() << "\n";
  return 0;
}
