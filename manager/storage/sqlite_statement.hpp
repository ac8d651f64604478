#pragma once
// The SQLite helpers every table's code in manager/storage shares: prepared statements with
// positional binding and IMMEDIATE transactions. Internal to the storage engine.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/storage.hpp"

namespace pw::manager::sqlite {

// RAII prepared statement with positional binding (1-based, in call order).
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK) {
      throw StorageError(std::string("prepare failed: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(std::int64_t v) {
    check(sqlite3_bind_int64(stmt_, ++index_, v));
    return *this;
  }
  Statement& bind(const std::string& v) {
    check(
        sqlite3_bind_text(stmt_, ++index_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& bind(double v) {
    check(sqlite3_bind_double(stmt_, ++index_, v));
    return *this;
  }
  Statement& bind(Clock::TimePoint t) { return bind(static_cast<std::int64_t>(toUnixSeconds(t))); }
  Statement& bindNull() {
    check(sqlite3_bind_null(stmt_, ++index_));
    return *this;
  }
  /// NULL for an empty string (columns where NULL means unknown).
  Statement& bindTextOrNull(const std::string& v) { return v.empty() ? bindNull() : bind(v); }
  Statement& bind(const std::optional<std::string>& v) { return v ? bind(*v) : bindNull(); }
  Statement& bind(const std::optional<std::int64_t>& v) { return v ? bind(*v) : bindNull(); }

  /// Advances; true while a row is available.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StorageError(std::string("statement failed: ") + sqlite3_errmsg(db_));
  }
  /// Runs a statement that may violate a UNIQUE constraint; false when it did.
  bool stepUnlessConstraint() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return true;
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return false;
    throw StorageError(std::string("statement failed: ") + sqlite3_errmsg(db_));
  }

  /// Makes the statement ready to run again with new bindings (prepared once, run often).
  Statement& reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    index_ = 0;
    return *this;
  }

  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const { return sqlite3_column_double(stmt_, column); }
  bool isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::string text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p));
  }
  Clock::TimePoint time(int column) const { return fromUnixSeconds(integer(column)); }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw StorageError(std::string("bind failed: ") + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int index_ = 0;
};

/// "a,b" → {"a", "b"}: the comma-separated name lists of the monitoring tables.
inline std::vector<std::string> splitNames(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find(',', start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

// BEGIN IMMEDIATE ... COMMIT, rolled back unless commit() ran (exceptions included).
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { run("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    run("COMMIT");
    done_ = true;
  }

 private:
  void run(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw StorageError(std::string(sql) + " failed: " + message);
    }
  }
  sqlite3* db_;
  bool done_ = false;
};

}  // namespace pw::manager::sqlite
