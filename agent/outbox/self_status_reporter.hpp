#pragma once
// The Agent's own "agent-status" records (proto/agent/v1/agent-status.schema.json): every
// interval, the process's CPU use since the previous sample, its resident memory and the
// outbox's depth go into the outbox, so the Manager shows how each Agent is doing — and the
// store-and-forward path always carries something, which the end-to-end tests rely on.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "agent/outbox/outbox.hpp"
#include "common/core/clock.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace spdlog {
class logger;
}

namespace pw::agent {

/// Measures the calling process. CPU is relative to the previous call on the same object.
class SelfStatusSampler {
 public:
  explicit SelfStatusSampler(const Clock& clock);
  proto::AgentStatusSample sample(const OutboxStats& outbox);

 private:
  const Clock& clock_;
  std::chrono::steady_clock::time_point last_wall_;
  std::chrono::microseconds last_cpu_{0};
};

class SelfStatusReporter {
 public:
  SelfStatusReporter(Outbox& outbox, const Clock& clock, std::chrono::milliseconds interval);
  ~SelfStatusReporter();
  SelfStatusReporter(const SelfStatusReporter&) = delete;
  SelfStatusReporter& operator=(const SelfStatusReporter&) = delete;

  void start();
  void stop();  ///< Idempotent.

 private:
  void run();

  Outbox& outbox_;
  SelfStatusSampler sampler_;
  const std::chrono::milliseconds interval_;
  std::shared_ptr<spdlog::logger> log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace pw::agent
