#pragma once
// Runs commands received from the Manager. Each kind of command is a handler registered by
// name; discovery, monitoring and device operations add theirs in later modules. Commands may
// run concurrently (the link gives each its own thread). A command id seen again — the Manager
// redelivers when an answer may have been lost — gets the remembered result instead of running
// twice, or nothing while the first run is still going. Thread-safe.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
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

/// A failed result for `command`, completed now; the message is cut to the wire limit.
proto::CommandResult failedCommandResult(const proto::Command& command, const Clock& clock,
                                         std::string code, std::string message);
/// A succeeded result for `command` with its data, completed now.
proto::CommandResult succeededCommandResult(const proto::Command& command, const Clock& clock,
                                            nlohmann::json data);

/// Starts an asynchronous operation and blocks until it completes, passing its latest progress
/// on to `sink` about once a second (as `report(progress)`). `start(on_progress, on_done)` must
/// call on_done exactly once, from any thread; on_progress may be called any number of times
/// before it. For command handlers, which run on their own thread.
template <typename Result, typename Progress, typename Start, typename Report>
Result awaitWithProgress(Start&& start, Progress initial, Report&& report,
                         const ProgressSink& sink) {
  std::mutex mutex;
  Progress latest = std::move(initial);
  std::promise<Result> promise;
  auto future = promise.get_future();
  start(
      [&mutex, &latest](const Progress& p) {
        std::lock_guard lock(mutex);
        latest = p;
      },
      [&promise](Result result) { promise.set_value(std::move(result)); });
  while (future.wait_for(std::chrono::seconds(1)) != std::future_status::ready) {
    if (!sink) continue;
    Progress now;
    {
      std::lock_guard lock(mutex);
      now = latest;
    }
    sink(report(now));
  }
  return future.get();
}

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
