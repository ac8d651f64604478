#include "agent/link/manager_link.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>

#include "agent/link/manager_client.hpp"
#include "common/log/logging.hpp"
#include "common/net/https_client.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::agent {
namespace {

using namespace std::chrono_literals;
constexpr auto kRequestTimeout = 15s;

std::string hostName() {
  char name[256] = {};
  return ::gethostname(name, sizeof(name) - 1) == 0 ? std::string(name) : std::string();
}

}  // namespace

ManagerLink::ManagerLink(AgentIdentity identity, CommandExecutor& executor, const Clock& clock,
                         std::string agent_version, ManagerLinkSettings settings)
    : identity_(std::move(identity)),
      executor_(executor),
      clock_(clock),
      agent_version_(std::move(agent_version)),
      settings_(settings),
      started_at_(toUnixSeconds(clock.now())),
      log_(log::get("link")),
      heartbeat_seconds_(identity_.state.heartbeat_seconds) {
  heartbeat_client_ = makeManagerClient(identity_);
  poll_client_ = makeManagerClient(identity_);
  results_client_ = makeManagerClient(identity_);
  progress_client_ = makeManagerClient(identity_);
}

ManagerLink::~ManagerLink() {
  stop();
}

void ManagerLink::start() {
  log_->info("[agent {}] connecting to the Manager at {}:{}", identity_.state.agent_id,
             identity_.state.manager_host, identity_.state.agent_port);
  running_threads_ = 2;
  heartbeat_thread_ = std::thread([this] {
    heartbeatLoop();
    --running_threads_;
  });
  command_thread_ = std::thread([this] {
    commandLoop();
    --running_threads_;
  });
}

void ManagerLink::stop() {
  if (stopping_.exchange(true)) return;
  wake_.notify_all();
  // close() interrupts a request in progress but not one that starts just after it, so keep
  // closing until both threads have noticed the stop flag.
  while (running_threads_ > 0) {
    heartbeat_client_->close();
    poll_client_->close();
    results_client_->close();
    progress_client_->close();
    std::this_thread::sleep_for(20ms);
  }
  if (heartbeat_thread_.joinable()) heartbeat_thread_.join();
  if (command_thread_.joinable()) command_thread_.join();
}

bool ManagerLink::sleepFor(std::chrono::milliseconds d) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, d, [this] { return stopping_.load(); });
}

void ManagerLink::reportLink(bool up, const std::string& reason) {
  std::lock_guard lock(mutex_);
  if (link_known_ && link_up_ == up) return;  // log changes, not every retry
  link_known_ = true;
  link_up_ = up;
  if (up) {
    log_->info("[agent {}] connected to the Manager", identity_.state.agent_id);
  } else {
    log_->warn("[agent {}] cannot reach the Manager: {} (retrying)", identity_.state.agent_id,
               reason);
  }
}

void ManagerLink::heartbeatLoop() {
  std::chrono::milliseconds backoff{0};
  const proto::Heartbeat beat{agent_version_, hostName(), started_at_};
  while (!stopping_) {
    const auto response = heartbeat_client_->request(
        jsonPost("/agent/v1/heartbeat", proto::toJson(beat)), kRequestTimeout);
    if (stopping_) break;
    const auto body =
        response && response->status == 200 ? proto::parseJsonText(response->body) : std::nullopt;
    const auto ack = body ? proto::parseHeartbeatAck(*body) : proto::Parsed<proto::HeartbeatAck>{};
    if (ack) {
      reportLink(true, "");
      backoff = 0ms;
      heartbeat_seconds_ = ack.value->heartbeat_seconds;
      if (!sleepFor(std::chrono::seconds(heartbeat_seconds_.load()))) break;
    } else {
      reportLink(false, describeFailure(response));
      backoff = nextBackoff(backoff, settings_.max_backoff);
      if (!sleepFor(backoff)) break;
    }
  }
}

void ManagerLink::commandLoop() {
  std::chrono::milliseconds backoff{0};
  const auto target =
      "/agent/v1/commands?waitSeconds=" + std::to_string(settings_.poll_wait.count());
  while (!stopping_) {
    const auto response = poll_client_->request({"GET", target, {}, "", "", std::nullopt},
                                                settings_.poll_wait + kRequestTimeout);
    if (stopping_) break;
    const auto body =
        response && response->status == 200 ? proto::parseJsonText(response->body) : std::nullopt;
    const auto batch =
        body ? proto::parseCommandBatch(*body) : proto::Parsed<proto::CommandBatch>{};
    if (!batch) {
      reportLink(false, describeFailure(response));
      backoff = nextBackoff(backoff, settings_.max_backoff);
      if (!sleepFor(backoff)) break;
      continue;
    }
    backoff = 0ms;
    // Each command runs on its own thread, so a long discovery does not hold up a ping or the
    // next poll; a redelivered command that is still running is not started again.
    for (const auto& command : batch.value->commands) {
      log_->debug("[agent {}] command {} {}", identity_.state.agent_id, command.id, command.kind);
      ++running_threads_;
      std::thread([this, command] {
        runCommand(command);
        --running_threads_;
      }).detach();
    }
  }
}

void ManagerLink::runCommand(const proto::Command& command) {
  const ProgressSink progress = [this](const proto::CommandProgress& p) {
    if (stopping_) return;
    const proto::CommandProgressReport report{{p}};
    std::lock_guard lock(progress_mutex_);
    const auto posted = progress_client_->request(
        jsonPost("/agent/v1/command-progress", proto::toJson(report)), kRequestTimeout);
    if (!posted || posted->status != 204) {
      log_->debug("[agent {}] could not report progress of command {}: {}",
                  identity_.state.agent_id, p.id, describeFailure(posted));
    }
  };
  const auto result = executor_.execute(command, progress);
  if (!result || stopping_) return;
  // If this post is lost the Manager redelivers the command; the executor answers repeats
  // from memory.
  const proto::CommandResults results{{*result}};
  std::lock_guard lock(results_mutex_);
  const auto posted = results_client_->request(
      jsonPost("/agent/v1/command-results", proto::toJson(results)), kRequestTimeout);
  if (!posted || posted->status != 204) {
    log_->warn("[agent {}] could not return the result of command {}: {}", identity_.state.agent_id,
               command.id, describeFailure(posted));
  }
}

}  // namespace pw::agent
