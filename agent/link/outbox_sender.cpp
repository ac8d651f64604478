#include "agent/link/outbox_sender.hpp"

#include <spdlog/spdlog.h>

#include "agent/link/manager_client.hpp"
#include "common/log/logging.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::agent {
namespace {

using namespace std::chrono_literals;
// A 4 MiB batch into SQLite takes well under a second; the rest is a slow link's margin.
constexpr auto kRequestTimeout = 60s;

}  // namespace

OutboxSender::OutboxSender(const AgentIdentity& identity, Outbox& outbox,
                           OutboxSenderSettings settings)
    : agent_id_(identity.state.agent_id),
      outbox_(outbox),
      settings_(settings),
      client_(makeManagerClient(identity)),
      log_(log::get("outbox")) {
  outbox_.setAppendListener([this] {
    std::lock_guard lock(mutex_);
    appended_ = true;
    wake_.notify_all();
  });
}

OutboxSender::~OutboxSender() {
  stop();
  outbox_.setAppendListener(nullptr);
}

void OutboxSender::start() {
  running_ = true;
  thread_ = std::thread([this] {
    run();
    running_ = false;
  });
}

void OutboxSender::stop() {
  if (stopping_.exchange(true)) return;
  // close() interrupts a post in progress but not one that starts just after it: repeat
  // until the thread has noticed the flag.
  while (running_) {
    {
      std::lock_guard lock(mutex_);
      wake_.notify_all();
    }
    client_->close();
    std::this_thread::sleep_for(20ms);
  }
  if (thread_.joinable()) thread_.join();
}

bool OutboxSender::waitFor(std::chrono::milliseconds d, bool until_append) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, d, [&] { return stopping_.load() || (until_append && appended_); });
  return !stopping_;
}

void OutboxSender::reportLink(bool up, const std::string& reason) {
  if (up == link_up_) return;  // log changes, not every retry
  link_up_ = up;
  if (up) {
    const auto stats = outbox_.stats();
    log_->info("[agent {}] outbox: delivering again ({} record(s) waiting)", agent_id_,
               stats.pending_records);
  } else {
    log_->warn("[agent {}] outbox: cannot deliver to the Manager: {} (records wait on disk)",
               agent_id_, reason);
  }
}

void OutboxSender::run() {
  std::chrono::milliseconds backoff{0};
  while (!stopping_) {
    {
      std::lock_guard lock(mutex_);
      appended_ = false;  // before peeking: an append from now on wakes the wait below
    }
    const auto records = outbox_.peek(settings_.batch_records, settings_.batch_bytes);
    if (!records) {
      log_->error("[agent {}] outbox: cannot read the queue: {}", agent_id_,
                  records.error().message());
      backoff = nextBackoff(backoff, settings_.max_backoff);
      if (!waitFor(backoff, false)) break;
      continue;
    }
    if (records->empty()) {
      if (!waitFor(60s, true)) break;
      continue;
    }
    if (sendBatch(*records)) {
      backoff = 0ms;
    } else {
      backoff = nextBackoff(backoff, settings_.max_backoff);
      if (!waitFor(backoff, false)) break;
    }
  }
}

bool OutboxSender::sendBatch(const std::vector<OutboxRecord>& records) {
  const auto stats = outbox_.stats();
  const auto& stream = outbox_.stream();
  // The OutboxBatch text (proto/agent/v1/outbox-batch.schema.json) is written directly, each
  // payload spliced in as stored: building a JSON tree of every payload only to print it
  // again cost more than the Manager's whole ingest. The stream is hex and kinds are checked
  // on append ([a-z0-9-]), so neither needs escaping.
  std::string text = R"({"stream":")" + stream + R"(","dropped":)" +
                     std::to_string(stats.dropped_records) + R"(,"records":[)";
  for (const auto& r : records) {
    if (&r != &records.front()) text += ',';
    text += R"({"sequence":)" + std::to_string(r.sequence) + R"(,"kind":")" + r.kind +
            R"(","payload":)";
    // Producers append JSON objects; anything else still goes, in its place, for the
    // Manager to reject and count, so it cannot block the records behind it.
    const auto start = r.payload.find_first_not_of(" \t\r\n");
    if (start != std::string::npos && r.payload[start] == '{' &&
        nlohmann::json::accept(r.payload)) {
      text += r.payload;
    } else {
      text += nlohmann::json{{"unreadablePayload", r.payload.substr(0, 200)}}.dump(
          -1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    text += '}';
  }
  text += "]}";
  const auto response = client_->request({"POST",
                                          "/agent/v1/outbox",
                                          {{"Content-Type", "application/json"}},
                                          std::move(text),
                                          "",
                                          std::nullopt},
                                         kRequestTimeout);
  if (stopping_) return false;
  const auto body =
      response && response->status == 200 ? proto::parseJsonText(response->body) : std::nullopt;
  const auto ack = body ? proto::parseOutboxAck(*body) : proto::Parsed<proto::OutboxAck>{};
  if (!ack || ack.value->stream != stream) {
    reportLink(false, ack ? "the answer names another stream" : describeFailure(response));
    return false;
  }
  reportLink(true, "");
  if (const auto done = outbox_.acknowledge(static_cast<std::uint64_t>(ack.value->position));
      !done) {
    // Harmless: the Manager skips the records as duplicates when they come again.
    log_->error("[agent {}] outbox: cannot record the acknowledgement: {}", agent_id_,
                done.error().message());
    return false;
  }
  return true;
}

}  // namespace pw::agent
