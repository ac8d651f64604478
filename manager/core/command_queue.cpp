#include "manager/core/command_queue.hpp"

#include <optional>
#include <utility>

namespace pw::manager {

std::int64_t CommandQueue::issue(std::int64_t agent_id, std::string kind, std::string payload_json,
                                 std::chrono::seconds time_limit, Completion on_complete,
                                 Progress on_progress) {
  Delivery deliver;
  std::vector<QueuedCommand> due;
  std::int64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_command_id_++;
    const auto now = clock_.now();
    commands_[id] = Entry{QueuedCommand{id, agent_id, std::move(kind), std::move(payload_json), now,
                                        now + time_limit, std::nullopt},
                          std::move(on_complete), std::move(on_progress)};
    for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
      if (it->second.agent_id != agent_id) continue;
      deliver = std::move(it->second.deliver);
      waiters_.erase(it);
      due = takeDueLocked(agent_id);
      break;
    }
  }
  if (deliver) deliver(std::move(due));
  return id;
}

bool CommandQueue::progress(std::int64_t agent_id, std::int64_t command_id,
                            const CommandProgressInfo& info) {
  Progress on_progress;
  {
    std::lock_guard lock(mutex_);
    const auto it = commands_.find(command_id);
    if (it == commands_.end() || it->second.command.agent_id != agent_id) return false;
    it->second.command.delivered_at = clock_.now();
    on_progress = it->second.on_progress;
  }
  if (on_progress) on_progress(info);
  return true;
}

std::vector<QueuedCommand> CommandQueue::takeDueLocked(std::int64_t agent_id) {
  std::vector<QueuedCommand> due;
  const auto now = clock_.now();
  for (auto& [id, entry] : commands_) {
    auto& command = entry.command;
    if (command.agent_id != agent_id) continue;
    if (command.delivered_at && now - *command.delivered_at < redeliver_after_) continue;
    command.delivered_at = now;
    due.push_back(command);
  }
  return due;
}

CommandQueue::WaitId CommandQueue::wait(std::int64_t agent_id, Delivery deliver) {
  std::vector<QueuedCommand> due;
  std::vector<Delivery> superseded;
  Delivery immediate;
  WaitId id = 0;
  {
    std::lock_guard lock(mutex_);
    // An Agent polls from one loop: a new poll means any older one is dead (its connection
    // broke, or the Agent restarted). Answering the dead one would lose the command.
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      if (it->second.agent_id == agent_id) {
        superseded.push_back(std::move(it->second.deliver));
        it = waiters_.erase(it);
      } else {
        ++it;
      }
    }
    due = takeDueLocked(agent_id);
    if (due.empty()) {
      id = next_wait_id_++;
      waiters_[id] = Waiter{agent_id, std::move(deliver)};
    } else {
      immediate = std::move(deliver);
    }
  }
  for (auto& old : superseded) old({});
  if (immediate) immediate(std::move(due));
  return id;
}

void CommandQueue::release(WaitId id) {
  Delivery deliver;
  {
    std::lock_guard lock(mutex_);
    const auto it = waiters_.find(id);
    if (it == waiters_.end()) return;
    deliver = std::move(it->second.deliver);
    waiters_.erase(it);
  }
  deliver({});
}

bool CommandQueue::complete(std::int64_t agent_id, std::int64_t command_id,
                            const CommandOutcome& outcome) {
  Completion on_complete;
  {
    std::lock_guard lock(mutex_);
    const auto it = commands_.find(command_id);
    if (it == commands_.end() || it->second.command.agent_id != agent_id) return false;
    on_complete = std::move(it->second.on_complete);
    commands_.erase(it);
  }
  if (on_complete) on_complete(outcome);
  return true;
}

void CommandQueue::tick() {
  std::vector<Completion> expired;
  std::vector<std::pair<Delivery, std::vector<QueuedCommand>>> redeliveries;
  const auto now = clock_.now();
  {
    std::lock_guard lock(mutex_);
    for (auto it = commands_.begin(); it != commands_.end();) {
      if (it->second.command.deadline <= now) {
        expired.push_back(std::move(it->second.on_complete));
        it = commands_.erase(it);
      } else {
        ++it;
      }
    }
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      auto due = takeDueLocked(it->second.agent_id);
      if (due.empty()) {
        ++it;
        continue;
      }
      redeliveries.emplace_back(std::move(it->second.deliver), std::move(due));
      it = waiters_.erase(it);
    }
  }
  CommandOutcome outcome;
  outcome.kind = CommandOutcome::Kind::kTimedOut;
  outcome.error_code = "agent_timeout";
  outcome.error_message = "the Agent did not answer in time";
  outcome.completed_at = now;
  for (auto& fn : expired) {
    if (fn) fn(outcome);
  }
  for (auto& [deliver, due] : redeliveries) deliver(std::move(due));
}

void CommandQueue::dropAgent(std::int64_t agent_id) {
  std::vector<Completion> cancelled;
  std::vector<Delivery> released;
  {
    std::lock_guard lock(mutex_);
    for (auto it = commands_.begin(); it != commands_.end();) {
      if (it->second.command.agent_id == agent_id) {
        cancelled.push_back(std::move(it->second.on_complete));
        it = commands_.erase(it);
      } else {
        ++it;
      }
    }
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      if (it->second.agent_id == agent_id) {
        released.push_back(std::move(it->second.deliver));
        it = waiters_.erase(it);
      } else {
        ++it;
      }
    }
  }
  CommandOutcome outcome;
  outcome.kind = CommandOutcome::Kind::kCancelled;
  outcome.error_code = "agent_removed";
  outcome.error_message = "the Agent was deleted or deactivated";
  outcome.completed_at = clock_.now();
  for (auto& fn : cancelled) {
    if (fn) fn(outcome);
  }
  for (auto& fn : released) fn({});
}

std::size_t CommandQueue::pendingCount() const {
  std::lock_guard lock(mutex_);
  return commands_.size();
}

}  // namespace pw::manager
