// pw_bench_discovery_sweep: one discovery sweep through the Agent's own sweep code
// (agent/discovery DiscoverySweep over an agent/snmp SnmpEngine), timed, without the Manager
// and the Agent service around it. Prints one JSON object on stdout. Driven by
// bench/discovery_sweep.py, which also runs the same sweep end to end and onesixtyone; the
// per-request timeout, retries and window are options here so their effect can be measured.
#include <arpa/inet.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <future>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "agent/discovery/discovery.hpp"

namespace {

namespace discovery = pw::agent::discovery;
namespace snmp = pw::agent::snmp;

}  // namespace

int main(int argc, char** argv) {
  std::string first_text = "127.20.0.0";
  std::uint32_t count = 65536;
  int port = 161;
  std::string community = "public";
  int timeout_ms = 1000;
  int retries = 1;
  std::size_t window = snmp::EngineOptions{}.max_in_flight;
  CLI::App app{"Times one DiscoverySweep over first-address .. first-address + count - 1"};
  app.add_option("--first-address", first_text, "first address swept")->capture_default_str();
  app.add_option("--count", count, "addresses swept")->capture_default_str();
  app.add_option("--port", port, "UDP port")->required()->check(CLI::Range(1, 65535));
  app.add_option("--community", community)->capture_default_str();
  app.add_option("--timeout-ms", timeout_ms, "per attempt")->capture_default_str();
  app.add_option("--retries", retries, "retransmissions per request")->capture_default_str();
  app.add_option("--window", window, "requests in flight")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  in_addr first{};
  if (inet_pton(AF_INET, first_text.c_str(), &first) != 1) {
    std::cerr << "pw_bench_discovery_sweep: --first-address takes an IPv4 address\n";
    return 2;
  }
  discovery::SweepRequest request;
  for (std::uint32_t i = 0; i < count; ++i) request.addresses.push_back(ntohl(first.s_addr) + i);
  discovery::AccessProfile profile;
  profile.target.port = static_cast<std::uint16_t>(port);
  profile.target.version = snmp::Version::kV2c;
  profile.target.community = community;
  profile.target.timeout = std::chrono::milliseconds(timeout_ms);
  profile.target.retries = retries;
  request.profiles = {profile};

  snmp::EngineOptions options;
  options.max_in_flight = window;
  snmp::SnmpEngine engine(options);
  discovery::DiscoverySweep sweep(engine);
  std::promise<discovery::SweepResult> finished;
  const auto started = std::chrono::steady_clock::now();
  sweep.start(std::move(request), {}, [&finished](discovery::SweepResult result) {
    finished.set_value(std::move(result));
  });
  const discovery::SweepResult result = finished.get_future().get();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::size_t printers = 0;
  std::size_t identified = 0;  // vendor and model known
  std::size_t with_serial = 0;
  for (const auto& device : result.devices) {
    if (device.identity.is_printer) ++printers;
    if (!device.identity.vendor.empty() && !device.identity.model.empty()) ++identified;
    if (!device.identity.serial.empty()) ++with_serial;
  }
  const auto stats = engine.stats();
  const nlohmann::json out = {
      {"addresses", result.total},
      {"seconds", seconds},
      {"addressesPerSecond", seconds > 0 ? static_cast<double>(result.total) / seconds : 0.0},
      {"devices", result.devices.size()},
      {"printers", printers},
      {"identified", identified},
      {"withSerial", with_serial},
      {"silent", result.silent},
      {"failures", result.failures.size()},
      {"timeoutMs", timeout_ms},
      {"retries", retries},
      {"window", window},
      {"engine",
       {{"sent", stats.sent},
        {"retransmitted", stats.retransmitted},
        {"received", stats.received},
        {"stray", stats.stray},
        {"timeouts", stats.timeouts}}},
  };
  std::cout << out.dump() << std::endl;
  return 0;
}
