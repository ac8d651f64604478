#include "manager/services/discovery_service.hpp"

#include <algorithm>
#include <memory>
#include <utility>
#include <variant>

#include "manager/scope/scope_rule.hpp"
#include "manager/scope/sweep.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::manager {
namespace {

constexpr int kTimeoutMs = 1000;  // per SNMP attempt
constexpr int kRetries = 1;

Problem invalidInput(std::string message) {
  return Problem{ErrorKind::kInvalidInput, "invalid_input", std::move(message)};
}

Problem badAgentResult(const std::string& why) {
  return Problem{ErrorKind::kInternal, "agent_result_invalid",
                 "The Agent's discovery result could not be read: " + why};
}

// The sweep plan of the request's targets, or the Problem naming the bad field or target.
std::variant<scope::SweepPlan, Problem> planFor(const DiscoveryRequest& request) {
  if (request.targets.empty() || request.targets.size() > DiscoveryService::kMaxTargets) {
    return invalidInput("targets must hold 1 to " + std::to_string(DiscoveryService::kMaxTargets) +
                        " IPv4 addresses, ranges or CIDR blocks");
  }
  if (request.communities.empty() ||
      request.communities.size() > DiscoveryService::kMaxCommunities) {
    return invalidInput("communities must hold 1 to " +
                        std::to_string(DiscoveryService::kMaxCommunities) + " SNMP communities");
  }
  for (std::size_t i = 0; i < request.communities.size(); ++i) {
    const auto& community = request.communities[i];
    if (community.empty() || community.size() > DiscoveryService::kMaxCommunityLength) {
      return invalidInput("communities[" + std::to_string(i) + "] must be 1 to " +
                          std::to_string(DiscoveryService::kMaxCommunityLength) + " characters");
    }
  }
  if (request.port < 1 || request.port > 65535) {
    return invalidInput("port must be between 1 and 65535");
  }
  std::vector<scope::ScopeRule> rules;
  for (std::size_t i = 0; i < request.targets.size(); ++i) {
    auto parsed = scope::parseRule(scope::RuleList::kIpv4, request.targets[i], i);
    if (const auto* error = std::get_if<scope::ScopeError>(&parsed)) {
      return invalidInput("targets[" + std::to_string(i) + "] " + error->message());
    }
    rules.push_back(std::get<scope::ScopeRule>(std::move(parsed)));
  }
  auto plan = scope::expandForSweep(rules, DiscoveryService::kMaxAddresses);
  if (!plan.ok()) return invalidInput("targets: " + plan.error);
  return plan;
}

}  // namespace

DiscoveryService::DiscoveryService(AgentStore& agents, CommandQueue& commands,
                                   DeviceService& devices)
    : agents_(agents), commands_(commands), devices_(devices) {}

std::chrono::seconds DiscoveryService::timeLimitFor(std::size_t addresses) {
  const auto seconds = 30 + static_cast<std::int64_t>(addresses / 1000);
  return std::chrono::seconds(std::min<std::int64_t>(seconds, 300));
}

void DiscoveryService::discover(const DiscoveryRequest& request,
                                std::function<void(Outcome<DiscoverySummary>)> done) {
  auto planned = planFor(request);
  if (auto* problem = std::get_if<Problem>(&planned)) return done(std::move(*problem));
  auto plan = std::make_shared<scope::SweepPlan>(std::get<scope::SweepPlan>(std::move(planned)));

  const auto agent = agents_.findAgent(request.agent_id);
  if (!agent) {
    return done(Problem{ErrorKind::kNotFound, "not_found",
                        "There is no Agent " + std::to_string(request.agent_id) + "."});
  }
  if (agent->state != AgentState::kActive) {
    return done(Problem{ErrorKind::kConflict, "agent_not_active",
                        "The Agent \"" + agent->name + "\" has not been activated."});
  }

  proto::DiscoverPayload payload;
  payload.addresses.reserve(plan->addresses.size());
  for (const auto address : plan->addresses)
    payload.addresses.push_back(scope::formatIpv4(address));
  payload.communities = request.communities;
  payload.port = request.port;
  payload.timeout_ms = kTimeoutMs;
  payload.retries = kRetries;

  const auto agent_id = request.agent_id;
  commands_.issue(
      agent_id, "discover", proto::toJson(payload).dump(), timeLimitFor(plan->addresses.size()),
      [this, agent_id, plan, done = std::move(done)](const CommandOutcome& outcome) {
        if (outcome.kind != CommandOutcome::Kind::kSucceeded) {
          if (outcome.kind == CommandOutcome::Kind::kTimedOut) {
            return done(Problem{ErrorKind::kUnreachable,
                                outcome.error_code.empty() ? "agent_timeout" : outcome.error_code,
                                "The Agent did not finish the discovery in time."});
          }
          return done(Problem{outcome.kind == CommandOutcome::Kind::kCancelled
                                  ? ErrorKind::kConflict
                                  : ErrorKind::kRejected,
                              outcome.error_code.empty() ? "discovery_failed" : outcome.error_code,
                              outcome.error_message.empty() ? "The discovery did not complete."
                                                            : outcome.error_message});
        }
        const auto json = proto::parseJsonText(outcome.data_json);
        if (!json) return done(badAgentResult("not JSON"));
        const auto data = proto::parseDiscoverData(*json);
        if (!data) return done(badAgentResult(data.error.message));
        for (const auto& device : data.value->devices) {
          const auto address = scope::parseIpv4(device.address);
          if (!address ||
              !std::binary_search(plan->addresses.begin(), plan->addresses.end(), *address)) {
            return done(badAgentResult("device address \"" + device.address +
                                       "\" was not among the targets"));
          }
        }

        DiscoverySummary summary;
        summary.probed = plan->addresses.size();
        summary.found = data.value->devices.size();
        for (const auto& failure : data.value->failures) {
          summary.failures.push_back({failure.address, failure.kind, failure.message});
        }
        for (const auto& device : data.value->devices) {
          DiscoveryReport report;
          report.agent_id = agent_id;
          report.identity = DeviceIdentity{device.vendor, device.model, device.serial,
                                           device.firmware, device.mac};
          report.ip_address = device.address;
          const auto recorded = devices_.recordDiscovery(std::move(report));
          if (!recorded) {
            summary.failures.push_back(
                {device.address, "invalid_identity", recorded.error().message});
          } else if (recorded->created) {
            ++summary.created;
          } else {
            ++summary.updated;
          }
        }
        done(std::move(summary));
      });
}

}  // namespace pw::manager
