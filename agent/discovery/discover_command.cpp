// The "discover" command of the Agent channel (proto/agent/v1): validates the payload, resolves
// host names, runs the device drivers over the endpoints and waits for them (on the command's
// own thread), reporting progress, and turns what they found into the result data the Manager
// records. Bad payloads and failures become failed results, never exceptions.
#include "agent/discovery/discover_command.hpp"

#include <spdlog/spdlog.h>

#include <netdb.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <variant>

#include "agent/snmp/engine.hpp"
#include "common/log/logging.hpp"

namespace pw::agent::discovery {
namespace {

std::string formatIpv4(std::uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xff) + "." +
         std::to_string((address >> 8) & 0xff) + "." + std::to_string(address & 0xff);
}

// Device text cut to the Manager's limit (255 bytes unless said otherwise).
std::string clip(std::string text, std::size_t max = 255) {
  return proto::clipText(std::move(text), max);
}

// The first IPv4 address of a host name (host byte order), or the resolver's complaint.
std::variant<std::uint32_t, std::string> resolveIpv4(const std::string& hostname) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(hostname.c_str(), nullptr, &hints, &found);
  if (rc != 0 || found == nullptr) {
    return std::string("cannot resolve the host name: ") + ::gai_strerror(rc);
  }
  const auto address = ntohl(reinterpret_cast<const sockaddr_in*>(found->ai_addr)->sin_addr.s_addr);
  ::freeaddrinfo(found);
  return address;
}

// Runs one driver and waits, passing its progress on about once a second.
driver::DiscoverResult runDriver(driver::DeviceDriver& device_driver,
                                 driver::DiscoverRequest request, std::size_t found_before,
                                 std::int64_t command_id, const ProgressSink& sink) {
  driver::DiscoverProgress initial;
  initial.total = request.endpoints.size();
  return awaitWithProgress<driver::DiscoverResult>(
      [&device_driver, &request](auto on_progress, auto on_done) {
        device_driver.discover(std::move(request), std::move(on_progress), std::move(on_done));
      },
      initial,
      [command_id, found_before](const driver::DiscoverProgress& now) {
        return proto::CommandProgress{command_id, static_cast<std::int64_t>(now.done),
                                      static_cast<std::int64_t>(now.total),
                                      static_cast<std::int64_t>(found_before + now.found)};
      },
      sink);
}

proto::CommandResult discover(const proto::Command& command,
                              std::span<driver::DeviceDriver* const> drivers, const Clock& clock,
                              const ProgressSink& sink) {
  const auto payload = proto::parseDiscoverPayload(command.payload);
  if (!payload) {
    return failedCommandResult(command, clock, "invalid_payload",
                               "the discover payload is invalid: " + payload.error.message);
  }
  driver::DiscoverRequest request;
  request.snmp_credentials = payload.value->credentials;
  request.transport = {static_cast<std::uint16_t>(payload.value->port), payload.value->timeout_ms,
                       payload.value->retries};
  for (const auto& text : payload.value->addresses) {
    const auto address = snmp::parseIpv4(text);
    if (!address) {
      return failedCommandResult(
          command, clock, "invalid_payload",
          "the discover payload is invalid: \"" + text + "\" is not an IPv4 address");
    }
    request.endpoints.push_back({*address, ""});
  }
  proto::DiscoverData data;
  for (const auto& hostname : payload.value->hostnames) {
    auto resolved = resolveIpv4(hostname);
    if (auto* why = std::get_if<std::string>(&resolved)) {
      data.failures.push_back({hostname, "unresolved", clip(*why, 1024)});
    } else {
      request.endpoints.push_back({std::get<std::uint32_t>(resolved), hostname});
    }
  }
  const std::size_t endpoints = request.endpoints.size();

  // Each driver sees only the endpoints no earlier driver found; a failure is reported from
  // the last driver that tried the endpoint.
  std::map<std::uint32_t, driver::EndpointFailure> failures;
  std::vector<driver::FoundDevice> found;
  std::vector<driver::EndpointFailure> warnings;
  for (auto* device_driver : drivers) {
    if (request.endpoints.empty()) break;
    auto result = runDriver(*device_driver, request, found.size(), command.id, sink);
    std::set<std::uint32_t> answered;
    for (auto& device : result.devices) {
      answered.insert(device.endpoint.ipv4);
      failures.erase(device.endpoint.ipv4);
      found.push_back(std::move(device));
    }
    std::move(result.warnings.begin(), result.warnings.end(), std::back_inserter(warnings));
    for (auto& failure : result.failures) {
      if (!answered.contains(failure.endpoint.ipv4)) {
        failures.insert_or_assign(failure.endpoint.ipv4, std::move(failure));
      }
    }
    std::erase_if(request.endpoints,
                  [&](const driver::Endpoint& e) { return answered.contains(e.ipv4); });
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.endpoint.ipv4 < b.endpoint.ipv4; });

  for (const auto& device : found) {
    const auto& id = device.identity;
    data.devices.push_back(
        {formatIpv4(device.endpoint.ipv4), clip(id.vendor), clip(id.model), clip(id.serial),
         clip(id.firmware), clip(id.mac, 64), clip(id.name), clip(id.location), clip(id.contact),
         id.is_printer, clip(device.endpoint.hostname, 253), device.credential_id, device.access});
  }
  for (const auto& [address, failure] : failures) {
    data.failures.push_back(
        {formatIpv4(address), clip(failure.kind, 32), clip(failure.message, 1024)});
  }
  for (const auto& warning : warnings) {
    data.warnings.push_back(
        {formatIpv4(warning.endpoint.ipv4), clip(warning.kind, 32), clip(warning.message, 1024)});
  }
  std::set<std::uint32_t> distinct;
  for (const auto& e : request.endpoints) distinct.insert(e.ipv4);
  data.silent = static_cast<std::int64_t>(distinct.size() - failures.size());
  log::get("agent")->info("discovery of {} endpoints: {} devices, {} silent, {} failures",
                          endpoints, data.devices.size(), data.silent, data.failures.size());
  return succeededCommandResult(command, clock, proto::toJson(data));
}

}  // namespace

proto::CommandResult runDiscoverCommand(const proto::Command& command,
                                        std::span<driver::DeviceDriver* const> drivers,
                                        const Clock& clock, const ProgressSink& progress) {
  try {
    return discover(command, drivers, clock, progress);
  } catch (const std::exception& e) {
    return failedCommandResult(command, clock, "discovery_failed",
                               std::string("the discovery could not run: ") + e.what());
  }
}

}  // namespace pw::agent::discovery
