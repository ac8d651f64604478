#pragma once
// The Manager's end of the mutual-TLS Agent channel (proto/README.md): heartbeats, the
// command long poll and command results. Only certificates that AgentService still accepts
// get here; each request is attributed to the Agent its certificate was issued to.
#include <chrono>
#include <memory>

#include "common/core/worker_pool.hpp"
#include "common/net/event_loop.hpp"
#include "common/net/http_message.hpp"
#include "manager/core/command_queue.hpp"
#include "manager/services/agent_service.hpp"

namespace spdlog {
class logger;
}

namespace pw::manager {

class AgentChannel {
 public:
  AgentChannel(AgentService& agents, CommandQueue& commands, WorkerPool& workers,
               net::EventLoop& loop);

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

  AgentService& agents_;
  CommandQueue& commands_;
  WorkerPool& workers_;
  net::EventLoop& loop_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace pw::manager
