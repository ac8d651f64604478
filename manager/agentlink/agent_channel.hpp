#pragma once
// The Manager's end of the mutual-TLS Agent channel (proto/README.md): heartbeats, the
// command long poll, command results and the Agents' outbox batches. Only certificates that
// AgentService still accepts get here; each request is attributed to the Agent its certificate was
// issued to.
#include <chrono>
#include <memory>

#include "common/core/worker_pool.hpp"
#include "common/net/event_loop.hpp"
#include "common/net/http_message.hpp"
#include "manager/core/command_queue.hpp"
#include "manager/services/agent_service.hpp"
#include "manager/services/outbox_service.hpp"

namespace spdlog {
class logger;
}

namespace pw::manager {

class AgentChannel {
 public:
  AgentChannel(AgentService& agents, CommandQueue& commands, OutboxService& outbox,
               WorkerPool& workers, net::EventLoop& loop);

  /// The handler to give the mutual-TLS HTTPS server.
  net::RequestHandler handler();
  /// For the TLS handshake: does this verified client certificate belong to an Agent?
  [[nodiscard]] bool acceptsCertificate(const net::PeerCertificate& peer) const;

  /// Longest long poll an Agent may ask for.
  static constexpr std::chrono::seconds kMaxWait{60};

 private:
  void handle(const net::HttpRequest& request, std::int64_t agent_id,
              const net::Responder& respond);
  void pollCommands(const net::HttpRequest& request, std::int64_t agent_id,
                    const net::Responder& respond);
  void ingestOutbox(nlohmann::json&& body, std::int64_t agent_id, const net::Responder& respond);

  AgentService& agents_;
  CommandQueue& commands_;
  OutboxService& outbox_;
  WorkerPool& workers_;
  net::EventLoop& loop_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace pw::manager
