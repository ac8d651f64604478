#pragma once
// The Manager's outbox ingest with only the readings' sink, wired as the composition root wires
// it: an Agent's "monitor-reading" records are stored through MonitorReadingSink.
#include "common/core/clock.hpp"
#include "manager/services/ingest_sinks.hpp"
#include "manager/services/monitoring_service.hpp"
#include "manager/services/outbox_service.hpp"

namespace pw::manager::testing {

struct ReadingsOutbox {
  ReadingsOutbox(OutboxStore& store, const Clock& clock)
      : reading_sink(clock), outbox(store, sinks, clock) {
    sinks.add(proto::kMonitorReadingKind, reading_sink);
  }
  ReadingsOutbox(const ReadingsOutbox&) = delete;
  ReadingsOutbox& operator=(const ReadingsOutbox&) = delete;

  MonitorReadingSink reading_sink;
  IngestSinks sinks;
  OutboxService outbox;
};

}  // namespace pw::manager::testing
