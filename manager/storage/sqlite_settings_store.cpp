// SettingsStore on SQLite (tables of migration 0006).
#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {

using sqlite::Statement;

std::optional<std::string> SqliteStorage::findSetting(const std::string& key) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT value FROM settings WHERE key = ?");
  s.bind(key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void SqliteStorage::saveSetting(const std::string& key, const std::string& value_json) {
  std::lock_guard lock(mutex_);
  Statement(db_,
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .bind(key)
      .bind(value_json)
      .step();
}

std::optional<Clock::TimePoint> SqliteStorage::builtInTaskLastStarted(const std::string& task) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT last_started FROM builtin_task_runs WHERE task = ?");
  s.bind(task);
  if (!s.step()) return std::nullopt;
  return s.time(0);
}

void SqliteStorage::recordBuiltInTaskStart(const std::string& task, Clock::TimePoint at) {
  std::lock_guard lock(mutex_);
  Statement(db_,
            "INSERT INTO builtin_task_runs (task, last_started) VALUES (?, ?) "
            "ON CONFLICT (task) DO UPDATE SET last_started = excluded.last_started")
      .bind(task)
      .bind(at)
      .step();
}

}  // namespace pw::manager
