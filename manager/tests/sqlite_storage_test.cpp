// The SQLite engine on a real temporary file with the real migrations.
#include "manager/storage/sqlite_storage.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

ActivationSecret secret(const std::string& tag) {
  return {"hash-" + tag, "sealed-" + tag};
}

TEST(SqliteStorage, MigratesANewDatabaseToTheLatestVersionOnce) {
  TempDir dir;
  {
    SqliteStorage storage(dir.path() / "m.db");
    EXPECT_EQ(storage.schemaVersion(), SqliteStorage::latestSchemaVersion());
    EXPECT_GE(SqliteStorage::latestSchemaVersion(), 1);
  }
  SqliteStorage reopened(dir.path() / "m.db");  // no migration runs twice
  EXPECT_EQ(reopened.schemaVersion(), SqliteStorage::latestSchemaVersion());
}

TEST(SqliteStorage, AppliesAnEarlierMigrationThatLandedAfterALaterOne) {
  // Branches developed in parallel may merge 0005 before 0004: a database that already got the
  // later one must still get the earlier one. Undo 0002 and forget it, keeping the later ones.
  TempDir dir;
  { SqliteStorage storage(dir.path() / "m.db"); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "m.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP INDEX agent_certificates_activation;"
                         "ALTER TABLE agent_certificates DROP COLUMN activation_key_hash;"
                         "ALTER TABLE agent_certificates DROP COLUMN certificate_pem;"
                         "DELETE FROM schema_migrations WHERE version = 2",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);

  SqliteStorage reopened(dir.path() / "m.db");
  EXPECT_EQ(reopened.schemaVersion(), SqliteStorage::latestSchemaVersion());
  EXPECT_EQ(reopened.certificateForActivation("no such key"), std::nullopt);  // column is back
  ASSERT_EQ(sqlite3_open((dir.path() / "m.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM schema_migrations WHERE version = 2", -1, &stmt,
                     nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 1);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST(SqliteStorage, UsesWriteAheadLogging) {
  TempDir dir;
  { SqliteStorage storage(dir.path() / "m.db"); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "m.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST(SqliteStorage, RefusesADatabaseFromANewerManager) {
  TempDir dir;
  { SqliteStorage storage(dir.path() / "m.db"); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "m.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (9999, 0)", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  try {
    SqliteStorage storage(dir.path() / "m.db");
    FAIL() << "expected StorageError";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 9999"), std::string::npos);
  }
}

TEST(SqliteStorage, RefusesAFileThatIsNotADatabase) {
  TempDir dir;
  std::ofstream(dir.path() / "junk.db")
      << "this is not a database, just some text that is long enough";
  EXPECT_THROW(SqliteStorage(dir.path() / "junk.db"), StorageError);
}

TEST(SqliteStorage, UsersAreUniqueCaseInsensitively) {
  TempDir dir;
  SqliteStorage storage(dir.path() / "m.db");
  FakeClock clock;
  const auto id =
      storage.createUser({"Administrator", "h", Role::kSystemManager, true}, clock.now());
  ASSERT_TRUE(id);
  EXPECT_FALSE(storage.createUser({"administrator", "h2", Role::kUser, false}, clock.now()));
  const auto found = storage.findUserByName("ADMINISTRATOR");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, *id);
  EXPECT_TRUE(found->builtin);
  EXPECT_EQ(found->role, Role::kSystemManager);
  EXPECT_FALSE(storage.findUserById(*id + 1));
}

TEST(SqliteStorage, SessionsExpire) {
  TempDir dir;
  SqliteStorage storage(dir.path() / "m.db");
  FakeClock clock;
  const auto user = *storage.createUser({"u", "h", Role::kUser, false}, clock.now());
  const auto now = clock.now();
  storage.createSession({"s1", user, "csrf", false, now, now, now + 30min});
  storage.createSession({"s2", user, "csrf", true, now, now, now + 120h});
  ASSERT_TRUE(storage.findSession("s1"));
  storage.touchSession("s1", now + 10min, now + 40min);
  EXPECT_EQ(storage.findSession("s1")->expires_at, now + 40min);
  EXPECT_EQ(storage.deleteExpiredSessions(now + 41min), 1);
  EXPECT_FALSE(storage.findSession("s1"));
  EXPECT_TRUE(storage.findSession("s2"));
  storage.deleteSession("s2");
  EXPECT_FALSE(storage.findSession("s2"));
}

TEST(SqliteStorage, AgentLifecycleKeepsKeysAndCertificatesConsistent) {
  TempDir dir;
  SqliteStorage storage(dir.path() / "m.db");
  FakeClock clock;
  const auto id = storage.createAgent("Berlin", false, secret("a"), clock.now());
  ASSERT_TRUE(id);
  EXPECT_FALSE(storage.createAgent("berlin", true, secret("b"), clock.now()));
  EXPECT_EQ(storage.activationSecret(*id)->key_sealed, "sealed-a");
  EXPECT_EQ(storage.findAgentByActivationKeyHash("hash-a")->id, *id);

  const AgentCertificate cert{"abc123",          *id,      "ff00", clock.now(),
                              clock.now() + 24h, "hash-a", "PEM"};
  ASSERT_TRUE(storage.activateAgent(*id, cert, "host1", clock.now()));
  EXPECT_FALSE(storage.activateAgent(*id, cert, "host1", clock.now()));  // key already used
  EXPECT_FALSE(storage.activationSecret(*id));
  EXPECT_FALSE(storage.findAgentByActivationKeyHash("hash-a"));
  ASSERT_EQ(storage.validAgentCertificates(clock.now()).size(), 1u);
  EXPECT_EQ(storage.certificateForActivation("hash-a")->certificate_pem, "PEM");
  EXPECT_FALSE(storage.certificateForActivation("hash-b"));
  EXPECT_TRUE(storage.validAgentCertificates(clock.now() + 25h).empty());  // expired

  storage.recordContact(*id, "0.1.0", "host1", clock.now());
  const auto agent = storage.findAgent(*id);
  EXPECT_EQ(agent->state, AgentState::kActive);
  EXPECT_EQ(agent->version, "0.1.0");
  EXPECT_EQ(agent->last_contact, clock.now());

  ASSERT_TRUE(storage.deactivateAgent(*id, secret("c"), clock.now()));
  EXPECT_TRUE(storage.validAgentCertificates(clock.now()).empty());
  EXPECT_FALSE(storage.certificateForActivation("hash-a"));  // revoked
  EXPECT_EQ(storage.findAgent(*id)->state, AgentState::kInactive);
  EXPECT_EQ(storage.findAgentByActivationKeyHash("hash-c")->id, *id);

  EXPECT_TRUE(storage.deleteAgent(*id, clock.now()));
  EXPECT_FALSE(storage.deleteAgent(*id, clock.now()));
  EXPECT_TRUE(storage.listAgents().empty());
}

TEST(SqliteStorage, DeletingAnActiveAgentRevokesItsCertificate) {
  TempDir dir;
  SqliteStorage storage(dir.path() / "m.db");
  FakeClock clock;
  const auto id = *storage.createAgent("A", false, secret("a"), clock.now());
  storage.activateAgent(id, {"01", id, "ff", clock.now(), clock.now() + 24h, "hash-a", "PEM"}, "h",
                        clock.now());
  storage.deleteAgent(id, clock.now());
  EXPECT_TRUE(storage.validAgentCertificates(clock.now()).empty());
}

}  // namespace
}  // namespace pw::manager
