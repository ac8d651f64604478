#include "manager/services/outbox_service.hpp"

#include <algorithm>

namespace pw::manager {

IngestRecord AgentSelfStatusSink::read(std::int64_t agent_id,
                                       const proto::OutboxRecordData& record) {
  const auto sample = proto::parseAgentStatusSample(record.payload);
  if (!sample) return {0, "invalid agent-status payload: " + sample.error.message, {}};
  const auto& s = *sample.value;
  const AgentSelfStatus status{fromUnixSeconds(s.sampled_at),
                               s.cpu_percent,
                               s.rss_bytes,
                               s.queue_records,
                               s.queue_bytes,
                               s.dropped_records};
  return {0, {}, [agent_id, sequence = record.sequence, status](IngestWriter& writer) {
            writer.addAgentSelfStatus(agent_id, sequence, status);
          }};
}

OutboxService::OutboxService(OutboxStore& store, IngestSink& sinks, const Clock& clock,
                             OutboxServiceSettings settings)
    : store_(store), sinks_(sinks), clock_(clock), settings_(settings) {}

OutboxService::Ingested OutboxService::ingest(std::int64_t agent_id,
                                              const proto::OutboxBatch& batch) {
  std::vector<IngestRecord> records;
  records.reserve(batch.records.size());
  for (const auto& r : batch.records) {
    records.push_back(sinks_.read(agent_id, r));
    records.back().sequence = r.sequence;
  }
  const auto outcome =
      store_.ingestOutbox(agent_id, batch.stream, batch.dropped, records, clock_.now());
  if (readings_stored_) {
    std::vector<std::int64_t> devices;
    for (const auto& record : records) {
      if (record.device_id && record.rejection.empty()) devices.push_back(*record.device_id);
    }
    if (!devices.empty()) readings_stored_(devices);
  }
  return {{outcome.position.stream, outcome.position.sequence, outcome.stored, outcome.duplicates,
           outcome.rejected},
          outcome.first_rejection,
          std::max<std::int64_t>(0, batch.dropped - outcome.previously_dropped)};
}

std::optional<OutboxPosition> OutboxService::position(std::int64_t agent_id) {
  return store_.findOutboxPosition(agent_id);
}

std::optional<AgentSelfStatus> OutboxService::latestSelfStatus(std::int64_t agent_id) {
  return store_.latestAgentSelfStatus(agent_id);
}

std::size_t OutboxService::purge() {
  return store_.purgeAgentSelfStatus(clock_.now() - settings_.self_status_retention);
}

}  // namespace pw::manager
