// NotificationStore on SQLite (tables notification_rules, notification_state of migration 0021).
#include <sqlite3.h>

#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {

using sqlite::Statement;

namespace {

constexpr const char* kRuleColumns = "id, name, body, created_at, updated_at";

StoredNotificationRule readRule(const Statement& s) {
  return {s.integer(0), s.text(1), s.text(2), s.time(3), s.time(4)};
}

}  // namespace

std::vector<StoredNotificationRule> SqliteStorage::listNotificationRules() {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kRuleColumns +
                       " FROM notification_rules ORDER BY name COLLATE NOCASE, id");
  std::vector<StoredNotificationRule> out;
  while (s.step()) out.push_back(readRule(s));
  return out;
}

std::optional<StoredNotificationRule> SqliteStorage::findNotificationRule(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kRuleColumns + " FROM notification_rules WHERE id = ?");
  s.bind(id);
  if (!s.step()) return std::nullopt;
  return readRule(s);
}

std::optional<std::int64_t> SqliteStorage::createNotificationRule(const std::string& name,
                                                                  const std::string& body_json,
                                                                  Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  const bool stored = Statement(db_,
                                "INSERT INTO notification_rules (name, body, created_at, "
                                "updated_at) VALUES (?, ?, ?, ?)")
                          .bind(name)
                          .bind(body_json)
                          .bind(now)
                          .bind(now)
                          .stepUnlessConstraint();
  if (!stored) return std::nullopt;
  return sqlite3_last_insert_rowid(db_);
}

NotificationRuleChange SqliteStorage::updateNotificationRule(std::int64_t id,
                                                             const std::string& name,
                                                             const std::string& body_json,
                                                             Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  const bool stored =
      Statement(db_,
                "UPDATE notification_rules SET name = ?, body = ?, updated_at = ? WHERE id = ?")
          .bind(name)
          .bind(body_json)
          .bind(now)
          .bind(id)
          .stepUnlessConstraint();
  if (!stored) return NotificationRuleChange::kNameTaken;
  return sqlite3_changes(db_) > 0 ? NotificationRuleChange::kDone
                                  : NotificationRuleChange::kNotFound;
}

bool SqliteStorage::deleteNotificationRule(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement(db_, "DELETE FROM notification_rules WHERE id = ?").bind(id).step();
  return sqlite3_changes(db_) > 0;
}

std::optional<std::string> SqliteStorage::notificationState(std::int64_t rule_id,
                                                            std::int64_t device_id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT state FROM notification_state WHERE rule_id = ? AND device_id = ?");
  s.bind(rule_id).bind(device_id);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void SqliteStorage::saveNotificationState(std::int64_t rule_id, std::int64_t device_id,
                                          const std::string& state_json) {
  std::lock_guard lock(mutex_);
  if (state_json.empty()) {
    Statement(db_, "DELETE FROM notification_state WHERE rule_id = ? AND device_id = ?")
        .bind(rule_id)
        .bind(device_id)
        .step();
    return;
  }
  // A rule or device deleted meanwhile fails the foreign key: nothing to keep then.
  Statement(db_,
            "INSERT INTO notification_state (rule_id, device_id, state) VALUES (?, ?, ?) "
            "ON CONFLICT (rule_id, device_id) DO UPDATE SET state = excluded.state")
      .bind(rule_id)
      .bind(device_id)
      .bind(state_json)
      .stepUnlessConstraint();
}

std::vector<std::pair<std::int64_t, std::string>> SqliteStorage::notificationStates(
    std::int64_t rule_id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT device_id, state FROM notification_state WHERE rule_id = ?");
  s.bind(rule_id);
  std::vector<std::pair<std::int64_t, std::string>> out;
  while (s.step()) out.emplace_back(s.integer(0), s.text(1));
  return out;
}

}  // namespace pw::manager
