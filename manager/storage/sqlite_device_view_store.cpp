// DeviceViewStore on SQLite (table device_list_views of migration 0014).
#include <sqlite3.h>

#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {

using sqlite::Statement;

namespace {

constexpr const char* kViewColumns = "id, user_id, name, settings, created_at, updated_at";

SavedDeviceView readView(const Statement& s) {
  return {s.integer(0), s.integer(1), s.text(2), s.text(3), s.time(4), s.time(5)};
}

}  // namespace

std::vector<SavedDeviceView> SqliteStorage::listDeviceViews(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              std::string("SELECT ") + kViewColumns +
                  " FROM device_list_views WHERE user_id = ? ORDER BY name COLLATE NOCASE, id");
  s.bind(user_id);
  std::vector<SavedDeviceView> out;
  while (s.step()) out.push_back(readView(s));
  return out;
}

std::optional<SavedDeviceView> SqliteStorage::findDeviceView(std::int64_t user_id,
                                                             std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kViewColumns +
                       " FROM device_list_views WHERE user_id = ? AND id = ?");
  s.bind(user_id).bind(id);
  if (!s.step()) return std::nullopt;
  return readView(s);
}

std::optional<std::int64_t> SqliteStorage::createDeviceView(std::int64_t user_id,
                                                            const std::string& name,
                                                            const std::string& settings_json,
                                                            Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  // The only constraint that can fail is UNIQUE (user_id, name): the user exists (signed in).
  const bool stored = Statement(db_,
                                "INSERT INTO device_list_views (user_id, name, settings, "
                                "created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                          .bind(user_id)
                          .bind(name)
                          .bind(settings_json)
                          .bind(now)
                          .bind(now)
                          .stepUnlessConstraint();
  if (!stored) return std::nullopt;
  return sqlite3_last_insert_rowid(db_);
}

DeviceViewChange SqliteStorage::updateDeviceView(std::int64_t user_id, std::int64_t id,
                                                 const std::optional<std::string>& name,
                                                 const std::optional<std::string>& settings_json,
                                                 Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  const bool stored = Statement(db_,
                                "UPDATE device_list_views SET name = COALESCE(?, name), "
                                "settings = COALESCE(?, settings), updated_at = ? "
                                "WHERE user_id = ? AND id = ?")
                          .bind(name)
                          .bind(settings_json)
                          .bind(now)
                          .bind(user_id)
                          .bind(id)
                          .stepUnlessConstraint();
  if (!stored) return DeviceViewChange::kNameTaken;
  return sqlite3_changes(db_) > 0 ? DeviceViewChange::kDone : DeviceViewChange::kNotFound;
}

bool SqliteStorage::deleteDeviceView(std::int64_t user_id, std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement(db_, "DELETE FROM device_list_views WHERE user_id = ? AND id = ?")
      .bind(user_id)
      .bind(id)
      .step();
  return sqlite3_changes(db_) > 0;
}

}  // namespace pw::manager
