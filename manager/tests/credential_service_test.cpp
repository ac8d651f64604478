// CredentialService on the real SQLite engine and the real SecretBox: validation, secrets kept
// out of every answer and out of the database file, edits that keep secrets, and the SNMP
// credentials discovery reads.
#include "manager/services/credential_service.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

constexpr const char* kCommunity = "canary-community-4711";
constexpr const char* kAuthKey = "canary-authkey-0815";
constexpr const char* kPrivKey = "canary-privkey-2342";

class CredentialServiceTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  FakeClock clock;
  std::string master_key = crypto::SecretBox::generateKey();
  crypto::SecretBox box{master_key};
  std::unique_ptr<SqliteStorage> storage = std::make_unique<SqliteStorage>(dir.path() / "m.db");
  std::unique_ptr<CredentialService> service =
      std::make_unique<CredentialService>(*storage, *storage, box, clock);
  std::int64_t berlin = *storage->createAgent("Berlin", false, {"h1", "s1"}, clock.now());
  std::int64_t paris = *storage->createAgent("Paris", false, {"h2", "s2"}, clock.now());

  static CredentialInput v1(const std::string& community, std::vector<std::int64_t> agents) {
    CredentialInput in;
    in.kind = CredentialKind::kSnmpV1;
    in.agent_ids = std::move(agents);
    in.fields = CredentialFields{{"version", "v2c"}, {"community", community}};
    return in;
  }

  static CredentialInput v3(std::vector<std::int64_t> agents) {
    CredentialInput in;
    in.kind = CredentialKind::kSnmpV3;
    in.access = CredentialAccess::kReadWrite;
    in.agent_ids = std::move(agents);
    in.fields = CredentialFields{{"username", "monitor"},     {"securityLevel", "authPriv"},
                                 {"authProtocol", "SHA-256"}, {"authKey", kAuthKey},
                                 {"privProtocol", "AES"},     {"privKey", kPrivKey},
                                 {"contextName", "ctx"}};
    return in;
  }

  std::int64_t create(const CredentialInput& in) {
    const auto created = service->create(in);
    EXPECT_TRUE(created) << created.error().message;
    return created ? created->id : 0;
  }

  std::string problem(const Outcome<Credential>& outcome) {
    EXPECT_FALSE(outcome);
    return outcome ? "" : outcome.error().code + ": " + outcome.error().message;
  }

  // Closes the database (checkpointing the WAL) and opens it again with `key`.
  void reopen(const std::string& key) {
    service.reset();
    storage.reset();
    box = crypto::SecretBox(key);
    storage = std::make_unique<SqliteStorage>(dir.path() / "m.db");
    service = std::make_unique<CredentialService>(*storage, *storage, box, clock);
  }

  // Every byte the database keeps on disk: the main file and any WAL or journal.
  std::string databaseBytes() {
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      if (entry.path().filename().string().rfind("m.db", 0) != 0) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      bytes += std::string(std::istreambuf_iterator<char>(in), {});
    }
    return bytes;
  }
};

TEST_F(CredentialServiceTest, CreateValidatesNamingTheField) {
  CredentialInput no_kind;
  EXPECT_EQ(problem(service->create(no_kind)), "invalid_input: kind is required");
  EXPECT_EQ(problem(service->create(v1("", {}))), "invalid_input: fields.community is required");
  EXPECT_EQ(problem(service->create(v1("public", {berlin, 999}))),
            "invalid_input: agentIds[1]: there is no Agent 999");
  auto long_description = v1("public", {});
  long_description.description = std::string(300, 'd');
  EXPECT_EQ(problem(service->create(long_description)),
            "invalid_input: description must be at most 256 characters long");
  EXPECT_TRUE(service->list().empty());
}

TEST_F(CredentialServiceTest, SecretsAreNeverReturnedOnlyNamed) {
  const auto id = create(v3({paris, berlin, paris}));
  const auto got = service->get(id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->secrets_set, (std::vector<std::string>{"authKey", "privKey"}));
  EXPECT_EQ(got->agent_ids, (std::vector<std::int64_t>{berlin, paris}));  // sorted, once each
  EXPECT_EQ(got->access, CredentialAccess::kReadWrite);
  for (const auto& [name, value] : got->fields) {
    EXPECT_NE(value, kAuthKey) << name;
    EXPECT_NE(value, kPrivKey) << name;
  }
  EXPECT_EQ(got->fields.size(), 5u);  // the public ones only
}

TEST_F(CredentialServiceTest, TheDatabaseFileHoldsNoSecretInClear) {
  create(v1(kCommunity, {berlin}));
  create(v3({berlin}));
  service.reset();
  storage.reset();  // closing checkpoints the WAL into the main file
  const auto bytes = databaseBytes();
  ASSERT_NE(bytes.find("monitor"), std::string::npos);  // the check does see the file's text
  EXPECT_EQ(bytes.find(kCommunity), std::string::npos);
  EXPECT_EQ(bytes.find(kAuthKey), std::string::npos);
  EXPECT_EQ(bytes.find(kPrivKey), std::string::npos);
}

TEST_F(CredentialServiceTest, SnmpCredentialsForAnAgentComeDecryptedCommunitiesFirst) {
  const auto v3_id = create(v3({berlin}));
  const auto a = create(v1("first", {berlin}));
  const auto b = create(v1(kCommunity, {berlin, paris}));
  const auto paris_only = create(v1("paris-only", {paris}));
  CredentialInput user;
  user.kind = CredentialKind::kUser;
  user.agent_ids = std::vector<std::int64_t>{berlin};
  user.fields = CredentialFields{{"username", "admin"}, {"password", "pw"}};
  create(user);
  ASSERT_TRUE(service->reorder(CredentialKind::kSnmpV1, {b, a, paris_only}));

  reopen(master_key);  // a restart: everything is read back and decrypted
  const auto snmp = service->snmpCredentialsForAgent(berlin);
  EXPECT_TRUE(snmp.unreadable.empty());
  ASSERT_EQ(snmp.credentials.size(), 3u);
  EXPECT_EQ(snmp.credentials[0].credential_id, b);
  EXPECT_EQ(snmp.credentials[0].community, kCommunity);
  EXPECT_EQ(snmp.credentials[0].version, SnmpVersion::kV2c);
  EXPECT_EQ(snmp.credentials[1].community, "first");
  const auto& u = snmp.credentials[2];
  EXPECT_EQ(u.credential_id, v3_id);
  EXPECT_EQ(u.version, SnmpVersion::kV3);
  EXPECT_EQ(u.access, CredentialAccess::kReadWrite);
  EXPECT_EQ(u.username, "monitor");
  EXPECT_EQ(u.security_level, "authPriv");
  EXPECT_EQ(u.auth_protocol, "SHA-256");
  EXPECT_EQ(u.auth_key, kAuthKey);
  EXPECT_EQ(u.priv_protocol, "AES");
  EXPECT_EQ(u.priv_key, kPrivKey);
  EXPECT_EQ(u.context_name, "ctx");
  EXPECT_TRUE(service->snmpCredentialsForAgent(999).credentials.empty());
}

TEST_F(CredentialServiceTest, EditsKeepOmittedSecretsAndRefuseAKindChange) {
  const auto id = create(v3({berlin}));
  CredentialInput edit;
  edit.fields = CredentialFields{{"authKey", "another-auth-key"}};
  edit.description = "edited";
  clock.advance(1min);
  const auto edited = service->update(id, edit);
  ASSERT_TRUE(edited) << edited.error().message;
  EXPECT_EQ(edited->description, "edited");
  EXPECT_EQ(edited->updated_at, clock.now());
  auto snmp = service->snmpCredentialsForAgent(berlin).credentials.at(0);
  EXPECT_EQ(snmp.auth_key, "another-auth-key");
  EXPECT_EQ(snmp.priv_key, kPrivKey);

  CredentialInput lower;
  lower.fields = CredentialFields{{"securityLevel", "authNoPriv"}};
  const auto lowered = service->update(id, lower);
  ASSERT_TRUE(lowered);
  EXPECT_EQ(lowered->secrets_set, std::vector<std::string>{"authKey"});
  EXPECT_FALSE(lowered->fields.contains("privProtocol"));
  CredentialInput raise;
  raise.fields = CredentialFields{{"securityLevel", "authPriv"}, {"privProtocol", "AES"}};
  EXPECT_EQ(problem(service->update(id, raise)),
            "invalid_input: fields.privKey is required with securityLevel authPriv");

  CredentialInput kind;
  kind.kind = CredentialKind::kSnmpV1;
  EXPECT_EQ(problem(service->update(id, kind)), "invalid_input: kind cannot change (credential " +
                                                    std::to_string(id) +
                                                    " is snmpv3); create a new credential instead");
  CredentialInput unknown_field;
  unknown_field.fields = CredentialFields{{"community", "x"}};
  EXPECT_EQ(problem(service->update(id, unknown_field)).substr(0, 60),
            "invalid_input: fields.community is not a field of snmpv3 cre");
  EXPECT_EQ(service->update(id + 100, edit).error().code, "not_found");
}

TEST_F(CredentialServiceTest, SecretsBoundToTheirRowDoNotOpenElsewhere) {
  const auto a = create(v1("alpha-community", {berlin}));
  const auto b = create(v1("bravo-community", {berlin}));
  service.reset();
  storage.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "m.db").c_str(), &db), SQLITE_OK);
  const auto swap =
      "UPDATE credentials SET sealed_secrets = (SELECT sealed_secrets FROM "
      "credentials WHERE id = " +
      std::to_string(b) + ") WHERE id = " + std::to_string(a);
  ASSERT_EQ(sqlite3_exec(db, swap.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  reopen(master_key);
  const auto snmp = service->snmpCredentialsForAgent(berlin);
  EXPECT_EQ(snmp.unreadable, std::vector<std::int64_t>{a});
  ASSERT_EQ(snmp.credentials.size(), 1u);
  EXPECT_EQ(snmp.credentials[0].community, "bravo-community");
}

TEST_F(CredentialServiceTest, AnotherMasterKeyMakesKeptSecretsUnreadableUntilSentAgain) {
  const auto id = create(v3({berlin}));
  reopen(crypto::SecretBox::generateKey());
  EXPECT_EQ(service->snmpCredentialsForAgent(berlin).unreadable, std::vector<std::int64_t>{id});
  CredentialInput partial;
  partial.fields = CredentialFields{{"authKey", "another-auth-key"}};
  EXPECT_EQ(service->update(id, partial).error().code, "credential_unreadable");
  CredentialInput description_only;
  description_only.description = "secrets untouched";
  EXPECT_TRUE(service->update(id, description_only));
  CredentialInput full;
  full.fields = CredentialFields{{"authKey", "another-auth-key"}, {"privKey", "another-priv-key"}};
  EXPECT_TRUE(service->update(id, full));
  EXPECT_EQ(service->snmpCredentialsForAgent(berlin).credentials.at(0).priv_key,
            "another-priv-key");
}

TEST_F(CredentialServiceTest, ReorderAndRemove) {
  const auto a = create(v1("a-community", {}));
  const auto b = create(v1("b-community", {}));
  const auto refused = service->reorder(CredentialKind::kSnmpV1, {b});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "ids must list every snmpv1 credential exactly once: [" +
                                         std::to_string(a) + ", " + std::to_string(b) + "]");
  const auto ordered = service->reorder(CredentialKind::kSnmpV1, {b, a});
  ASSERT_TRUE(ordered);
  EXPECT_EQ(ordered->at(0).id, b);
  EXPECT_EQ(ordered->at(0).position, 0);
  EXPECT_TRUE(service->remove(b));
  EXPECT_EQ(service->remove(b).error().code, "not_found");
  EXPECT_EQ(service->get(a)->position, 0);
}

}  // namespace
}  // namespace pw::manager
