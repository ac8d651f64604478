// AuditStore on SQLite (migration 0017): rows appended through one statement prepared once,
// read newest first through the time index, deleted only by the retention purge.
#include <variant>

#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {
namespace {

using sqlite::Statement;

// The WHERE clause of a query and its values, in order.
struct Where {
  std::string sql = " WHERE 1 = 1";
  std::vector<std::variant<std::int64_t, std::string>> values;
};

Where whereOf(const AuditQuery& q) {
  Where w;
  if (q.from) {
    w.sql += " AND at >= ?";
    w.values.emplace_back(static_cast<std::int64_t>(toUnixSeconds(*q.from)));
  }
  if (q.to) {
    w.sql += " AND at < ?";
    w.values.emplace_back(static_cast<std::int64_t>(toUnixSeconds(*q.to)));
  }
  if (!q.username.empty()) {
    w.sql += " AND username = ? COLLATE NOCASE";
    w.values.emplace_back(q.username);
  }
  if (!q.action.empty()) {
    // A category ("devices") matches its actions ("devices.update"); a full name only itself.
    if (q.action.find('.') == std::string::npos) {
      w.sql += " AND (action = ? OR substr(action, 1, ?) = ?)";
      w.values.emplace_back(q.action);
      w.values.emplace_back(static_cast<std::int64_t>(q.action.size() + 1));
      w.values.emplace_back(q.action + ".");
    } else {
      w.sql += " AND action = ?";
      w.values.emplace_back(q.action);
    }
  }
  if (q.result == "success") w.sql += " AND status < 400";
  if (q.result == "failure") w.sql += " AND status >= 400";
  return w;
}

void bindAll(Statement& s, const Where& w) {
  for (const auto& v : w.values) {
    std::visit([&s](const auto& value) { s.bind(value); }, v);
  }
}

}  // namespace

std::int64_t SqliteStorage::appendAudit(const AuditEntry& e) {
  std::lock_guard lock(mutex_);
  if (!audit_insert_) {
    audit_insert_ = std::make_unique<Statement>(
        db_,
        "INSERT INTO audit_log (at, actor, user_id, token_id, username, address, method, route, "
        "action, target, status, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }
  auto& s = audit_insert_->reset();
  s.bind(e.at)
      .bind(std::string(toString(e.actor)))
      .bind(e.user_id)
      .bind(e.token_id)
      .bind(e.username)
      .bind(e.address)
      .bind(e.method)
      .bind(e.route)
      .bind(e.action)
      .bind(e.target)
      .bind(static_cast<std::int64_t>(e.status))
      .bind(e.details_json);
  s.step();
  return sqlite3_last_insert_rowid(db_);
}

AuditPage SqliteStorage::listAudit(const AuditQuery& query) {
  const auto where = whereOf(query);
  std::lock_guard lock(mutex_);
  AuditPage page;
  {
    Statement count(db_, "SELECT COUNT(*) FROM audit_log" + where.sql);
    bindAll(count, where);
    if (count.step()) page.total = count.integer(0);
  }
  Statement s(db_,
              "SELECT id, at, actor, user_id, token_id, username, address, method, route, action, "
              "target, status, details FROM audit_log" +
                  where.sql + " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?");
  bindAll(s, where);
  s.bind(query.page_size).bind((query.page - 1) * query.page_size);
  while (s.step()) {
    AuditEntry e;
    e.id = s.integer(0);
    e.at = s.time(1);
    e.actor = auditActorFromString(s.text(2)).value_or(AuditActor::kAnonymous);
    if (!s.isNull(3)) e.user_id = s.integer(3);
    if (!s.isNull(4)) e.token_id = s.integer(4);
    e.username = s.text(5);
    e.address = s.text(6);
    e.method = s.text(7);
    e.route = s.text(8);
    e.action = s.text(9);
    e.target = s.text(10);
    e.status = static_cast<int>(s.integer(11));
    e.details_json = s.text(12);
    page.items.push_back(std::move(e));
  }
  return page;
}

std::size_t SqliteStorage::purgeAudit(Clock::TimePoint before) {
  std::lock_guard lock(mutex_);
  Statement(db_, "DELETE FROM audit_log WHERE at < ?").bind(before).step();
  return static_cast<std::size_t>(sqlite3_changes(db_));
}

}  // namespace pw::manager
