// The function checks of MonitoringService: the "check-functions" command to an Agent and what
// its result is stored as (a supported function is not checked again: the built-in tasks ask
// devicesSupporting() and leave those devices out).
#include <algorithm>

#include "manager/services/monitoring_service.hpp"

namespace pw::manager {

Outcome<PollStarted> MonitoringService::startFunctionCheck(
    std::int64_t agent_id, const std::vector<std::int64_t>& device_ids,
    const std::vector<std::string>& functions) {
  if (functions.empty())
    return Problem{ErrorKind::kInvalidInput, "invalid_input",
                   "functions must name addressBook and/or deviceSettings"};
  for (const auto& function : functions) {
    if (std::find(std::begin(proto::kDeviceFunctions), std::end(proto::kDeviceFunctions),
                  function) == std::end(proto::kDeviceFunctions)) {
      return Problem{ErrorKind::kInvalidInput, "invalid_input",
                     "functions: \"" + function + "\" is not addressBook or deviceSettings"};
    }
  }
  auto targets = targetsFor(agent_id, device_ids);
  if (!targets) return targets.error();
  proto::CheckFunctionsPayload payload;
  payload.functions = functions;
  return issue(agent_id, "check-functions", std::move(payload), std::move(*targets),
               [this, agent_id](const CommandOutcome& outcome) {
                 onFunctionCheckOutcome(agent_id, outcome);
               });
}

void MonitoringService::onFunctionCheckOutcome(std::int64_t agent_id,
                                               const CommandOutcome& outcome) {
  const auto warn = [this, agent_id](const std::string& what) {
    if (warn_) warn_("[agent " + std::to_string(agent_id) + "] " + what);
  };
  if (outcome.kind != CommandOutcome::Kind::kSucceeded) {
    warn("function check ended without results: " + outcome.error_code + " " +
         outcome.error_message);
    return;
  }
  const auto json = proto::parseJsonText(outcome.data_json);
  const auto data =
      json ? proto::parseCheckFunctionsData(*json) : proto::Parsed<proto::CheckFunctionsData>{};
  if (!data) {
    warn("function check result could not be read: " + (json ? data.error.message : "not JSON"));
    return;
  }
  const auto now = clock_.now();
  std::vector<FunctionSupport> records;
  records.reserve(data.value->results.size());
  for (const auto& r : data.value->results) {
    records.push_back({r.device_id, r.function, r.state, r.reason, now});
  }
  try {
    store_.storeFunctionSupport(records);
  } catch (const std::exception& e) {
    warn(std::string("function check results not stored: ") + e.what());
  }
}

Outcome<std::vector<FunctionSupport>> MonitoringService::functionSupport(std::int64_t device_id) {
  if (auto exists = deviceExists(device_id); !exists) return exists.error();
  return store_.functionSupport(device_id);
}

std::set<std::int64_t> MonitoringService::devicesSupporting(const std::string& function) {
  return store_.devicesSupporting(function);
}

}  // namespace pw::manager
