#pragma once
// The Agent's connection to its Manager after enrolment, over mutual TLS only. The Agent
// always dials out (it may sit behind NAT): one thread sends heartbeats, another keeps a long
// poll open for commands and starts a thread per command, which posts the command's progress
// and result. Lost connections are retried with capped exponential backoff; the Manager may
// change the heartbeat interval in its answers.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "agent/core/command_executor.hpp"
#include "agent/link/enrollment.hpp"
#include "common/core/clock.hpp"

namespace spdlog {
class logger;
}
namespace pw::net {
class HttpsClient;
}

namespace pw::agent {

struct ManagerLinkSettings {
  std::chrono::seconds poll_wait{25};
  std::chrono::seconds max_backoff{30};
};

class ManagerLink {
 public:
  ManagerLink(AgentIdentity identity, CommandExecutor& executor, const Clock& clock,
              std::string agent_version, ManagerLinkSettings settings = {});
  ~ManagerLink();
  ManagerLink(const ManagerLink&) = delete;
  ManagerLink& operator=(const ManagerLink&) = delete;

  void start();
  /// Interrupts blocked requests and joins the threads. Idempotent.
  void stop();

 private:
  void heartbeatLoop();
  void commandLoop();
  /// Runs one command (on its own thread) and posts its progress and result.
  void runCommand(const proto::Command& command);
  /// Sleeps up to `d`; false when stop() was called meanwhile.
  bool sleepFor(std::chrono::milliseconds d);
  void reportLink(bool up, const std::string& reason);

  const AgentIdentity identity_;
  CommandExecutor& executor_;
  const Clock& clock_;
  const std::string agent_version_;
  const ManagerLinkSettings settings_;
  const long long started_at_;
  std::shared_ptr<spdlog::logger> log_;

  std::atomic<bool> stopping_{false};
  std::atomic<int> running_threads_{0};  // loops and command threads; stop() waits for 0
  std::atomic<int> heartbeat_seconds_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool link_up_ = false;     // guarded by mutex_; for logging state changes only
  bool link_known_ = false;  // guarded by mutex_
  std::unique_ptr<net::HttpsClient> heartbeat_client_;
  std::unique_ptr<net::HttpsClient> poll_client_;
  std::mutex results_mutex_;  // one result post at a time on results_client_
  std::unique_ptr<net::HttpsClient> results_client_;
  std::mutex progress_mutex_;  // one progress post at a time on progress_client_
  std::unique_ptr<net::HttpsClient> progress_client_;
  std::thread heartbeat_thread_;
  std::thread command_thread_;
};

}  // namespace pw::agent
