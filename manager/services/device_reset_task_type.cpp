#include "manager/services/device_reset_task_type.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <utility>

#include "manager/core/agent.hpp"
#include "manager/services/device_identity_writer.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::manager {
namespace {

TargetRef deviceRef(std::int64_t id) {
  return {TaskTargetKind::kDevice, id};
}

// A device's answer as its target's result.
std::pair<TargetResult, std::string> resultOf(const proto::ResetResultData& answer) {
  if (answer.done) return {TargetResult::kSuccess, ""};
  const auto detail = answer.reason + ": " + answer.message;
  if (answer.reason == "timeout") return {TargetResult::kTimeout, detail};
  if (answer.reason == "authentication" || answer.reason == "authorizationError") {
    return {TargetResult::kAuthenticationError, detail};
  }
  return {TargetResult::kError, detail};
}

// One command's devices, reported once its answer came. `sent` is held while the command is
// issued and marked sent, so that an answer never overtakes the "running" mark.
struct CommandTargets {
  std::mutex sent;
  std::vector<std::int64_t> device_ids;
};

void reportAnswer(const TaskStep& step, const std::vector<std::int64_t>& device_ids,
                  const CommandOutcome& outcome) {
  const auto all = [&](TargetResult result, const std::string& detail) {
    for (const auto id : device_ids) step.report(deviceRef(id), result, detail);
  };
  switch (outcome.kind) {
    case CommandOutcome::Kind::kTimedOut:
      return all(TargetResult::kTimeout, "the Agent did not answer in time");
    case CommandOutcome::Kind::kCancelled:
      return all(TargetResult::kError, "the command was cancelled (the Agent was deleted)");
    case CommandOutcome::Kind::kFailed:
      return all(TargetResult::kError, outcome.error_code + ": " + outcome.error_message);
    case CommandOutcome::Kind::kSucceeded: break;
  }
  const auto json = proto::parseJsonText(outcome.data_json);
  const auto data =
      json ? proto::parseResetDeviceData(*json) : proto::Parsed<proto::ResetDeviceData>{};
  if (!data) return all(TargetResult::kError, "the Agent's answer could not be read");
  std::set<std::int64_t> answered;
  for (const auto& answer : data.value->results) {
    if (std::find(device_ids.begin(), device_ids.end(), answer.device_id) == device_ids.end() ||
        !answered.insert(answer.device_id).second) {
      continue;  // not one of this command's devices: ignored
    }
    const auto [result, detail] = resultOf(answer);
    step.report(deviceRef(answer.device_id), result, detail);
  }
  for (const auto id : device_ids) {
    if (!answered.contains(id)) {
      step.report(deviceRef(id), TargetResult::kError, "the Agent did not say how it went");
    }
  }
}

}  // namespace

DeviceResetTaskType::DeviceResetTaskType(DeviceStore& devices, AgentStore& agents,
                                         DiscoverySources& sources, CommandQueue& commands,
                                         const Clock& clock, DeviceResetSettings settings)
    : devices_(devices),
      agents_(agents),
      sources_(sources),
      commands_(commands),
      clock_(clock),
      settings_(settings) {}

std::optional<Problem> DeviceResetTaskType::validate(const nlohmann::json& parameters) const {
  const auto kind = parameters.find("kind");
  const bool valid = parameters.size() == 1 && kind != parameters.end() &&
                     (*kind == "restart" || *kind == "shutdown");
  if (valid) return std::nullopt;
  return Problem{ErrorKind::kInvalidInput, "invalid_input",
                 "parameters.kind: restart or shutdown (and nothing else)"};
}

void DeviceResetTaskType::start(TaskStep step) {
  const auto kind = step.parameters.value("kind", "restart");
  struct AgentPart {
    std::vector<proto::SnmpCredentialData> write_credentials;
    proto::ResetDevicePayload payload;
  };
  std::map<std::int64_t, AgentPart> parts;  // by Agent id
  std::map<std::int64_t, bool> agent_active;
  const auto now = clock_.now();
  for (const auto& target : step.targets) {
    const auto refuse = [&](const std::string& detail) {
      step.report(target, TargetResult::kError, detail);
    };
    const auto device = devices_.findDevice(target.id);
    if (!device) {
      refuse("the device no longer exists");
      continue;
    }
    if (!device->agent_id) {
      refuse("noAgent: no Agent reaches the device");
      continue;
    }
    const auto agent_id = *device->agent_id;
    if (!agent_active.contains(agent_id)) {
      const auto agent = agents_.findAgent(agent_id);
      agent_active[agent_id] =
          agent && agentStatus(*agent, now, settings_.heartbeat_interval) == AgentStatus::kActive;
      if (agent_active[agent_id]) {
        parts[agent_id].write_credentials = sources_.snmpWriteCredentialsFor(agent_id);
      }
    }
    if (!agent_active[agent_id]) {
      refuse("agentOffline: the device's Agent is not connected, so the device was not asked");
      continue;
    }
    if (device->ip_address.empty()) {
      refuse("failed: the device has no IPv4 address");
      continue;
    }
    auto& part = parts[agent_id];
    const auto* credential = writeCredentialOf(*device, part.write_credentials);
    if (credential == nullptr) {
      refuse("noWriteCredential: no read-write SNMP credential is associated with the Agent");
      continue;
    }
    part.payload.devices.push_back({device->id, device->ip_address, device->communication.snmp_port,
                                    credential->id, device->identity.vendor});
    if (std::none_of(part.payload.credentials.begin(), part.payload.credentials.end(),
                     [&](const auto& c) { return c.id == credential->id; })) {
      part.payload.credentials.push_back(*credential);
    }
  }

  for (auto& [agent_id, part] : parts) {
    const auto& devices = part.payload.devices;
    for (std::size_t first = 0; first < devices.size(); first += kMaxDevicesPerCommand) {
      proto::ResetDevicePayload payload;
      payload.kind = kind;
      payload.timeout_ms = settings_.transport.timeout_ms;
      payload.retries = settings_.transport.retries;
      payload.credentials = part.payload.credentials;
      const auto last = std::min(devices.size(), first + kMaxDevicesPerCommand);
      payload.devices.assign(devices.begin() + static_cast<std::ptrdiff_t>(first),
                             devices.begin() + static_cast<std::ptrdiff_t>(last));
      auto targets = std::make_shared<CommandTargets>();
      std::vector<TargetRef> sent;
      for (const auto& d : payload.devices) {
        targets->device_ids.push_back(d.device_id);
        sent.push_back(deviceRef(d.device_id));
      }
      std::lock_guard lock(targets->sent);
      const auto command_id =
          commands_.issue(agent_id, "reset-device", proto::toJson(payload).dump(),
                          settings_.time_limit, [step, targets](const CommandOutcome& outcome) {
                            std::lock_guard answered(targets->sent);
                            reportAnswer(step, targets->device_ids, outcome);
                          });
      step.sent(sent, command_id);
    }
  }
}

}  // namespace pw::manager
