// PreferenceStore on SQLite (table user_preferences of migration 0025).
#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {

using sqlite::Statement;

std::optional<std::string> SqliteStorage::preference(std::int64_t user_id, const std::string& key) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT value FROM user_preferences WHERE user_id = ? AND key = ?");
  s.bind(user_id).bind(key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void SqliteStorage::setPreference(std::int64_t user_id, const std::string& key,
                                  const std::string& value_json, Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Statement(db_,
            "INSERT INTO user_preferences (user_id, key, value, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at")
      .bind(user_id)
      .bind(key)
      .bind(value_json)
      .bind(now)
      .step();
}

}  // namespace pw::manager
