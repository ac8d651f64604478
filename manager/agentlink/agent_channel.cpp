#include "manager/agentlink/agent_channel.hpp"

#include <spdlog/spdlog.h>

#include <charconv>

#include "common/log/logging.hpp"
#include "manager/api/http_util.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::manager {
namespace {

using api::jsonResponse;
using api::problemResponse;

proto::Command toProto(const QueuedCommand& c) {
  proto::Command command;
  command.id = c.id;
  command.kind = c.kind;
  command.issued_at = toUnixSeconds(c.issued_at);
  command.payload = nlohmann::json::parse(c.payload_json, nullptr, false);
  if (!command.payload.is_object()) command.payload = nlohmann::json::object();
  return command;
}

}  // namespace

AgentChannel::AgentChannel(AgentService& agents, CommandQueue& commands, OutboxService& outbox,
                           WorkerPool& workers, net::EventLoop& loop)
    : agents_(agents),
      commands_(commands),
      outbox_(outbox),
      workers_(workers),
      loop_(loop),
      log_(log::get("agentlink")) {}

bool AgentChannel::acceptsCertificate(const net::PeerCertificate& peer) const {
  const bool known =
      agents_.agentForCertificate(peer.serial_hex, peer.sha256_fingerprint).has_value();
  if (!known) {
    log_->warn("refused client certificate CN={} serial={}: revoked or unknown",
               peer.subject_common_name, peer.serial_hex);
  }
  return known;
}

net::RequestHandler AgentChannel::handler() {
  return [this](net::HttpRequest&& request, net::Responder respond) {
    // A certificate may be revoked while its connection is kept alive: check every request.
    const auto agent_id = request.peer
                              ? agents_.agentForCertificate(request.peer->serial_hex,
                                                            request.peer->sha256_fingerprint)
                              : std::nullopt;
    if (!agent_id) {
      log_->warn("refused client certificate serial={} on an open connection: revoked",
                 request.peer ? request.peer->serial_hex : std::string("none"));
      return respond(problemResponse(403, "certificate_revoked",
                                     "This Agent's certificate is no longer accepted."));
    }
    auto shared = std::make_shared<net::HttpRequest>(std::move(request));
    workers_.submit([this, shared, id = *agent_id, respond = std::move(respond)] {
      try {
        handle(*shared, id, respond);
      } catch (const std::exception& e) {
        log_->error("[agent {}] {} {} failed: {}", id, shared->method, shared->path(), e.what());
        respond(
            problemResponse(500, "internal_error", "The Manager could not complete the request."));
      }
    });
  };
}

void AgentChannel::handle(const net::HttpRequest& request, std::int64_t agent_id,
                          const net::Responder& respond) {
  const auto path = request.path();
  if (request.method == "GET" && path == "/agent/v1/commands") {
    return pollCommands(request, agent_id, respond);
  }
  if (request.method != "POST" ||
      (path != "/agent/v1/heartbeat" && path != "/agent/v1/command-results" &&
       path != "/agent/v1/command-progress" && path != "/agent/v1/outbox")) {
    return respond(problemResponse(404, "not_found", "There is no such Agent channel resource."));
  }
  auto body = proto::parseJsonText(request.body);
  if (!body) return respond(problemResponse(400, "invalid_json", "The body is not valid JSON."));

  if (path == "/agent/v1/heartbeat") {
    const auto beat = proto::parseHeartbeat(*body);
    if (!beat) return respond(problemResponse(400, "invalid_input", beat.error.message));
    const auto ack = agents_.heartbeat(agent_id, *beat.value);
    if (!ack) return respond(problemResponse(ack.error()));
    return respond(jsonResponse(200, proto::toJson(*ack)));
  }

  if (path == "/agent/v1/outbox") return ingestOutbox(std::move(*body), agent_id, respond);

  if (path == "/agent/v1/command-progress") {
    const auto report = proto::parseCommandProgressReport(*body);
    if (!report) return respond(problemResponse(400, "invalid_input", report.error.message));
    for (const auto& p : report.value->items) {
      // An unknown id finished or expired meanwhile: nothing waits for its progress.
      commands_.progress(agent_id, p.id, {p.done, p.total, p.found});
    }
    return respond(api::emptyResponse(204));
  }

  const auto results = proto::parseCommandResults(*body);
  if (!results) return respond(problemResponse(400, "invalid_input", results.error.message));
  for (const auto& r : results.value->results) {
    CommandOutcome outcome;
    outcome.kind = r.succeeded ? CommandOutcome::Kind::kSucceeded : CommandOutcome::Kind::kFailed;
    outcome.data_json = r.data.dump();
    if (r.error) {
      outcome.error_code = r.error->code;
      outcome.error_message = r.error->message;
    }
    outcome.completed_at = fromUnixSeconds(r.completed_at);
    // An unknown id is a result that arrived after its deadline: nothing waits for it.
    if (!commands_.complete(agent_id, r.id, outcome)) {
      log_->debug("[agent {}] late result for command {}", agent_id, r.id);
    }
  }
  respond(api::emptyResponse(204));
}

void AgentChannel::pollCommands(const net::HttpRequest& request, std::int64_t agent_id,
                                const net::Responder& respond) {
  long wait_seconds = 25;
  if (const auto text = request.queryParam("waitSeconds")) {
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), wait_seconds);
    if (ec != std::errc() || end != text->data() + text->size() || wait_seconds < 0 ||
        wait_seconds > kMaxWait.count()) {
      return respond(problemResponse(400, "invalid_input", "waitSeconds must be 0-60."));
    }
  }
  auto deliver = [respond](const std::vector<QueuedCommand>& due) {
    proto::CommandBatch batch;
    for (const auto& c : due) batch.commands.push_back(toProto(c));
    respond(jsonResponse(200, proto::toJson(batch)));
  };
  if (wait_seconds == 0) {
    const auto id = commands_.wait(agent_id, deliver);
    if (id != 0) commands_.release(id);
    return;
  }
  const auto wait_id = commands_.wait(agent_id, std::move(deliver));
  if (wait_id == 0) return;  // delivered at once
  loop_.runAfter(std::chrono::seconds(wait_seconds),
                 [this, wait_id] { commands_.release(wait_id); });
}

}  // namespace pw::manager

namespace pw::manager {

void AgentChannel::ingestOutbox(nlohmann::json&& body, std::int64_t agent_id,
                                const net::Responder& respond) {
  const auto batch = proto::parseOutboxBatch(std::move(body));
  if (!batch) return respond(problemResponse(400, "invalid_input", batch.error.message));
  const auto ingested = outbox_.ingest(agent_id, *batch.value);
  const auto& ack = ingested.ack;
  if (ack.rejected > 0) {
    log_->warn("[agent {}] outbox: skipped {} record(s) up to sequence {}; first: {}", agent_id,
               ack.rejected, ack.position, ingested.first_rejection);
  }
  if (ingested.newly_dropped > 0) {
    log_->warn("[agent {}] outbox: the Agent lost {} record(s) to its size bound ({} in all)",
               agent_id, ingested.newly_dropped, batch.value->dropped);
  }
  log_->debug("[agent {}] outbox: {} stored, {} duplicate(s), position {}", agent_id, ack.stored,
              ack.duplicates, ack.position);
  respond(jsonResponse(200, proto::toJson(ack)));
}

}  // namespace pw::manager
