// DashboardStore on SQLite (migration 0013). Query plans at 100,000 devices are in
// docs/decisions/0020-dashboards.md. The lists start from their own index (severity and
// since, lowest supply) and look each device up by primary key: "+d.state" keeps the planner,
// which has no statistics, from walking the 95,000 managed devices instead. The breakdown
// walks the devices_by_state index with a primary-key lookup of each status. The page trend
// reads each managed device's counter rows of the period in primary-key order (no sort) and
// applies the counter rules in C++ (FleetPages).
#include <string>

#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {

using sqlite::splitNames;
using sqlite::Statement;

namespace {

void bindUser(Statement& s, std::optional<std::int64_t> user_id) {
  if (user_id) {
    s.bind(*user_id);
  } else {
    s.bindNull();
  }
}

}  // namespace

std::optional<std::pair<std::string, Clock::TimePoint>> SqliteStorage::findDashboard(
    std::optional<std::int64_t> user_id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT body, updated_at FROM dashboards WHERE user_id IS ?");
  bindUser(s, user_id);
  if (!s.step()) return std::nullopt;
  return std::pair{s.text(0), s.time(1)};
}

void SqliteStorage::saveDashboard(std::optional<std::int64_t> user_id, const std::string& body_json,
                                  Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  sqlite::Transaction tx(db_);
  Statement update(db_, "UPDATE dashboards SET body = ?, updated_at = ? WHERE user_id IS ?");
  update.bind(body_json).bind(now);
  bindUser(update, user_id);
  update.step();
  if (sqlite3_changes(db_) == 0) {
    Statement insert(db_, "INSERT INTO dashboards (user_id, body, updated_at) VALUES (?, ?, ?)");
    bindUser(insert, user_id);
    insert.bind(body_json).bind(now).step();
  }
  tx.commit();
}

std::map<std::string, std::int64_t> SqliteStorage::statusBreakdown() {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT CASE WHEN st.device_id IS NULL THEN 'unknown' "
              "WHEN st.power = 'no_response' THEN 'no_response' "
              "WHEN st.severity IN ('service_call', 'error', 'warning') THEN st.severity "
              "WHEN st.power = 'sleep' THEN 'sleep' "
              "WHEN st.severity = 'ok' THEN 'ok' ELSE 'unknown' END AS category, COUNT(*) "
              "FROM devices d LEFT JOIN device_status st ON st.device_id = d.id "
              "WHERE d.state = 'managed' GROUP BY category");
  std::map<std::string, std::int64_t> out;
  while (s.step()) out[s.text(0)] = s.integer(1);
  return out;
}

std::vector<DeviceInError> SqliteStorage::devicesInError(const std::vector<std::string>& severities,
                                                         std::size_t limit) {
  std::vector<DeviceInError> out;
  if (severities.empty() || limit == 0) return out;
  std::string placeholders;
  for (std::size_t i = 0; i < severities.size(); ++i) placeholders += i == 0 ? "?" : ", ?";
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT d.id, d.name, d.ip_address, COALESCE(d.model, ''), d.location, "
              "st.severity, st.power, st.conditions, st.since "
              "FROM device_status st JOIN devices d ON d.id = st.device_id "
              "WHERE st.severity IN (" +
                  placeholders +
                  ") AND +d.state = 'managed' "
                  "ORDER BY CASE st.severity WHEN 'service_call' THEN 0 WHEN 'error' THEN 1 "
                  "ELSE 2 END, st.since, d.id LIMIT ?");
  for (const auto& severity : severities) s.bind(severity);
  s.bind(static_cast<std::int64_t>(limit));
  while (s.step()) {
    out.push_back({s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6),
                   splitNames(s.text(7)), s.time(8)});
  }
  return out;
}

std::pair<std::int64_t, std::vector<LowSupply>> SqliteStorage::lowSupplies(std::int64_t percent,
                                                                           std::size_t limit) {
  std::lock_guard lock(mutex_);
  Statement count(db_,
                  "SELECT COUNT(*) FROM device_supplies su JOIN devices d ON d.id = su.device_id "
                  "WHERE su.lowest_percent <= ? AND +d.state = 'managed'");
  count.bind(percent).step();
  std::pair<std::int64_t, std::vector<LowSupply>> out{count.integer(0), {}};
  Statement rows(db_,
                 "SELECT d.id, d.name, d.ip_address, COALESCE(d.model, ''), su.lowest_percent "
                 "FROM device_supplies su JOIN devices d ON d.id = su.device_id "
                 "WHERE su.lowest_percent <= ? AND +d.state = 'managed' "
                 "ORDER BY su.lowest_percent, d.id LIMIT ?");
  rows.bind(percent).bind(static_cast<std::int64_t>(limit));
  // The supply at that level on the device's latest day (waste containers fill up, so the
  // level is matched, not the smallest percentage).
  Statement supply(db_,
                   "SELECT supply_index, description, colorant FROM supply_levels "
                   "WHERE device_id = ?1 AND percent = ?2 AND day = "
                   "(SELECT MAX(day) FROM supply_levels WHERE device_id = ?1) "
                   "ORDER BY supply_index LIMIT 1");
  while (rows.step()) {
    LowSupply item{rows.integer(0), rows.text(1), rows.text(2), rows.text(3), "", "", "",
                   rows.integer(4), std::nullopt};
    supply.reset().bind(item.device_id).bind(item.percent);
    if (supply.step()) {
      item.supply_index = supply.text(0);
      item.supply = supply.text(1);
      item.colorant = supply.text(2);
    }
    out.second.push_back(std::move(item));
  }
  return out;
}

std::vector<DailyPages> SqliteStorage::fleetPages(std::int64_t from_day, std::int64_t to_day) {
  FleetPages pages(from_day);
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT c.device_id, c.day, c.total FROM devices d "
              "JOIN counter_readings c ON c.device_id = d.id AND c.day BETWEEN ? AND ? "
              "WHERE d.state = 'managed' ORDER BY d.id, c.day");
  s.bind(from_day - 1).bind(to_day);  // the day before: the first day's baseline
  while (s.step()) {
    pages.add(s.integer(0), s.integer(1),
              s.isNull(2) ? std::nullopt : std::optional<std::int64_t>(s.integer(2)));
  }
  return pages.days();
}

std::vector<AgentLoad> SqliteStorage::agentLoads() {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT a.id, "
              "(SELECT COUNT(*) FROM devices d WHERE d.agent_id = a.id AND d.state = 'managed'), "
              "s.queue_records, s.sampled_at FROM agents a "
              "LEFT JOIN agent_self_status s ON s.rowid = (SELECT rowid FROM agent_self_status "
              "WHERE agent_id = a.id ORDER BY sampled_at DESC LIMIT 1) ORDER BY a.id");
  std::vector<AgentLoad> out;
  while (s.step()) {
    AgentLoad load{s.integer(0), s.integer(1), std::nullopt, std::nullopt};
    if (!s.isNull(2)) {
      load.outbox_records = s.integer(2);
      load.sampled_at = s.time(3);
    }
    out.push_back(load);
  }
  return out;
}

}  // namespace pw::manager
