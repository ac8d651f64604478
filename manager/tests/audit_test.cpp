// The audit log's rules and storage: action names from the route table, secrets redacted by
// member name at any depth (a stored record holds none of the values sent), the diff a handler
// attaches, the query's validation and filters, newest first, the append-only table, and
// retention on a FakeClock.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "manager/services/audit_service.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

TEST(AuditAction, ComesFromTheRoutesLiteralSegmentsAndMethod) {
  EXPECT_EQ(auditAction("PATCH", "/api/v1/devices/{id}"), "devices.update");
  EXPECT_EQ(auditAction("DELETE", "/api/v1/devices/{id}"), "devices.delete");
  EXPECT_EQ(auditAction("POST", "/api/v1/devices/{id}/remove"), "devices.remove");
  EXPECT_EQ(auditAction("POST", "/api/v1/agents"), "agents.create");
  EXPECT_EQ(auditAction("POST", "/api/v1/auth/login"), "auth.login");
  EXPECT_EQ(auditAction("POST", "/api/v1/settings/mail/test"), "settings.mail.test");
  EXPECT_EQ(auditAction("PUT", "/api/v1/agents/{id}/scope"), "agents.scope.update");
  EXPECT_EQ(auditAction("PUT", "/api/v1/settings/audit-log"), "settings.audit-log.update");
  EXPECT_EQ(auditCategory("devices.update"), "devices");
  EXPECT_EQ(auditCategory("auth"), "auth");
}

TEST(AuditAddress, ForwardedForCountsOnlyBehindAProxyAndThenItsLastEntry) {
  EXPECT_EQ(clientAddress("10.0.0.5", "203.0.113.9", false), "10.0.0.5");
  EXPECT_EQ(clientAddress("10.0.0.5", "203.0.113.9", true), "203.0.113.9");
  // The client wrote the first entry itself; the proxy appended the last one.
  EXPECT_EQ(clientAddress("10.0.0.5", "1.2.3.4, 203.0.113.9", true), "203.0.113.9");
  EXPECT_EQ(clientAddress("10.0.0.5", "", true), "10.0.0.5");
}

TEST(AuditRedaction, EverySecretMemberIsReplacedAtAnyDepth) {
  const json sent = {
      {"username", "admin"},
      {"password", "Hunter2!pass"},
      {"remember", true},
      {"fields", {{"version", "v2c"}, {"community", "s3cret-comm"}}},
      {"v3", json::array({{{"authKey", "auth-pass-1"}, {"privKey", "priv-pass-1"}}})},
      {"newPassword", "N3w-pass!"},
      {"servicePassword", "bind-pass-9"},
      {"token", "tok-123"},
      {"activationKey", "KEY-1"},
      {"systemManager", {{"systemManagerId", "7654321"}, {"pin", "0042"}}},
      {"smtp", {{"host", "mail.example"}, {"mappings", json::array({"a"})}}}};
  const auto redacted = redactSecrets(sent);
  const auto text = redacted.dump();
  for (const char* secret : {"Hunter2!pass", "s3cret-comm", "auth-pass-1", "priv-pass-1",
                             "N3w-pass!", "bind-pass-9", "tok-123", "KEY-1", "0042"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
  }
  EXPECT_EQ(redacted["password"], kRedacted);
  EXPECT_EQ(redacted["fields"]["community"], kRedacted);
  EXPECT_EQ(redacted["v3"][0]["privKey"], kRedacted);
  // What is not secret stays, so the record still says what happened.
  EXPECT_EQ(redacted["username"], "admin");
  EXPECT_EQ(redacted["fields"]["version"], "v2c");
  EXPECT_EQ(redacted["systemManager"]["systemManagerId"], "7654321");
  EXPECT_EQ(redacted["smtp"]["host"], "mail.example");
  EXPECT_EQ(redacted["smtp"]["mappings"], json::array({"a"}));
  EXPECT_FALSE(isSecretField("keyword"));
  EXPECT_FALSE(isSecretField("location"));
  EXPECT_FALSE(isSecretField("shipping"));
}

TEST(AuditNote, ChangeKeepsOnlyTheMembersThatDiffer) {
  AuditNote note;
  note.change({{"name", "a"}, {"location", "x"}, {"gone", 1}},
              {{"name", "b"}, {"location", "x"}, {"new", 2}});
  EXPECT_EQ(note.before, json({{"name", "a"}, {"gone", 1}}));
  EXPECT_EQ(note.after, json({{"name", "b"}, {"new", 2}}));
}

class AuditServiceTest : public ::testing::Test {
 protected:
  AuditEntry entry(const std::string& user, const std::string& action, int status) {
    AuditEntry e;
    e.actor = AuditActor::kUser;
    e.user_id = 1;
    e.username = user;
    e.address = "127.0.0.1";
    e.method = "POST";
    e.route = "/api/v1/x";
    e.action = action;
    e.status = status;
    return e;
  }
  void record(const AuditEntry& e, const json& body = nullptr, const AuditNote& note = {}) {
    audit.record(e, body, note);
  }

  testing::TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  std::vector<std::string> warnings;
  AuditService audit{storage, storage, clock,
                     [this](const std::string& w) { warnings.push_back(w); }};
};

TEST_F(AuditServiceTest, StoresRedactedDetailsAndListsNewestFirstWithFilters) {
  auto login = entry("", "auth.login", 401);
  login.actor = AuditActor::kAnonymous;
  login.user_id.reset();
  AuditNote tried;
  tried.username = "mallory";
  record(login, {{"username", "mallory"}, {"password", "guess-1"}}, tried);
  clock.advance(1min);
  AuditNote edit;
  edit.change({{"name", "old"}, {"community", "c-old"}}, {{"name", "new"}, {"community", "c-new"}});
  record(entry("admin", "devices.update", 200), {{"name", "new"}}, edit);
  clock.advance(1min);
  record(entry("admin", "devices.remove", 409));

  const auto all = *audit.list({});
  ASSERT_EQ(all.total, 3);
  EXPECT_EQ(all.items[0].action, "devices.remove");
  EXPECT_EQ(all.items[0].details_json, "{}");
  EXPECT_EQ(all.items[2].action, "auth.login");
  EXPECT_EQ(all.items[2].username, "mallory");
  EXPECT_EQ(all.items[2].details_json.find("guess-1"), std::string::npos);
  EXPECT_EQ(json::parse(all.items[2].details_json)["request"]["username"], "mallory");
  const auto edited = json::parse(all.items[1].details_json);
  EXPECT_EQ(edited["before"], json({{"name", "old"}, {"community", kRedacted}}));
  EXPECT_EQ(edited["after"], json({{"name", "new"}, {"community", kRedacted}}));
  EXPECT_EQ(edited["request"], json({{"name", "new"}}));
  EXPECT_EQ(all.items[1].at, all.items[2].at + 1min);

  AuditQuery q;
  q.action = "devices";
  q.result = "failure";
  auto page = *audit.list(q);
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0].status, 409);
  q = {};
  q.action = "devices.update";
  EXPECT_EQ(audit.list(q)->total, 1);
  q.action = "device";  // a category matches whole words only
  EXPECT_EQ(audit.list(q)->total, 0);
  q = {};
  q.username = "MALLORY";
  EXPECT_EQ(audit.list(q)->total, 1);
  q = {};
  q.from = clock.now() - 1min;
  q.to = clock.now();
  EXPECT_EQ(audit.list(q)->items.at(0).action, "devices.update");
  q = {};
  q.page_size = 1;
  q.page = 2;
  page = *audit.list(q);
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].action, "devices.update");

  q = {};
  q.result = "maybe";
  EXPECT_EQ(audit.list(q).error().message, "result must be success or failure");
  q = {};
  q.page_size = kMaxAuditPageSize + 1;
  EXPECT_EQ(audit.list(q).error().code, "invalid_input");
  EXPECT_TRUE(warnings.empty());
}

TEST_F(AuditServiceTest, ALargeBodyIsLeftOutButTheHandlersNoteIsKept) {
  AuditNote note;
  note.change({{"name", "a"}}, {{"name", "b"}});
  record(entry("admin", "devices.batch", 200),
         {{"deviceIds", json::array()}, {"blob", std::string(kMaxAuditDetailsBytes, 'x')}}, note);
  const auto details = json::parse(audit.list({})->items.at(0).details_json);
  EXPECT_EQ(
      details,
      json({{"before", {{"name", "a"}}}, {"after", {{"name", "b"}}}, {"requestOmitted", true}}));
}

TEST_F(AuditServiceTest, TheTableIsAppendOnly) {
  record(entry("admin", "devices.update", 200));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "m.db").string().c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_NE(sqlite3_exec(db, "UPDATE audit_log SET status = 500", nullptr, nullptr, &error),
            SQLITE_OK);
  ASSERT_NE(error, nullptr);
  EXPECT_STREQ(error, "the audit log is append-only");
  sqlite3_free(error);
  sqlite3_close(db);
  EXPECT_EQ(audit.list({})->items.at(0).status, 200);
}

TEST_F(AuditServiceTest, RetentionIsValidatedAndTheDailyPurgeRemovesOnlyOlderRecords) {
  EXPECT_EQ(audit.retentionDays(), kDefaultAuditRetentionDays);
  EXPECT_EQ(audit.setRetentionDays(0).error().code, "invalid_input");
  EXPECT_EQ(audit.setRetentionDays(kMaxAuditRetentionDays + 1).error().code, "invalid_input");
  ASSERT_TRUE(audit.setRetentionDays(30));
  EXPECT_EQ(audit.retentionDays(), 30);

  record(entry("admin", "old", 200));
  clock.advance(24h * 20);
  record(entry("admin", "recent", 200));
  clock.advance(24h * 11);  // "old" is 31 days old, "recent" 11
  EXPECT_EQ(audit.purgeIfDue(), 1u);
  auto left = *audit.list({});
  ASSERT_EQ(left.total, 1);
  EXPECT_EQ(left.items[0].action, "recent");

  // Once a day: within the day nothing is purged, whatever the retention says now.
  ASSERT_TRUE(audit.setRetentionDays(1));
  clock.advance(23h);
  EXPECT_EQ(audit.purgeIfDue(), 0u);
  EXPECT_EQ(audit.list({})->total, 1);
  clock.advance(1h);
  EXPECT_EQ(audit.purgeIfDue(), 1u);
  EXPECT_EQ(audit.list({})->total, 0);
}

}  // namespace
}  // namespace pw::manager
