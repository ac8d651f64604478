// The "discover" command of the Agent channel (proto/agent/v1): validates the payload, runs a
// DiscoverySweep on the shared engine and waits for it (the command loop runs one command at a
// time), and turns the sweep into the result data the Manager records. Bad payloads and
// failures become failed results, never exceptions.
#include "agent/discovery/discover_command.hpp"

#include <spdlog/spdlog.h>

#include <future>

#include "agent/discovery/discovery.hpp"
#include "common/log/logging.hpp"

namespace pw::agent::discovery {
namespace {

std::string formatIpv4(std::uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xff) + "." +
         std::to_string((address >> 8) & 0xff) + "." + std::to_string(address & 0xff);
}

// At most max bytes, cut at a UTF-8 character boundary (the Manager accepts 255 characters).
std::string clip(std::string text, std::size_t max = 255) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  text.resize(end);
  return text;
}

proto::CommandResult failedResult(const proto::Command& command, const Clock& clock,
                                  std::string code, std::string message) {
  proto::CommandResult result;
  result.id = command.id;
  result.succeeded = false;
  result.completed_at = toUnixSeconds(clock.now());
  result.error = proto::CommandError{std::move(code), clip(std::move(message), 1024)};
  return result;
}

// The "discover" command: sweeps the payload's addresses over the shared engine and waits
// for the sweep (the command loop runs one command at a time).
proto::CommandResult sweepFor(const proto::Command& command, snmp::SnmpEngine& engine,
                              const Clock& clock) {
  const auto payload = proto::parseDiscoverPayload(command.payload);
  if (!payload) {
    return failedResult(command, clock, "invalid_payload",
                        "the discover payload is invalid: " + payload.error.message);
  }
  SweepRequest request;
  request.addresses.reserve(payload.value->addresses.size());
  for (const auto& text : payload.value->addresses) {
    const auto address = snmp::parseIpv4(text);
    if (!address) {
      return failedResult(
          command, clock, "invalid_payload",
          "the discover payload is invalid: \"" + text + "\" is not an IPv4 address");
    }
    request.addresses.push_back(*address);
  }
  request.port = static_cast<std::uint16_t>(payload.value->port);
  request.communities = payload.value->communities;
  request.timeout = std::chrono::milliseconds(payload.value->timeout_ms);
  request.retries = payload.value->retries;

  std::promise<SweepResult> promise;
  auto future = promise.get_future();
  DiscoverySweep sweep(engine);
  sweep.start(std::move(request), {},
              [&promise](SweepResult result) { promise.set_value(std::move(result)); });
  const auto swept = future.get();

  proto::DiscoverData data;
  for (const auto& device : swept.devices) {
    const auto& id = device.identity;
    data.devices.push_back({formatIpv4(device.address), clip(id.vendor), clip(id.model),
                            clip(id.serial), clip(id.firmware), clip(id.mac, 64), clip(id.name),
                            clip(id.location), clip(id.contact), id.is_printer});
  }
  data.silent = static_cast<std::int64_t>(swept.silent);
  for (const auto& failure : swept.failures) {
    data.failures.push_back({formatIpv4(failure.address),
                             clip(std::string(toString(failure.kind)), 32),
                             clip(failure.message, 1024)});
  }
  log::get("agent")->info("discovery of {} addresses: {} devices, {} silent, {} failures",
                          swept.total, data.devices.size(), data.silent, data.failures.size());
  proto::CommandResult result;
  result.id = command.id;
  result.succeeded = true;
  result.completed_at = toUnixSeconds(clock.now());
  result.data = proto::toJson(data);
  return result;
}

}  // namespace

proto::CommandResult runDiscoverCommand(const proto::Command& command, snmp::SnmpEngine& engine,
                                        const Clock& clock) {
  try {
    return sweepFor(command, engine, clock);
  } catch (const std::exception& e) {
    return failedResult(command, clock, "discovery_failed",
                        std::string("the discovery could not run: ") + e.what());
  }
}

}  // namespace pw::agent::discovery
