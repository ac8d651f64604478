#pragma once
// Runs commands received from the Manager. Each kind of command is a handler registered by
// name; discovery, monitoring and device operations add theirs in later modules. Commands may
// run concurrently (the link gives each its own thread). A command id seen again — the Manager
// redelivers when an answer may have been lost — gets the remembered result instead of running
// twice, or nothing while the first run is still going. Thread-safe.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "common/core/clock.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::agent {

/// Where a long command reports how far it got. May be empty; called from the handler's thread.
using ProgressSink = std::function<void(const proto::CommandProgress&)>;

class CommandExecutor {
 public:
  using Handler = std::function<proto::CommandResult(const proto::Command&, const ProgressSink&)>;

  explicit CommandExecutor(const Clock& clock);

  void registerHandler(const std::string& kind, Handler handler);

  /// Runs the command (blocking) and returns its result. nullopt when the same id is running
  /// already: there is nothing to answer for this delivery, the first run will.
  std::optional<proto::CommandResult> execute(const proto::Command& command,
                                              const ProgressSink& progress = {});

 private:
  const Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Handler> handlers_;
  std::set<std::int64_t> running_;
  std::map<std::int64_t, proto::CommandResult> recent_;  // answers by command id
  std::deque<std::int64_t> recent_order_;
};

}  // namespace pw::agent
