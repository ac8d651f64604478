// RegionStore on SQLite (migration 0012). The region of each device is derived here, in one
// pass in C++ over (id, ip_address, hostname, region_id) with the core's RegionMembership, and
// only changed rows are written: 100,000 devices take well under a second (see
// docs/PERFORMANCE.md), so every region write simply recomputes all devices.
#include <algorithm>

#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {
namespace {

using sqlite::Statement;
using sqlite::Transaction;

}  // namespace

std::vector<Region> SqliteStorage::selectRegionsLocked(std::optional<std::int64_t> id) {
  std::vector<Region> regions;
  {
    Statement s(db_, id ? "SELECT id, name, description, time_zone FROM regions WHERE id = ?"
                        : "SELECT id, name, description, time_zone FROM regions ORDER BY name");
    if (id) s.bind(*id);
    while (s.step()) {
      Region r;
      r.id = s.integer(0);
      r.name = s.text(1);
      r.description = s.text(2);
      r.time_zone = s.text(3);
      regions.push_back(std::move(r));
    }
  }
  if (regions.empty()) return regions;
  Statement s(db_, id ? "SELECT region_id, type, value, ipv4_first, ipv4_last FROM region_rules "
                        "WHERE region_id = ? ORDER BY position"
                      : "SELECT region_id, type, value, ipv4_first, ipv4_last FROM region_rules "
                        "ORDER BY region_id, position");
  if (id) s.bind(*id);
  while (s.step()) {
    const auto region_id = s.integer(0);
    const auto it = std::find_if(regions.begin(), regions.end(),
                                 [&](const Region& r) { return r.id == region_id; });
    if (it == regions.end()) continue;  // cannot happen (foreign key)
    RegionRule rule;
    rule.type = regionRuleTypeFromString(s.text(1)).value_or(RegionRuleType::kSuffix);
    rule.value = s.text(2);
    rule.first = static_cast<std::uint32_t>(s.integer(3));
    rule.last = static_cast<std::uint32_t>(s.integer(4));
    it->rules.push_back(std::move(rule));
  }
  return regions;
}

void SqliteStorage::writeRegionRulesLocked(const Region& region) {
  Statement(db_, "DELETE FROM region_rules WHERE region_id = ?").bind(region.id).step();
  Statement insert(db_,
                   "INSERT INTO region_rules (region_id, position, type, value, ipv4_first, "
                   "ipv4_last) VALUES (?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < region.rules.size(); ++i) {
    const auto& rule = region.rules[i];
    insert.reset()
        .bind(region.id)
        .bind(static_cast<std::int64_t>(i))
        .bind(std::string(toString(rule.type)))
        .bind(rule.value);
    if (rule.isIpv4()) {
      insert.bind(std::int64_t{rule.first}).bind(std::int64_t{rule.last});
    } else {
      insert.bindNull().bindNull();
    }
    insert.step();
  }
}

std::size_t SqliteStorage::assignRegionsLocked(const std::vector<std::int64_t>* device_ids) {
  const auto regions = selectRegionsLocked(std::nullopt);
  const RegionMembership membership(regions);
  Statement update(db_, "UPDATE devices SET region_id = ? WHERE id = ?");
  std::size_t changed = 0;
  const auto apply = [&](const Statement& row) {
    const auto region = membership.regionOf(row.text(1), row.text(2));
    const auto stored = row.isNull(3) ? std::nullopt : std::optional(row.integer(3));
    if (region == stored) return;
    update.reset().bind(region).bind(row.integer(0)).step();
    ++changed;
  };
  if (device_ids == nullptr) {
    Statement s(db_, "SELECT id, ip_address, hostname, region_id FROM devices");
    while (s.step()) apply(s);
  } else {
    Statement s(db_, "SELECT id, ip_address, hostname, region_id FROM devices WHERE id = ?");
    for (const auto id : *device_ids) {
      s.reset().bind(id);
      if (s.step()) apply(s);
    }
  }
  return changed;
}

std::vector<Region> SqliteStorage::listRegions() {
  std::lock_guard lock(mutex_);
  return selectRegionsLocked(std::nullopt);
}

std::optional<Region> SqliteStorage::findRegion(std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto regions = selectRegionsLocked(id);
  if (regions.empty()) return std::nullopt;
  return std::move(regions.front());
}

std::map<std::int64_t, std::int64_t> SqliteStorage::regionDeviceCounts() {
  std::lock_guard lock(mutex_);
  std::map<std::int64_t, std::int64_t> counts;
  Statement s(db_,
              "SELECT region_id, COUNT(*) FROM devices WHERE region_id IS NOT NULL AND "
              "state <> 'removed' GROUP BY region_id");
  while (s.step()) counts[s.integer(0)] = s.integer(1);
  return counts;
}

std::optional<std::int64_t> SqliteStorage::createRegion(const Region& region,
                                                        Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  const bool inserted =
      Statement(db_,
                "INSERT INTO regions (name, description, time_zone, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)")
          .bind(region.name)
          .bind(region.description)
          .bind(region.time_zone)
          .bind(now)
          .bind(now)
          .stepUnlessConstraint();
  if (!inserted) return std::nullopt;
  Region stored = region;
  stored.id = sqlite3_last_insert_rowid(db_);
  writeRegionRulesLocked(stored);
  assignRegionsLocked(nullptr);
  tx.commit();
  return stored.id;
}

SqliteStorage::RegionWrite SqliteStorage::updateRegion(const Region& region, Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  Statement update(db_,
                   "UPDATE regions SET name = ?, description = ?, time_zone = ?, updated_at = ? "
                   "WHERE id = ?");
  update.bind(region.name)
      .bind(region.description)
      .bind(region.time_zone)
      .bind(now)
      .bind(region.id);
  if (!update.stepUnlessConstraint()) return RegionWrite::kNameTaken;
  if (sqlite3_changes(db_) == 0) return RegionWrite::kNotFound;
  writeRegionRulesLocked(region);
  assignRegionsLocked(nullptr);
  tx.commit();
  return RegionWrite::kDone;
}

bool SqliteStorage::deleteRegion(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  Statement(db_, "DELETE FROM regions WHERE id = ?").bind(id).step();
  if (sqlite3_changes(db_) == 0) return false;
  assignRegionsLocked(nullptr);  // another region's suffix may now hold its devices
  tx.commit();
  return true;
}

std::size_t SqliteStorage::recomputeDeviceRegions() {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  const auto changed = assignRegionsLocked(nullptr);
  tx.commit();
  return changed;
}

std::vector<std::int64_t> SqliteStorage::userRegions(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  std::vector<std::int64_t> ids;
  Statement s(db_, "SELECT region_id FROM user_regions WHERE user_id = ? ORDER BY region_id");
  s.bind(user_id);
  while (s.step()) ids.push_back(s.integer(0));
  return ids;
}

bool SqliteStorage::setUserRegions(std::int64_t user_id,
                                   const std::vector<std::int64_t>& region_ids) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  {
    Statement s(db_, "SELECT 1 FROM users WHERE id = ?");
    s.bind(user_id);
    if (!s.step()) return false;
  }
  Statement(db_, "DELETE FROM user_regions WHERE user_id = ?").bind(user_id).step();
  Statement insert(db_, "INSERT OR IGNORE INTO user_regions (user_id, region_id) VALUES (?, ?)");
  for (const auto id : region_ids) insert.reset().bind(user_id).bind(id).step();
  tx.commit();
  return true;
}

}  // namespace pw::manager
