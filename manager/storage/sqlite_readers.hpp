#pragma once
// Read-only connections to the Manager's database, for the queries people wait for (the device
// list). In WAL mode each reads one consistent snapshot without the storage mutex, so it waits
// neither for the writing connection (an ingest batch, a discovery) nor for another reader:
// two list requests use both cores. Opened on demand and kept for reuse; internal to the
// storage engine.
#include <sqlite3.h>

#include <filesystem>
#include <mutex>
#include <vector>

namespace pw::manager::sqlite {

class ReadConnections {
 public:
  explicit ReadConnections(std::filesystem::path file) : file_(std::move(file)) {}
  ~ReadConnections();
  ReadConnections(const ReadConnections&) = delete;
  ReadConnections& operator=(const ReadConnections&) = delete;

  /// One connection for the caller alone, inside a read transaction: every statement run on it
  /// sees the same snapshot. The transaction ends and the connection returns to the pool when
  /// the lease goes.
  class Lease {
   public:
    Lease(ReadConnections& pool, sqlite3* db);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    sqlite3* db() const { return db_; }

   private:
    ReadConnections& pool_;
    sqlite3* db_;
  };

  Lease acquire();

 private:
  sqlite3* open() const;
  void release(sqlite3* db);

  const std::filesystem::path file_;
  std::mutex mutex_;
  std::vector<sqlite3*> idle_;
};

}  // namespace pw::manager::sqlite
