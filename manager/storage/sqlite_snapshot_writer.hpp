#pragma once
// Writes monitoring snapshots into the caller's transaction (internal to the storage engine).
// One piece of code serves both ways readings arrive: MonitoringStore::ingestSnapshots (its own
// transaction) and the outbox ingest (IngestWriter::addDeviceSnapshot, inside the batch's
// transaction with the Agent's new position). Statements are prepared once per writer.
#include "manager/core/monitoring.hpp"
#include "manager/storage/sqlite_statement.hpp"

namespace pw::manager {

class SnapshotWriter {
 public:
  explicit SnapshotWriter(sqlite3* db);

  /// Per device: a status that differs from the current one (severity, power, conditions)
  /// closes the open edge at read_at and opens a new one; an equal one touches no edge; an
  /// older one (a late delivery) leaves the status alone. Daily rows are replaced by a later
  /// reading of the same day. An answered reading moves the device's last seen time forward
  /// and clears an older contact failure. A reading whose MACs miss the registered one is
  /// stored as conflictSnapshot; an identity part that is about the device (identityMatches)
  /// updates its record (decision 0014). False (nothing written) when the device does not
  /// exist. Engine failures throw StorageError. The caller holds the lock and the transaction.
  bool write(const DeviceSnapshot& snapshot);

 private:
  sqlite::Statement exists_;
  sqlite::Statement update_identity_;
  sqlite::Statement seen_;
  sqlite::Statement current_;
  sqlite::Statement close_edge_;
  sqlite::Statement open_edge_;
  sqlite::Statement save_status_;
  sqlite::Statement save_supplies_;
  sqlite::Statement save_level_;
  sqlite::Statement save_counters_;
  sqlite::Statement report_serial_;
  sqlite::Statement save_day_;
};

}  // namespace pw::manager
