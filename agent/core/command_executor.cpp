#include "agent/core/command_executor.hpp"

namespace pw::agent {
namespace {
constexpr std::size_t kRememberedResults = 1000;
}

proto::CommandResult failedCommandResult(const proto::Command& command, const Clock& clock,
                                         std::string code, std::string message) {
  proto::CommandResult result;
  result.id = command.id;
  result.succeeded = false;
  result.completed_at = toUnixSeconds(clock.now());
  result.error = proto::CommandError{std::move(code), proto::clipText(std::move(message), 1024)};
  return result;
}

proto::CommandResult succeededCommandResult(const proto::Command& command, const Clock& clock,
                                            nlohmann::json data) {
  proto::CommandResult result;
  result.id = command.id;
  result.succeeded = true;
  result.completed_at = toUnixSeconds(clock.now());
  result.data = std::move(data);
  return result;
}

CommandExecutor::CommandExecutor(const Clock& clock) : clock_(clock) {
  registerHandler("ping", [this](const proto::Command& command, const ProgressSink&) {
    const auto now = toUnixSeconds(clock_.now());
    return succeededCommandResult(command, clock_, {{"agentTime", now}});
  });
}

void CommandExecutor::registerHandler(const std::string& kind, Handler handler) {
  std::lock_guard lock(mutex_);
  handlers_[kind] = std::move(handler);
}

std::optional<proto::CommandResult> CommandExecutor::execute(const proto::Command& command,
                                                             const ProgressSink& progress) {
  Handler handler;
  {
    std::lock_guard lock(mutex_);
    if (const auto it = recent_.find(command.id); it != recent_.end()) return it->second;
    if (!running_.insert(command.id).second) return std::nullopt;
    if (const auto it = handlers_.find(command.kind); it != handlers_.end()) handler = it->second;
  }
  proto::CommandResult result;
  if (handler) {
    result = handler(command, progress);
  } else {
    result =
        failedCommandResult(command, clock_, "unsupported_command",
                            "this Agent does not know the command kind \"" + command.kind + "\"");
  }
  std::lock_guard lock(mutex_);
  running_.erase(command.id);
  recent_[command.id] = result;
  recent_order_.push_back(command.id);
  if (recent_order_.size() > kRememberedResults) {
    recent_.erase(recent_order_.front());
    recent_order_.pop_front();
  }
  return result;
}

}  // namespace pw::agent
