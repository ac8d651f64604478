// MonitoringStore on SQLite (tables of migration 0009). Ingest prepares its statements once
// per batch and runs the whole batch in one transaction: the per-device cost is a handful of
// primary-key lookups and upserts (bench/monitoring_ingest.cpp measures it).
#include <map>

#include "manager/storage/sqlite_readers.hpp"
#include "manager/storage/sqlite_snapshot_writer.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {

using sqlite::splitNames;
using sqlite::Statement;
using sqlite::Transaction;

namespace {

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

// What an edge tracks, as one comparable text.
std::string stateKey(const DeviceStatus& s) {
  return s.severity + "|" + s.power + "|" + joinNames(s.conditions);
}

constexpr const char* kCounterColumns =
    "total, black, colour, print, copy, scan, fax, large, small";

}  // namespace

SnapshotWriter::SnapshotWriter(sqlite3* db)
    // The registered identity comes with the existence check: the conflict rule needs it.
    : exists_(db, "SELECT mac, serial FROM devices WHERE id = ?"),
      // Identity a device reports replaces the stored one; the administrator's text fields
      // are only filled where empty (decision 0014).
      update_identity_(db,
                       "UPDATE devices SET vendor = coalesce(nullif(?1, ''), vendor), "
                       "model = coalesce(nullif(?2, ''), model), "
                       "serial = coalesce(nullif(?3, ''), serial), "
                       "firmware = coalesce(nullif(?4, ''), firmware), "
                       "mac = coalesce(nullif(?5, ''), mac), "
                       "name = CASE name WHEN '' THEN ?6 ELSE name END, "
                       "location = CASE location WHEN '' THEN ?7 ELSE location END, "
                       "contact = CASE contact WHEN '' THEN ?8 ELSE contact END "
                       "WHERE id = ?9 AND state != 'removed'"),
      // A device that answered was seen then; a contact failure older than that is over.
      seen_(db,
            "UPDATE devices SET last_seen_at = max(last_seen_at, ?1), "
            "contact_error_kind = CASE WHEN contact_error_at <= ?1 THEN NULL "
            "ELSE contact_error_kind END, "
            "contact_error_message = CASE WHEN contact_error_at <= ?1 THEN NULL "
            "ELSE contact_error_message END, "
            "contact_error_at = CASE WHEN contact_error_at <= ?1 THEN NULL "
            "ELSE contact_error_at END WHERE id = ?2"),
      current_(db, "SELECT state_key, read_at, since FROM device_status WHERE device_id = ?"),
      close_edge_(db,
                  "UPDATE status_edges SET ended_at = ? WHERE device_id = ? AND "
                  "ended_at IS NULL"),
      open_edge_(db,
                 "INSERT INTO status_edges (device_id, severity, power, conditions, "
                 "started_at) VALUES (?, ?, ?, ?, ?)"),
      save_status_(
          db,
          "INSERT INTO device_status (device_id, state_key, severity, power, conditions, alerts, "
          "error_kind, error_message, uptime_ticks, read_at, since) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
          "state_key = excluded.state_key, severity = excluded.severity, power = excluded.power, "
          "conditions = excluded.conditions, alerts = excluded.alerts, "
          "error_kind = excluded.error_kind, error_message = excluded.error_message, "
          "uptime_ticks = excluded.uptime_ticks, read_at = excluded.read_at, "
          "since = excluded.since"),
      save_supplies_(
          db,
          "INSERT INTO device_supplies (device_id, body, lowest_percent, lowest_state, "
          "lowest_name, lowest_colorant, read_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (device_id) DO UPDATE SET body = excluded.body, "
          "lowest_percent = excluded.lowest_percent, lowest_state = excluded.lowest_state, "
          "lowest_name = excluded.lowest_name, lowest_colorant = excluded.lowest_colorant, "
          "read_at = excluded.read_at WHERE excluded.read_at >= device_supplies.read_at"),
      save_level_(db,
                  "INSERT INTO supply_levels (device_id, supply_index, day, description, colorant, "
                  "state, percent, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (device_id, supply_index, day) DO UPDATE SET "
                  "description = excluded.description, colorant = excluded.colorant, "
                  "state = excluded.state, percent = excluded.percent, read_at = excluded.read_at "
                  "WHERE excluded.read_at >= supply_levels.read_at"),
      save_counters_(
          db,
          "INSERT INTO device_counters (device_id, body, read_at) VALUES (?, ?, ?) "
          "ON CONFLICT (device_id) DO UPDATE SET body = excluded.body, "
          "read_at = excluded.read_at WHERE excluded.read_at >= device_counters.read_at"),
      report_serial_(db, "UPDATE devices SET reported_serial = ?1 WHERE id = ?2"),
      // The serial the device last reported goes with the row (decision 0030).
      save_day_(db,
                std::string("INSERT INTO counter_readings (device_id, day, read_at, ") +
                    kCounterColumns +
                    ", units, serial) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                    "?13, (SELECT reported_serial FROM devices WHERE id = ?1)) "
                    "ON CONFLICT (device_id, day) DO UPDATE SET read_at = excluded.read_at, "
                    "total = excluded.total, black = excluded.black, colour = excluded.colour, "
                    "print = excluded.print, copy = excluded.copy, scan = excluded.scan, "
                    "fax = excluded.fax, large = excluded.large, small = excluded.small, "
                    "units = excluded.units, serial = excluded.serial "
                    "WHERE excluded.read_at >= counter_readings.read_at") {}

bool SnapshotWriter::write(const DeviceSnapshot& given) {
  exists_.reset();
  exists_.bind(given.device_id);
  if (!exists_.step()) return false;
  DeviceIdentity registered;
  registered.mac = exists_.isNull(0) ? std::string() : exists_.text(0);
  registered.serial = exists_.isNull(1) ? std::string() : exists_.text(1);
  std::optional<DeviceSnapshot> conflict;
  if (isAddressConflict(registered.mac, given.reported_macs)) {
    conflict = conflictSnapshot(given, registered.mac);
  }
  const DeviceSnapshot& snap = conflict ? *conflict : given;
  if (snap.identity && identityMatches(registered, *snap.identity)) {
    const auto& r = *snap.identity;
    update_identity_.reset();
    update_identity_.bind(r.identity.vendor)
        .bind(r.identity.model)
        .bind(r.identity.serial)
        .bind(r.identity.firmware)
        .bind(r.identity.mac)
        .bind(r.name)
        .bind(r.location)
        .bind(r.contact)
        .bind(snap.device_id);
    // An identity another device already holds (the unique indexes) changes nothing.
    update_identity_.stepUnlessConstraint();
  }
  // Even a serial the record does not take (another printer behind the same MAC: a replaced
  // engine) is what the counters that follow belong to.
  if (snap.identity && !snap.identity->identity.serial.empty()) {
    report_serial_.reset();
    report_serial_.bind(snap.identity->identity.serial).bind(snap.device_id).step();
  }
  const std::int64_t at = toUnixSeconds(snap.read_at);
  if (snap.answered) {
    seen_.reset();
    seen_.bind(at).bind(snap.device_id).step();
  }
  if (snap.status) {
    const auto key = stateKey(snap.status->status);
    current_.reset();
    current_.bind(snap.device_id);
    bool late = false;
    bool changed = true;
    std::int64_t since = at;
    if (current_.step()) {
      late = current_.integer(1) > at;
      changed = current_.text(0) != key;
      since = current_.integer(2);
    }
    if (!late) {
      if (changed) {
        close_edge_.reset();
        close_edge_.bind(at).bind(snap.device_id).step();
        open_edge_.reset();
        open_edge_.bind(snap.device_id)
            .bind(snap.status->status.severity)
            .bind(snap.status->status.power)
            .bind(joinNames(snap.status->status.conditions))
            .bind(at)
            .step();
        since = at;
      }
      save_status_.reset();
      save_status_.bind(snap.device_id)
          .bind(key)
          .bind(snap.status->status.severity)
          .bind(snap.status->status.power)
          .bind(joinNames(snap.status->status.conditions))
          .bind(snap.status->alerts_json)
          .bind(snap.status->error_kind)
          .bind(snap.status->error_message)
          .bind(snap.status->uptime_ticks)
          .bind(at)
          .bind(since)
          .step();
    }
  }
  if (snap.supplies_json) {
    save_supplies_.reset();
    save_supplies_.bind(snap.device_id)
        .bind(*snap.supplies_json)
        .bind(snap.lowest_percent)
        .bind(snap.lowest_state)
        .bind(snap.lowest_name)
        .bind(snap.lowest_colorant)
        .bind(at)
        .step();
    const auto day = dayOf(snap.read_at);
    for (const auto& level : snap.supply_levels) {
      save_level_.reset();
      save_level_.bind(snap.device_id)
          .bind(level.index)
          .bind(day)
          .bind(level.description)
          .bind(level.colorant)
          .bind(level.state)
          .bind(level.percent)
          .bind(at)
          .step();
    }
  }
  if (snap.counters_json) {
    save_counters_.reset();
    save_counters_.bind(snap.device_id).bind(*snap.counters_json).bind(at).step();
  }
  if (snap.counters) {
    save_day_.reset();
    save_day_.bind(snap.device_id).bind(dayOf(snap.read_at)).bind(at);
    for (const auto& value : snap.counters->values) save_day_.bind(value);
    save_day_.bind(joinNames({snap.counters->units.begin(), snap.counters->units.end()}));
    save_day_.step();
  }
  return true;
}

std::size_t SqliteStorage::ingestSnapshots(const std::vector<DeviceSnapshot>& snapshots) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  SnapshotWriter writer(db_);
  std::size_t stored = 0;
  for (const auto& snap : snapshots) stored += writer.write(snap) ? 1 : 0;
  tx.commit();
  return stored;
}

std::optional<CurrentStatus> SqliteStorage::currentStatus(std::int64_t device_id) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT severity, power, conditions, alerts, error_kind, error_message, "
              "uptime_ticks, read_at, since FROM device_status WHERE device_id = ?");
  s.bind(device_id);
  if (!s.step()) return std::nullopt;
  CurrentStatus out;
  out.status = {s.text(0), s.text(1), splitNames(s.text(2))};
  out.alerts_json = s.text(3);
  out.error_kind = s.text(4);
  out.error_message = s.text(5);
  if (!s.isNull(6)) out.uptime_ticks = s.integer(6);
  out.read_at = s.time(7);
  out.since = s.time(8);
  return out;
}

std::vector<StatusEdge> SqliteStorage::statusEdges(std::int64_t device_id, Clock::TimePoint from,
                                                   Clock::TimePoint to) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT severity, power, conditions, started_at, ended_at FROM status_edges "
              "WHERE device_id = ? AND started_at < ? AND (ended_at IS NULL OR ended_at > ?) "
              "ORDER BY started_at, id");
  s.bind(device_id).bind(to).bind(from);
  std::vector<StatusEdge> out;
  while (s.step()) {
    StatusEdge edge{{s.text(0), s.text(1), splitNames(s.text(2))}, s.time(3), std::nullopt};
    if (!s.isNull(4)) edge.ended_at = s.time(4);
    out.push_back(std::move(edge));
  }
  return out;
}

std::optional<std::pair<std::string, Clock::TimePoint>> SqliteStorage::currentSupplies(
    std::int64_t device_id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT body, read_at FROM device_supplies WHERE device_id = ?");
  s.bind(device_id);
  if (!s.step()) return std::nullopt;
  return std::make_pair(s.text(0), s.time(1));
}

std::vector<SupplyLevelPoint> SqliteStorage::supplyLevels(std::int64_t device_id,
                                                          std::int64_t from_day) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT supply_index, day, description, colorant, state, percent, read_at "
              "FROM supply_levels WHERE device_id = ? AND day >= ? ORDER BY supply_index, day");
  s.bind(device_id).bind(from_day);
  std::vector<SupplyLevelPoint> out;
  while (s.step()) {
    SupplyLevelPoint point;
    point.day = s.integer(1);
    point.read_at = s.time(6);
    point.level = {s.text(0), s.text(2), s.text(3), s.text(4), std::nullopt};
    if (!s.isNull(5)) point.level.percent = s.integer(5);
    out.push_back(std::move(point));
  }
  return out;
}

std::optional<std::pair<std::string, Clock::TimePoint>> SqliteStorage::currentCounters(
    std::int64_t device_id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT body, read_at FROM device_counters WHERE device_id = ?");
  s.bind(device_id);
  if (!s.step()) return std::nullopt;
  return std::make_pair(s.text(0), s.time(1));
}

namespace {

// Columns: day, read_at, units, then kCounterColumns from `first`.
DailyCounters dailyCountersRow(Statement& s, int first) {
  DailyCounters row;
  row.day = s.integer(first);
  row.read_at = s.time(first + 1);
  const auto units = splitNames(s.text(first + 2));
  for (std::size_t i = 0; i < kCounterFieldNames.size(); ++i) {
    const int column = static_cast<int>(i) + first + 3;
    if (!s.isNull(column)) row.counters.values[i] = s.integer(column);
    if (i < units.size()) row.counters.units[i] = units[i];
  }
  return row;
}

}  // namespace

std::vector<DailyCounters> SqliteStorage::dailyCounters(std::int64_t device_id,
                                                        std::int64_t from_day,
                                                        std::int64_t to_day) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT day, read_at, units, ") + kCounterColumns +
                       " FROM counter_readings WHERE device_id = ? AND day >= ? AND day <= ? "
                       "ORDER BY day");
  s.bind(device_id).bind(from_day).bind(to_day);
  std::vector<DailyCounters> out;
  while (s.step()) out.push_back(dailyCountersRow(s, 0));
  return out;
}

void SqliteStorage::counterHistories(
    const std::vector<std::int64_t>& device_ids, std::int64_t from_day, std::int64_t to_day,
    const std::function<void(std::int64_t, const std::vector<DailyCounters>&)>& each) {
  const auto reader = readers_->acquire();
  // One range scan of the primary key per device, starting at its last row before the span.
  // Units are not read: the reports count pages, and parsing them was most of the cost.
  Statement s(reader.db(),
              std::string("SELECT day, read_at, serial, ") + kCounterColumns +
                  " FROM counter_readings WHERE device_id = ?1 AND day >= coalesce("
                  "(SELECT max(day) FROM counter_readings WHERE device_id = ?1 AND day < ?2), ?2) "
                  "AND day <= ?3 ORDER BY day");
  std::vector<DailyCounters> rows;
  for (const auto id : device_ids) {
    s.reset();
    s.bind(id).bind(from_day).bind(to_day);
    std::size_t count = 0;
    while (s.step()) {
      if (count == rows.size()) rows.emplace_back();
      auto& row = rows[count++];
      row.day = s.integer(0);
      row.read_at = s.time(1);
      row.serial = s.text(2);
      for (std::size_t i = 0; i < kCounterFieldNames.size(); ++i) {
        const int column = static_cast<int>(i) + 3;
        row.counters.values[i] =
            s.isNull(column) ? std::nullopt : std::optional<std::int64_t>(s.integer(column));
      }
    }
    rows.resize(count);  // the rows of this device only; their storage is reused by the next
    if (count > 0) each(id, rows);
  }
}

std::vector<std::pair<std::int64_t, DailyCounters>> SqliteStorage::latestCounters(
    const std::vector<std::int64_t>& device_ids) {
  const auto reader = readers_->acquire();
  Statement s(reader.db(), std::string("SELECT day, read_at, units, ") + kCounterColumns +
                               ", serial FROM counter_readings WHERE device_id = ? "
                               "ORDER BY day DESC LIMIT 1");
  const int serial_column = 3 + static_cast<int>(kCounterFieldNames.size());
  std::vector<std::pair<std::int64_t, DailyCounters>> out;
  for (const auto id : device_ids) {
    s.reset();
    s.bind(id);
    if (!s.step()) continue;
    out.emplace_back(id, dailyCountersRow(s, 0));
    out.back().second.serial = s.text(serial_column);
  }
  return out;
}

std::vector<std::pair<std::int64_t, DeviceMonitoringSummary>> SqliteStorage::monitoringSummaries(
    const std::vector<std::int64_t>& device_ids) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT st.severity, st.power, su.lowest_percent, su.lowest_state, "
              "st.device_id IS NOT NULL, su.device_id IS NOT NULL, su.lowest_name, "
              "su.lowest_colorant FROM (SELECT ? AS id) d "
              "LEFT JOIN device_status st ON st.device_id = d.id "
              "LEFT JOIN device_supplies su ON su.device_id = d.id");
  std::vector<std::pair<std::int64_t, DeviceMonitoringSummary>> out;
  for (const auto id : device_ids) {
    s.reset();
    s.bind(id);
    if (!s.step() || (s.integer(4) == 0 && s.integer(5) == 0)) continue;
    DeviceMonitoringSummary summary{s.text(0), s.text(1), std::nullopt,
                                    s.text(3), s.text(6), s.text(7)};
    if (!s.isNull(2)) summary.lowest_percent = s.integer(2);
    out.emplace_back(id, std::move(summary));
  }
  return out;
}

PurgeCounts SqliteStorage::purgeMonitoringHistory(const PurgeCutoffs& cutoffs) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  PurgeCounts counts;
  Statement edges(db_, "DELETE FROM status_edges WHERE ended_at IS NOT NULL AND ended_at < ?");
  edges.bind(cutoffs.status_edges_before).step();
  counts.status_edges = sqlite3_changes(db_);
  Statement days(db_, "DELETE FROM counter_readings WHERE day < ?");
  days.bind(cutoffs.counter_day_before).step();
  counts.counter_days = sqlite3_changes(db_);
  Statement levels(db_, "DELETE FROM supply_levels WHERE day < ?");
  levels.bind(cutoffs.supply_day_before).step();
  counts.supply_levels = sqlite3_changes(db_);
  tx.commit();
  return counts;
}

void SqliteStorage::storeFunctionSupport(const std::vector<FunctionSupport>& records) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  Statement upsert(db_,
                   "INSERT INTO device_functions (device_id, function, state, reason, checked_at) "
                   "SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM devices WHERE id = ?1) "
                   "ON CONFLICT (device_id, function) DO UPDATE SET state = excluded.state, "
                   "reason = excluded.reason, checked_at = excluded.checked_at");
  for (const auto& r : records) {
    upsert.reset();
    upsert.bind(r.device_id).bind(r.function).bind(r.state).bind(r.reason).bind(r.checked_at);
    upsert.step();
  }
  tx.commit();
}

std::vector<FunctionSupport> SqliteStorage::functionSupport(std::int64_t device_id) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT function, state, reason, checked_at FROM device_functions "
              "WHERE device_id = ? ORDER BY function");
  s.bind(device_id);
  std::vector<FunctionSupport> out;
  while (s.step()) out.push_back({device_id, s.text(0), s.text(1), s.text(2), s.time(3)});
  return out;
}

std::set<std::int64_t> SqliteStorage::devicesSupporting(const std::string& function) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT device_id FROM device_functions WHERE function = ? AND state = 'supported'");
  s.bind(function);
  std::set<std::int64_t> out;
  while (s.step()) out.insert(s.integer(0));
  return out;
}

}  // namespace pw::manager
