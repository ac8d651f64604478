#include "manager/services/outbox_service.hpp"

#include <algorithm>

namespace pw::manager {

std::string AgentSelfStatusSink::ingest(std::int64_t agent_id, const IngestRecord& record,
                                        IngestWriter& writer) {
  const auto json = proto::parseJsonText(record.payload_json);
  const auto sample = json ? proto::parseAgentStatusSample(*json)
                           : proto::Parsed<proto::AgentStatusSample>{{}, {"not JSON"}};
  if (!sample) return "invalid agent-status payload: " + sample.error.message;
  const auto& s = *sample.value;
  writer.addAgentSelfStatus(agent_id, record.sequence,
                            {fromUnixSeconds(s.sampled_at), s.cpu_percent, s.rss_bytes,
                             s.queue_records, s.queue_bytes, s.dropped_records});
  return {};
}

OutboxService::OutboxService(OutboxStore& store, IngestSink& sinks, const Clock& clock,
                             OutboxServiceSettings settings)
    : store_(store), sinks_(sinks), clock_(clock), settings_(settings) {}

OutboxService::Ingested OutboxService::ingest(std::int64_t agent_id,
                                              const proto::OutboxBatch& batch) {
  std::vector<IngestRecord> records;
  records.reserve(batch.records.size());
  for (const auto& r : batch.records) records.push_back({r.sequence, r.kind, r.payload.dump()});
  const auto outcome =
      store_.ingestOutbox(agent_id, batch.stream, batch.dropped, records, sinks_, clock_.now());
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
