#pragma once
// Commands from the Manager to its Agents, delivered over the Agent's long poll.
//
// Agents may sit behind NAT, so the Manager never connects to them: each Agent keeps one
// request parked (GET /agent/v1/commands?waitSeconds=N) and the queue answers it as soon as a
// command is issued. A command delivered but not answered within redeliver_after is delivered
// again (the poll that carried it may have belonged to a connection that was already dead, or
// the answer may have been lost); Agents answer a repeated id from memory instead of running
// it twice. Past its deadline a command completes as timed out. Thread-safe; callbacks
// run outside the lock, on the calling thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/core/clock.hpp"

namespace pw::manager {

struct QueuedCommand {
  std::int64_t id = 0;
  std::int64_t agent_id = 0;
  std::string kind;
  std::string payload_json;
  Clock::TimePoint issued_at;
  Clock::TimePoint deadline;
  std::optional<Clock::TimePoint> delivered_at;
};

struct CommandOutcome {
  enum class Kind { kSucceeded, kFailed, kTimedOut, kCancelled };
  Kind kind = Kind::kSucceeded;
  std::string data_json = "{}";
  std::string error_code;
  std::string error_message;
  Clock::TimePoint completed_at;
};

/// How far a long command got, as its Agent reports while it runs.
struct CommandProgressInfo {
  std::int64_t done = 0;
  std::int64_t total = 0;
  std::int64_t found = 0;
};

class CommandQueue {
 public:
  using Delivery = std::function<void(std::vector<QueuedCommand>)>;
  using Completion = std::function<void(const CommandOutcome&)>;
  using Progress = std::function<void(const CommandProgressInfo&)>;
  using WaitId = std::uint64_t;

  explicit CommandQueue(const Clock& clock,
                        std::chrono::seconds redeliver_after = std::chrono::seconds{3})
      : clock_(clock), redeliver_after_(redeliver_after) {}

  /// Queues a command and wakes the Agent's parked poll, if any. Returns the command id.
  /// `on_progress` (may be empty) gets the Agent's progress reports while the command runs.
  std::int64_t issue(std::int64_t agent_id, std::string kind, std::string payload_json,
                     std::chrono::seconds time_limit, Completion on_complete,
                     Progress on_progress = {});

  /// Parks a poll. When commands are due it delivers them at once and returns 0; otherwise
  /// delivery happens on the next issue() or, empty, on release(). A poll from the same Agent
  /// still parked is ended empty first: it belongs to a connection that is gone.
  WaitId wait(std::int64_t agent_id, Delivery deliver);
  /// Ends a parked poll with an empty delivery (its wait elapsed). No-op when already ended.
  void release(WaitId id);

  /// Records the Agent's answer. False for an unknown id or another Agent's command.
  bool complete(std::int64_t agent_id, std::int64_t command_id, const CommandOutcome& outcome);

  /// Passes a progress report on. It also proves the command is running, so it is not
  /// delivered again for another redeliver_after. False for an unknown id or another Agent's.
  bool progress(std::int64_t agent_id, std::int64_t command_id, const CommandProgressInfo& info);

  /// Completes every command past its deadline as timed out, and hands deliveries that went
  /// unanswered for redeliver_after to the Agent's parked poll. Call about once a second.
  void tick();

  /// Cancels the Agent's commands and ends its parked polls (the Agent was deleted).
  void dropAgent(std::int64_t agent_id);

  [[nodiscard]] std::size_t pendingCount() const;

 private:
  struct Waiter {
    std::int64_t agent_id;
    Delivery deliver;
  };
  struct Entry {
    QueuedCommand command;
    Completion on_complete;
    Progress on_progress;
  };
  std::vector<QueuedCommand> takeDueLocked(std::int64_t agent_id);

  const Clock& clock_;
  const std::chrono::seconds redeliver_after_;
  mutable std::mutex mutex_;
  std::int64_t next_command_id_ = 1;
  WaitId next_wait_id_ = 1;
  std::map<std::int64_t, Entry> commands_;  // by command id
  std::map<WaitId, Waiter> waiters_;
};

}  // namespace pw::manager
