#pragma once
// What the Manager does with the records an Agent's durable outbox delivers
// (POST /agent/v1/outbox, decision 0012): each batch is stored in ONE transaction together
// with the Agent's new position in its outbox stream, so a crash at any moment either keeps
// the whole batch and the position or neither, and a batch sent again after a lost answer is
// recognised by its sequences and skipped.
//
// Records are typed by their kind. A sink per kind (services: IngestSinks) reads each
// record's payload BEFORE the storage lock is taken — parsing and preparing rows is most of
// the work, and Agents posting at once then use every core — and hands the storage engine
// an IngestRecord: the write to make inside the transaction, through the IngestWriter the
// engine provides, or why the record cannot be stored (decision 0018). Monitoring readings
// are the kind "monitor-reading", written through addDeviceSnapshot: a sink and an
// IngestWriter method, no new transport.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/core/clock.hpp"
#include "manager/core/monitoring.hpp"

namespace pw::manager {

/// How an Agent process itself is doing (an "agent-status" record).
struct AgentSelfStatus {
  Clock::TimePoint sampled_at;
  double cpu_percent = 0;
  std::int64_t rss_bytes = 0;
  std::int64_t queue_records = 0;
  std::int64_t queue_bytes = 0;
  std::int64_t dropped_records = 0;
};

/// Writes available to sinks inside the ingest transaction (implemented by the storage
/// engine). Engine failures throw StorageError, which rolls the whole batch back.
class IngestWriter {
 public:
  virtual ~IngestWriter() = default;
  virtual void addAgentSelfStatus(std::int64_t agent_id, std::int64_t sequence,
                                  const AgentSelfStatus& status) = 0;
  /// Stores one device's monitoring reading exactly as MonitoringStore::ingestSnapshots does
  /// (same code); false when the device does not exist (deleted meanwhile).
  virtual bool addDeviceSnapshot(const DeviceSnapshot& snapshot) = 0;
};

/// One outbox record as its sink read it: `write` runs inside the ingest transaction with the
/// storage lock held (it must be quick and make no other storage call; throwing aborts the
/// batch), or `rejection` says why the record can never be stored (it is then skipped,
/// counted and logged: such a record must not block the Agent's queue).
struct IngestRecord {
  std::int64_t sequence = 0;
  std::string rejection;
  std::function<void(IngestWriter&)> write;
  /// The device the record is about, told to OutboxService's listener once the batch committed.
  std::optional<std::int64_t> device_id = std::nullopt;
};

/// Where an Agent's outbox stands on the Manager.
struct OutboxPosition {
  std::string stream;
  std::int64_t sequence = 0;  ///< every record up to it is stored (or was rejected)
  std::int64_t dropped = 0;   ///< records the Agent reported lost to its size bound
  std::int64_t rejected = 0;  ///< records skipped by the sinks, ever
  Clock::TimePoint updated_at;
};

struct IngestOutcome {
  OutboxPosition position;
  std::int64_t stored = 0;
  std::int64_t duplicates = 0;
  std::int64_t rejected = 0;
  std::string first_rejection;          ///< why the first rejected record of the batch was rejected
  std::int64_t previously_dropped = 0;  ///< `dropped` as stored before this batch
};

}  // namespace pw::manager
