// WebhookStore on SQLite (tables webhook_subscriptions, webhook_deliveries of migration 0021).
#include <sqlite3.h>

#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {

using sqlite::Statement;
using sqlite::Transaction;

namespace {

constexpr const char* kDeliveryColumns =
    "id, subscription_id, event, payload, state, attempts, status_code, last_error, created_at, "
    "next_attempt_at, finished_at";

WebhookDelivery readDelivery(const Statement& s) {
  WebhookDelivery d;
  d.id = s.integer(0);
  d.subscription_id = s.integer(1);
  d.event = s.text(2);
  d.payload_json = s.text(3);
  d.state = s.text(4);
  d.attempts = static_cast<int>(s.integer(5));
  if (!s.isNull(6)) d.status_code = static_cast<int>(s.integer(6));
  d.last_error = s.text(7);
  d.created_at = s.time(8);
  if (!s.isNull(9)) d.next_attempt_at = s.time(9);
  if (!s.isNull(10)) d.finished_at = s.time(10);
  return d;
}

std::optional<std::int64_t> seconds(const std::optional<Clock::TimePoint>& t) {
  if (!t) return std::nullopt;
  return static_cast<std::int64_t>(toUnixSeconds(*t));
}

}  // namespace

std::vector<StoredWebhook> SqliteStorage::listWebhooks() {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT id, name, body, token_sealed FROM webhook_subscriptions "
              "ORDER BY name COLLATE NOCASE, id");
  std::vector<StoredWebhook> out;
  while (s.step()) out.push_back({s.integer(0), s.text(1), s.text(2), s.text(3)});
  return out;
}

std::optional<StoredWebhook> SqliteStorage::findWebhook(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "SELECT id, name, body, token_sealed FROM webhook_subscriptions WHERE id = ?");
  s.bind(id);
  if (!s.step()) return std::nullopt;
  return StoredWebhook{s.integer(0), s.text(1), s.text(2), s.text(3)};
}

std::optional<std::int64_t> SqliteStorage::createWebhook(
    const std::string& name, const std::string& body_json,
    const std::function<std::string(std::int64_t)>& seal, Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  const bool stored = Statement(db_,
                                "INSERT INTO webhook_subscriptions (name, body, created_at, "
                                "updated_at) VALUES (?, ?, ?, ?)")
                          .bind(name)
                          .bind(body_json)
                          .bind(now)
                          .bind(now)
                          .stepUnlessConstraint();
  if (!stored) return std::nullopt;
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  // The sealed token is bound to the id, known only now.
  Statement(db_, "UPDATE webhook_subscriptions SET token_sealed = ? WHERE id = ?")
      .bind(seal(id))
      .bind(id)
      .step();
  tx.commit();
  return id;
}

WebhookChange SqliteStorage::updateWebhook(std::int64_t id, const std::string& name,
                                           const std::string& body_json,
                                           const std::optional<std::string>& token_sealed,
                                           Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  const bool stored = Statement(db_,
                                "UPDATE webhook_subscriptions SET name = ?, body = ?, "
                                "token_sealed = COALESCE(?, token_sealed), updated_at = ? "
                                "WHERE id = ?")
                          .bind(name)
                          .bind(body_json)
                          .bind(token_sealed)
                          .bind(now)
                          .bind(id)
                          .stepUnlessConstraint();
  if (!stored) return WebhookChange::kNameTaken;
  return sqlite3_changes(db_) > 0 ? WebhookChange::kDone : WebhookChange::kNotFound;
}

bool SqliteStorage::deleteWebhook(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement(db_, "DELETE FROM webhook_subscriptions WHERE id = ?").bind(id).step();
  return sqlite3_changes(db_) > 0;
}

void SqliteStorage::addWebhookDeliveries(const std::vector<std::int64_t>& subscription_ids,
                                         const std::string& event, const std::string& payload_json,
                                         Clock::TimePoint now) {
  if (subscription_ids.empty()) return;
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  Statement s(db_,
              "INSERT INTO webhook_deliveries (subscription_id, event, payload, state, "
              "created_at, next_attempt_at) VALUES (?, ?, ?, 'pending', ?, ?)");
  for (const auto id : subscription_ids) {
    // A subscription deleted meanwhile fails the foreign key: nothing to deliver then.
    s.reset().bind(id).bind(event).bind(payload_json).bind(now).bind(now).stepUnlessConstraint();
  }
  tx.commit();
}

std::vector<WebhookDelivery> SqliteStorage::dueWebhookDeliveries(Clock::TimePoint now,
                                                                 std::size_t limit) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kDeliveryColumns +
                       " FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at "
                       "<= ? ORDER BY next_attempt_at, id LIMIT ?");
  s.bind(now).bind(static_cast<std::int64_t>(limit));
  std::vector<WebhookDelivery> out;
  while (s.step()) out.push_back(readDelivery(s));
  return out;
}

void SqliteStorage::saveWebhookDelivery(const WebhookDelivery& d) {
  std::lock_guard lock(mutex_);
  Statement(db_,
            "UPDATE webhook_deliveries SET state = ?, attempts = ?, status_code = ?, "
            "last_error = ?, next_attempt_at = ?, finished_at = ? WHERE id = ?")
      .bind(d.state)
      .bind(static_cast<std::int64_t>(d.attempts))
      .bind(d.status_code ? std::optional<std::int64_t>(*d.status_code) : std::nullopt)
      .bind(d.last_error)
      .bind(seconds(d.next_attempt_at))
      .bind(seconds(d.finished_at))
      .bind(d.id)
      .step();
}

std::vector<WebhookDelivery> SqliteStorage::webhookDeliveries(std::int64_t subscription_id,
                                                              std::size_t limit) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kDeliveryColumns +
                       " FROM webhook_deliveries WHERE subscription_id = ? ORDER BY id DESC "
                       "LIMIT ?");
  s.bind(subscription_id).bind(static_cast<std::int64_t>(limit));
  std::vector<WebhookDelivery> out;
  while (s.step()) out.push_back(readDelivery(s));
  return out;
}

std::size_t SqliteStorage::purgeWebhookDeliveries(Clock::TimePoint before) {
  std::lock_guard lock(mutex_);
  Statement(db_, "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND created_at < ?")
      .bind(before)
      .step();
  return static_cast<std::size_t>(sqlite3_changes(db_));
}

}  // namespace pw::manager
