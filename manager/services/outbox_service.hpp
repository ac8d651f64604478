#pragma once
// The Manager's end of the Agents' durable outboxes (decision 0012): turns a validated
// OutboxBatch into one storage transaction — its records read by the sink of their kind
// first, outside the storage lock (decision 0018) — and answers the Agent's new position;
// the built-in "agent-status" sink; purging old samples.
#include "common/core/clock.hpp"
#include "manager/core/outbox_ingest.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/ingest_sinks.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::manager {

/// "agent-status" records: the Agent process's CPU, memory and outbox depth.
class AgentSelfStatusSink final : public IngestSink {
 public:
  IngestRecord read(std::int64_t agent_id, const proto::OutboxRecordData& record) override;
};

struct OutboxServiceSettings {
  std::chrono::hours self_status_retention{24 * 7};
};

class OutboxService {
 public:
  /// `sinks` must be complete before the first batch arrives.
  OutboxService(OutboxStore& store, IngestSink& sinks, const Clock& clock,
                OutboxServiceSettings settings = {});

  struct Ingested {
    proto::OutboxAck ack;            ///< the answer for the Agent
    std::string first_rejection;     ///< for the log, when ack.rejected > 0
    std::int64_t newly_dropped = 0;  ///< records the Agent reports lost since its last batch
  };
  /// Reads the batch's records (outside the storage lock), then stores those above the
  /// Agent's position in one transaction. Thread-safe; blocks on storage (run it on a
  /// worker). StorageError propagates (nothing was stored:
  /// the Agent sends the batch again).
  Ingested ingest(std::int64_t agent_id, const proto::OutboxBatch& batch);

  /// Called after each committed batch with the devices its readings were about (duplicates
  /// included: listeners read the stored state, so a repeat changes nothing). Set before the
  /// first batch arrives; runs on the ingesting thread.
  using ReadingsStored = std::function<void(const std::vector<std::int64_t>& device_ids)>;
  void onReadingsStored(ReadingsStored listener) { readings_stored_ = std::move(listener); }

  std::optional<OutboxPosition> position(std::int64_t agent_id);
  std::optional<AgentSelfStatus> latestSelfStatus(std::int64_t agent_id);
  /// Deletes self-status samples older than the retention; how many.
  std::size_t purge();

 private:
  OutboxStore& store_;
  IngestSink& sinks_;
  const Clock& clock_;
  const OutboxServiceSettings settings_;
  ReadingsStored readings_stored_;
};

}  // namespace pw::manager
