#pragma once
// Delivers the Agent's durable outbox to the Manager (POST /agent/v1/outbox, decision 0012):
// one thread posts the oldest records in order, in batches bounded by count and bytes, and
// acknowledges them locally only once the Manager answers the position it stored; while the
// Manager cannot be reached it backs off (1 s, 2 s, ... capped) and the records wait on
// disk. A restart sends again whatever was not acknowledged; the Manager skips what it has.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "agent/link/enrollment.hpp"
#include "agent/outbox/outbox.hpp"

namespace spdlog {
class logger;
}
namespace pw::net {
class HttpsClient;
}

namespace pw::agent {

struct OutboxSenderSettings {
  std::size_t batch_records = 1000;
  std::size_t batch_bytes = 4u << 20;  ///< kind + payload bytes; the Manager accepts 32 MiB
  std::chrono::seconds max_backoff{30};
};

class OutboxSender {
 public:
  OutboxSender(const AgentIdentity& identity, Outbox& outbox, OutboxSenderSettings settings = {});
  ~OutboxSender();
  OutboxSender(const OutboxSender&) = delete;
  OutboxSender& operator=(const OutboxSender&) = delete;

  void start();
  /// Interrupts a post in progress (its records stay in the outbox) and joins. Idempotent.
  void stop();

 private:
  void run();
  /// Sends one batch and acknowledges it; false when it must be sent again after a pause.
  bool sendBatch(const std::vector<OutboxRecord>& records);
  /// Waits until records are appended, `d` passes or stop() is called; false on stop.
  bool waitFor(std::chrono::milliseconds d, bool until_append);
  void reportLink(bool up, const std::string& reason);

  const std::int64_t agent_id_;
  Outbox& outbox_;
  const OutboxSenderSettings settings_;
  std::unique_ptr<net::HttpsClient> client_;
  std::shared_ptr<spdlog::logger> log_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> running_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool appended_ = false;  // guarded by mutex_
  bool link_up_ = true;    // for logging changes only (sender thread)
  std::thread thread_;
};

}  // namespace pw::agent
