#include "manager/services/device_identity_writer.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "manager/core/agent.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::manager {
namespace {

// Every value refused for the same reason.
std::vector<IdentityWrite> refuseAll(const DeviceIdentityWriter::Values& values,
                                     const std::string& reason, const std::string& message) {
  std::vector<IdentityWrite> out;
  for (const auto& [field, value] : values) out.push_back({field, false, reason, message});
  return out;
}

// The Agent's answer, one entry per value in order; a missing entry is a failure.
std::vector<IdentityWrite> writesOf(const DeviceIdentityWriter::Values& values,
                                    const CommandOutcome& outcome) {
  switch (outcome.kind) {
    case CommandOutcome::Kind::kTimedOut:
      return refuseAll(values, "timeout", "The Agent did not answer in time.");
    case CommandOutcome::Kind::kCancelled:
      return refuseAll(values, "failed", "The command was cancelled (the Agent was deleted).");
    case CommandOutcome::Kind::kFailed:
      return refuseAll(values, "failed", outcome.error_code + ": " + outcome.error_message);
    case CommandOutcome::Kind::kSucceeded: break;
  }
  const auto json = proto::parseJsonText(outcome.data_json);
  const auto data =
      json ? proto::parseSetIdentityData(*json) : proto::Parsed<proto::SetIdentityData>{};
  if (!data) return refuseAll(values, "failed", "The Agent's answer could not be read.");
  std::vector<IdentityWrite> out;
  for (const auto& [field, value] : values) {
    const auto& results = data.value->results;
    const auto it = std::find_if(results.begin(), results.end(),
                                 [&field](const auto& r) { return r.field == field; });
    if (it == results.end()) {
      out.push_back({field, false, "failed", "The Agent did not say how the write went."});
    } else {
      out.push_back({field, it->written, it->reason, it->message});
    }
  }
  return out;
}

}  // namespace

const proto::SnmpCredentialData* writeCredentialOf(
    const Device& device, const std::vector<proto::SnmpCredentialData>& write_credentials) {
  const auto own =
      std::find_if(write_credentials.begin(), write_credentials.end(),
                   [&device](const auto& c) { return device.communication.credential_id == c.id; });
  if (own != write_credentials.end()) return &*own;
  return write_credentials.empty() ? nullptr : &write_credentials.front();
}

AgentIdentityWriter::AgentIdentityWriter(AgentStore& agents, DiscoverySources& sources,
                                         CommandQueue& commands, const Clock& clock,
                                         IdentityWriteSettings settings)
    : agents_(agents), sources_(sources), commands_(commands), clock_(clock), settings_(settings) {}

void AgentIdentityWriter::write(const Device& device, Values values, Done done) {
  const auto agent = device.agent_id ? agents_.findAgent(*device.agent_id) : std::nullopt;
  if (!agent ||
      agentStatus(*agent, clock_.now(), settings_.heartbeat_interval) != AgentStatus::kActive) {
    return done(refuseAll(values, "agentOffline",
                          "The device's Agent is not connected, so the device was not asked."));
  }
  const auto credentials = sources_.snmpWriteCredentialsFor(agent->id);
  const auto* credential = writeCredentialOf(device, credentials);
  if (device.ip_address.empty()) {
    return done(refuseAll(values, "failed", "The device has no IPv4 address to write to."));
  }
  if (credential == nullptr) {
    return done(refuseAll(values, "noWriteCredential",
                          "No read-write SNMP credential is associated with the device's Agent."));
  }
  proto::SetIdentityPayload payload;
  payload.device = {device.id, device.ip_address, device.communication.snmp_port, credential->id,
                    device.identity.vendor};
  payload.credential = *credential;
  for (const auto& [field, value] : values) payload.values.push_back({field, value});
  payload.timeout_ms = settings_.transport.timeout_ms;
  payload.retries = settings_.transport.retries;
  commands_.issue(agent->id, "set-identity", proto::toJson(payload).dump(), settings_.time_limit,
                  [values = std::move(values), done = std::move(done)](
                      const CommandOutcome& outcome) { done(writesOf(values, outcome)); });
}

}  // namespace pw::manager
