#include "manager/services/discovery_task_type.hpp"

#include <algorithm>

namespace pw::manager {
namespace {

// What a finished Agent part of a discovery run is as a task target's result.
std::pair<TargetResult, std::string> resultOf(const AgentRun& part) {
  if (part.state == RunState::kSucceeded) {
    return {TargetResult::kSuccess, std::to_string(part.found) + " printers found"};
  }
  const auto message = part.error ? part.error->message : std::string("the discovery failed");
  if (part.state == RunState::kCancelled) {
    return {TargetResult::kError, "the discovery run was cancelled"};
  }
  if (part.error && part.error->code == "agent_timeout") return {TargetResult::kTimeout, message};
  return {TargetResult::kError, message};
}

}  // namespace

std::optional<Problem> DiscoveryTaskType::validate(const nlohmann::json& parameters) const {
  for (const auto& [key, value] : parameters.items()) {
    const bool port_ok = key == "port" && value.is_number_integer() && value.get<int>() >= 1 &&
                         value.get<int>() <= 65535;
    const bool registration_ok =
        key == "registration" && (value == "managed" || value == "unmanaged");
    if (!port_ok && !registration_ok) {
      return Problem{ErrorKind::kInvalidInput, "invalid_input",
                     "parameters: registration (managed or unmanaged) and port (1-65535) only"};
    }
  }
  return std::nullopt;
}

void DiscoveryTaskType::start(TaskStep step) {
  ScopeDiscoveryRequest request;
  for (const auto& target : step.targets) request.agent_ids.push_back(target.id);
  if (step.parameters.value("registration", "managed") == "unmanaged") {
    request.registration.matching_state = DeviceState::kUnmanaged;
  }
  request.port = step.parameters.value("port", 161);
  request.created_by = "task";
  // A run has at most kMaxAgentsPerRun Agents: larger tasks start several runs.
  for (std::size_t first = 0; first < request.agent_ids.size();
       first += DiscoveryService::kMaxAgentsPerRun) {
    ScopeDiscoveryRequest part = request;
    const auto last =
        std::min(request.agent_ids.size(), first + DiscoveryService::kMaxAgentsPerRun);
    part.agent_ids.assign(request.agent_ids.begin() + static_cast<std::ptrdiff_t>(first),
                          request.agent_ids.begin() + static_cast<std::ptrdiff_t>(last));
    const auto run = discovery_.start(part);
    if (!run) {
      for (const auto id : part.agent_ids) {
        step.report({TaskTargetKind::kAgent, id}, TargetResult::kError, run.error().message);
      }
      continue;
    }
    std::vector<TargetRef> sent;
    for (const auto id : part.agent_ids) sent.push_back({TaskTargetKind::kAgent, id});
    step.sent(sent, run->id);  // the discovery run stands for the command
    std::lock_guard lock(mutex_);
    followed_.push_back({run->id, step, part.agent_ids, {}});
  }
  poll();  // Agents that could not take part are finished already
}

void DiscoveryTaskType::poll() {
  std::vector<std::pair<TaskStep, std::vector<AgentRun>>> finished;
  {
    std::lock_guard lock(mutex_);
    for (auto it = followed_.begin(); it != followed_.end();) {
      const auto run = discovery_.get(it->discovery_run_id);
      std::vector<AgentRun> done;
      if (!run) {  // purged meanwhile: what it found is not known
        for (const auto agent_id : it->agent_ids) {
          if (it->reported.insert(agent_id).second) {
            AgentRun lost;
            lost.agent_id = agent_id;
            lost.state = RunState::kFailed;
            lost.error = RunError{"discovery_run_gone", "the discovery run is no longer recorded"};
            done.push_back(lost);
          }
        }
      } else {
        for (const auto& part : run->agents) {
          if (isFinished(part.state) && it->reported.insert(part.agent_id).second) {
            done.push_back(part);
          }
        }
      }
      if (!done.empty()) finished.emplace_back(it->step, std::move(done));
      // A run that is gone (purged) or finished needs no more looking at.
      it = !run || isFinished(run->state) ? followed_.erase(it) : std::next(it);
    }
  }
  for (const auto& [step, parts] : finished) {
    for (const auto& part : parts) {
      const auto [result, detail] = resultOf(part);
      step.report({TaskTargetKind::kAgent, part.agent_id}, result, detail);
    }
  }
}

}  // namespace pw::manager
