#include "manager/core/agent.hpp"

#include <algorithm>

namespace pw::manager {

AgentStatus agentStatus(const Agent& agent, Clock::TimePoint now,
                        std::chrono::seconds heartbeat_interval) {
  if (agent.state == AgentState::kInactive) return AgentStatus::kInactive;
  if (!agent.last_contact) return AgentStatus::kUnreachable;
  const auto silence = now - *agent.last_contact;
  return silence > heartbeat_interval * kMissedHeartbeatsBeforeUnreachable
             ? AgentStatus::kUnreachable
             : AgentStatus::kActive;
}

const char* toString(AgentStatus status) {
  switch (status) {
    case AgentStatus::kInactive: return "inactive";
    case AgentStatus::kActive: return "active";
    case AgentStatus::kUnreachable: return "unreachable";
  }
  return "inactive";
}

std::string validateAgentName(const std::string& name) {
  constexpr std::size_t kMaxNameLength = 64;
  if (name.empty() ||
      std::all_of(name.begin(), name.end(), [](unsigned char c) { return c == ' '; })) {
    return "name must not be empty";
  }
  if (name.size() > kMaxNameLength) return "name must be at most 64 characters";
  if (std::any_of(name.begin(), name.end(),
                  [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    return "name must not contain control characters";
  }
  return {};
}

}  // namespace pw::manager
