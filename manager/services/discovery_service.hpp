#pragma once
// Discovery on request: an administrator names an Agent, IPv4 targets (addresses, ranges, CIDR
// blocks, as in an Agent's scope) and SNMP communities; the Manager checks them, sends a
// "discover" command to the Agent over its command channel and records every device the Agent
// found in the device registry, attributed to that Agent. Thread-safe.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/command_queue.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/device_service.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

struct DiscoveryRequest {
  std::int64_t agent_id = 0;
  std::vector<std::string> targets;      ///< 1..16 IPv4 rules: "10.0.0.1", "a-b", "10.0.0.0/24"
  std::vector<std::string> communities;  ///< 1..8, each 1..64 characters
  int port = 161;                        ///< 1..65535
};

/// An address the sweep could not (fully) read, or a device the registry refused.
struct DiscoveryFailure {
  std::string address;
  std::string kind;
  std::string message;
};

struct DiscoverySummary {
  std::size_t probed = 0;  ///< addresses swept
  std::size_t found = 0;   ///< devices that answered
  std::size_t created = 0;
  std::size_t updated = 0;
  std::vector<DiscoveryFailure> failures;
};

class DiscoveryService {
 public:
  static constexpr std::size_t kMaxTargets = 16;
  static constexpr std::size_t kMaxAddresses = 65'536;
  static constexpr std::size_t kMaxCommunities = 8;
  static constexpr std::size_t kMaxCommunityLength = 64;

  DiscoveryService(AgentStore& agents, CommandQueue& commands, DeviceService& devices);

  /// Validates the request, has the Agent sweep the targets and records what it found.
  /// `done` gets the summary or a Problem: invalid_input naming the field or target, not_found,
  /// agent_not_active (conflict), timed out (unreachable), the Agent's refusal (rejected).
  /// `done` may run on any thread, possibly before discover() returns.
  void discover(const DiscoveryRequest& request,
                std::function<void(Outcome<DiscoverySummary>)> done);

  /// 30 s plus 1 s per 1,000 addresses, at most 300 s.
  static std::chrono::seconds timeLimitFor(std::size_t addresses);

 private:
  AgentStore& agents_;
  CommandQueue& commands_;
  DeviceService& devices_;
};

}  // namespace pw::manager
