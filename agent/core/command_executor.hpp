#pragma once
// Runs commands received from the Manager. Each kind of command is a handler registered by
// name; discovery, monitoring and device operations add theirs in later modules. A command id
// seen again (the Manager redelivers when an answer may have been lost) gets the remembered
// result instead of running twice. Thread-safe.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "common/core/clock.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::agent {

class CommandExecutor {
 public:
  using Handler = std::function<proto::CommandResult(const proto::Command&)>;

  explicit CommandExecutor(const Clock& clock);

  void registerHandler(const std::string& kind, Handler handler);
  proto::CommandResult execute(const proto::Command& command);

 private:
  const Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Handler> handlers_;
  std::map<std::int64_t, proto::CommandResult> recent_;  // answers by command id
  std::deque<std::int64_t> recent_order_;
};

}  // namespace pw::agent
