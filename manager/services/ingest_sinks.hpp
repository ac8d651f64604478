#pragma once
// How the Manager reads the records of an Agent's outbox, by kind (decision 0018): each
// record becomes an IngestRecord (manager/core/outbox_ingest.hpp) before the storage lock is
// taken.
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "manager/core/outbox_ingest.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::manager {

/// Reads the outbox records of one kind into what the ingest transaction writes. Runs
/// before the storage lock is taken, possibly on several threads at once (one per Agent
/// posting): it must not touch storage. The caller fills in the record's sequence.
class IngestSink {
 public:
  virtual ~IngestSink() = default;
  virtual IngestRecord read(std::int64_t agent_id, const proto::OutboxRecordData& record) = 0;
};

/// The sink for every kind: dispatches to the sink registered for the record's kind and
/// rejects kinds nobody registered. Filled by the composition root before the Agent
/// channel opens; read-only afterwards, so it needs no lock.
class IngestSinks final : public IngestSink {
 public:
  void add(const std::string& kind, IngestSink& sink) { sinks_[kind] = &sink; }
  IngestRecord read(std::int64_t agent_id, const proto::OutboxRecordData& record) override {
    const auto it = sinks_.find(record.kind);
    if (it == sinks_.end()) return {0, "unknown record kind \"" + record.kind + "\"", {}};
    return it->second->read(agent_id, record);
  }

 private:
  std::map<std::string, IngestSink*, std::less<>> sinks_;
};

}  // namespace pw::manager
