// OutboxStore on SQLite (tables of migration 0008_agent_outbox): a batch, its sinks' writes
// and the Agent's new position commit together or not at all.
#include "manager/storage/sqlite_snapshot_writer.hpp"
#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {
namespace {

using sqlite::Statement;
using sqlite::Transaction;

// The writes records make inside the ingest transaction; statements are prepared on first
// use and reused for every record of the batch.
class SqliteIngestWriter final : public IngestWriter {
 public:
  explicit SqliteIngestWriter(sqlite3* db) : db_(db) {}

  void addAgentSelfStatus(std::int64_t agent_id, std::int64_t sequence,
                          const AgentSelfStatus& status) override {
    if (!insert_status_) {
      insert_status_.emplace(db_,
                             "INSERT INTO agent_self_status (agent_id, sequence, sampled_at, "
                             "cpu_percent, rss_bytes, queue_records, queue_bytes, "
                             "dropped_records) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }
    insert_status_->reset()
        .bind(agent_id)
        .bind(sequence)
        .bind(status.sampled_at)
        .bind(status.cpu_percent)
        .bind(status.rss_bytes)
        .bind(status.queue_records)
        .bind(status.queue_bytes)
        .bind(status.dropped_records)
        .step();
  }

  bool addDeviceSnapshot(const DeviceSnapshot& snapshot) override {
    if (!snapshots_) snapshots_.emplace(db_);
    return snapshots_->write(snapshot);
  }

 private:
  sqlite3* db_;
  std::optional<Statement> insert_status_;
  std::optional<SnapshotWriter> snapshots_;
};

}  // namespace

IngestOutcome SqliteStorage::ingestOutbox(std::int64_t agent_id, const std::string& stream,
                                          std::int64_t dropped,
                                          const std::vector<IngestRecord>& records,
                                          Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  IngestOutcome outcome;
  outcome.position.stream = stream;
  {
    Statement s(db_,
                "SELECT stream, sequence, rejected, dropped FROM agent_outbox_positions "
                "WHERE agent_id = ?");
    s.bind(agent_id);
    // Another stream is another outbox (the Agent's was recreated): its numbers start over.
    if (s.step() && s.text(0) == stream) {
      outcome.position.sequence = s.integer(1);
      outcome.position.rejected = s.integer(2);
      outcome.previously_dropped = s.integer(3);
    }
  }
  SqliteIngestWriter writer(db_);
  for (const auto& record : records) {
    if (record.sequence <= outcome.position.sequence) {
      ++outcome.duplicates;
      continue;
    }
    if (record.rejection.empty()) {
      record.write(writer);
      ++outcome.stored;
    } else if (outcome.rejected++ == 0) {
      outcome.first_rejection = record.rejection;
    }
    outcome.position.sequence = record.sequence;
  }
  outcome.position.rejected += outcome.rejected;
  outcome.position.dropped = dropped;
  outcome.position.updated_at = now;
  Statement(db_,
            "INSERT INTO agent_outbox_positions (agent_id, stream, sequence, dropped, rejected, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (agent_id) DO UPDATE SET "
            "stream = excluded.stream, sequence = excluded.sequence, dropped = excluded.dropped, "
            "rejected = excluded.rejected, updated_at = excluded.updated_at")
      .bind(agent_id)
      .bind(stream)
      .bind(outcome.position.sequence)
      .bind(dropped)
      .bind(outcome.position.rejected)
      .bind(now)
      .step();
  tx.commit();
  return outcome;
}

std::optional<OutboxPosition> SqliteStorage::findOutboxPosition(std::int64_t agent_id) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT stream, sequence, dropped, rejected, updated_at FROM agent_outbox_positions "
              "WHERE agent_id = ?");
  s.bind(agent_id);
  if (!s.step()) return std::nullopt;
  return OutboxPosition{s.text(0), s.integer(1), s.integer(2), s.integer(3), s.time(4)};
}

std::optional<AgentSelfStatus> SqliteStorage::latestAgentSelfStatus(std::int64_t agent_id) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT sampled_at, cpu_percent, rss_bytes, queue_records, queue_bytes, "
              "dropped_records FROM agent_self_status WHERE agent_id = ? "
              "ORDER BY sampled_at DESC, rowid DESC LIMIT 1");
  s.bind(agent_id);
  if (!s.step()) return std::nullopt;
  return AgentSelfStatus{s.time(0),    s.real(1),    s.integer(2),
                         s.integer(3), s.integer(4), s.integer(5)};
}

std::size_t SqliteStorage::purgeAgentSelfStatus(Clock::TimePoint before) {
  std::lock_guard lock(mutex_);
  Statement(db_, "DELETE FROM agent_self_status WHERE sampled_at < ?").bind(before).step();
  return static_cast<std::size_t>(sqlite3_changes(db_));
}

}  // namespace pw::manager
