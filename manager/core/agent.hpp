#pragma once
// The Agent as the Manager knows it. `state` is what was decided (activated or not); the
// status shown to administrators is derived from it and from the last contact.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/core/clock.hpp"

namespace pw::manager {

enum class AgentState { kInactive, kActive };
enum class AgentStatus { kInactive, kActive, kUnreachable };

struct Agent {
  std::int64_t id = 0;
  std::string name;
  bool local = false;
  AgentState state = AgentState::kInactive;
  std::string version;   ///< empty until the first heartbeat
  std::string hostname;  ///< as reported by the Agent
  std::optional<Clock::TimePoint> last_contact;
  Clock::TimePoint created_at;
};

/// Heartbeats an Agent may miss before it is shown as unreachable.
inline constexpr int kMissedHeartbeatsBeforeUnreachable = 3;

/// Active while heartbeats arrive; unreachable once kMissedHeartbeatsBeforeUnreachable were
/// missed (or none arrived since activation); inactive before activation.
AgentStatus agentStatus(const Agent& agent, Clock::TimePoint now,
                        std::chrono::seconds heartbeat_interval);

const char* toString(AgentStatus status);

/// Names are what administrators recognise Agents by: 1-64 characters, no control characters,
/// not blank. Returns an error message, or empty when valid.
std::string validateAgentName(const std::string& name);

}  // namespace pw::manager
