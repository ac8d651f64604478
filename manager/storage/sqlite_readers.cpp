#include "manager/storage/sqlite_readers.hpp"

#include <string>

#include "manager/core/storage.hpp"

namespace pw::manager::sqlite {

namespace {

void run(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw StorageError(std::string(sql) + " failed: " + message);
  }
}

}  // namespace

ReadConnections::~ReadConnections() {
  for (auto* db : idle_) sqlite3_close(db);
}

sqlite3* ReadConnections::open() const {
  sqlite3* db = nullptr;
  // NOMUTEX: a lease gives the connection to one thread at a time.
  const int rc = sqlite3_open_v2(file_.string().c_str(), &db,
                                 SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw StorageError("cannot open database " + file_.string() + " to read: " + message);
  }
  sqlite3_busy_timeout(db, 5000);
  // Pages straight from the OS page cache, shared by every reader, instead of a pread() copy
  // into each connection's own 2 MB page cache: the kernel's copying was about a fifth of a
  // list request's CPU (perf, bench/device_list.py).
  if (sqlite3_exec(db, "PRAGMA mmap_size = 268435456", nullptr, nullptr, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw StorageError("cannot map database " + file_.string() + " to read");
  }
  return db;
}

ReadConnections::Lease ReadConnections::acquire() {
  sqlite3* db = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      db = idle_.back();
      idle_.pop_back();
    }
  }
  return Lease(*this, db ? db : open());
}

void ReadConnections::release(sqlite3* db) {
  std::lock_guard lock(mutex_);
  idle_.push_back(db);
}

ReadConnections::Lease::Lease(ReadConnections& pool, sqlite3* db) : pool_(pool), db_(db) {
  try {
    run(db_, "BEGIN");
  } catch (...) {
    pool_.release(db_);
    throw;
  }
}

ReadConnections::Lease::~Lease() {
  // Ends the read transaction (a read commits nothing); a statement still stepping would keep
  // it open, which the storage code never leaves behind.
  sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  pool_.release(db_);
}

}  // namespace pw::manager::sqlite
