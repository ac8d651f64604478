// CredentialStore on the real SQLite engine: round trips, order within a kind, Agents.
#include <gtest/gtest.h>

#include "manager/tests/two_agents_fixture.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

class SqliteCredentialStoreTest : public testing::TwoAgentsTest {
 protected:
  std::int64_t add(CredentialKind kind, std::vector<std::int64_t> agents = {},
                   const std::string& description = "") {
    Credential c;
    c.kind = kind;
    c.description = description;
    c.agent_ids = std::move(agents);
    c.fields = {{"version", "v2c"}};
    c.secrets_set = {"community"};
    return storage.createCredential(
        c, [](std::int64_t id) { return "sealed-" + std::to_string(id); }, clock.now());
  }

  std::vector<std::int64_t> ids(std::optional<CredentialKind> kind = std::nullopt) {
    std::vector<std::int64_t> out;
    for (const auto& c : storage.listCredentials(kind)) out.push_back(c.id);
    return out;
  }
};

TEST_F(SqliteCredentialStoreTest, RoundTripsEveryColumnAndSealsWithTheNewId) {
  Credential c;
  c.kind = CredentialKind::kSnmpV3;
  c.description = "Site A";
  c.access = CredentialAccess::kReadWrite;
  c.agent_ids = {paris, berlin};
  c.fields = {{"username", "monitor"}, {"securityLevel", "authPriv"}};
  c.secrets_set = {"authKey", "privKey"};
  std::int64_t sealed_for = 0;
  const auto id = storage.createCredential(
      c,
      [&](std::int64_t new_id) {
        sealed_for = new_id;
        return std::string("opaque");
      },
      clock.now());
  EXPECT_EQ(sealed_for, id);
  const auto stored = storage.findCredential(id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->sealed_secrets, "opaque");
  const auto& got = stored->credential;
  EXPECT_EQ(got.kind, CredentialKind::kSnmpV3);
  EXPECT_EQ(got.description, "Site A");
  EXPECT_EQ(got.access, CredentialAccess::kReadWrite);
  EXPECT_EQ(got.agent_ids, (std::vector<std::int64_t>{berlin, paris}));
  EXPECT_EQ(got.fields, c.fields);
  EXPECT_EQ(got.secrets_set, c.secrets_set);
  EXPECT_EQ(got.position, 0);
  EXPECT_EQ(got.created_at, clock.now());
  EXPECT_FALSE(storage.findCredential(id + 100));
}

TEST_F(SqliteCredentialStoreTest, ListsByKindThenPositionAndKeepsPositionsDense) {
  const auto v3 = add(CredentialKind::kSnmpV3);
  const auto a = add(CredentialKind::kSnmpV1);
  const auto b = add(CredentialKind::kSnmpV1);
  const auto pw = add(CredentialKind::kPassword);
  const auto c = add(CredentialKind::kSnmpV1);
  EXPECT_EQ(ids(), (std::vector<std::int64_t>{a, b, c, v3, pw}));
  EXPECT_EQ(ids(CredentialKind::kSnmpV1), (std::vector<std::int64_t>{a, b, c}));

  EXPECT_TRUE(storage.deleteCredential(a));
  EXPECT_FALSE(storage.deleteCredential(a));
  const auto left = storage.listCredentials(CredentialKind::kSnmpV1);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].position, 0);
  EXPECT_EQ(left[1].position, 1);
  const auto d = add(CredentialKind::kSnmpV1);
  EXPECT_EQ(storage.findCredential(d)->credential.position, 2);
}

TEST_F(SqliteCredentialStoreTest, ReorderTakesExactlyTheKindsCredentials) {
  const auto a = add(CredentialKind::kSnmpV1);
  const auto b = add(CredentialKind::kSnmpV1);
  const auto c = add(CredentialKind::kSnmpV1);
  const auto other = add(CredentialKind::kUser);
  EXPECT_FALSE(storage.reorderCredentials(CredentialKind::kSnmpV1, {c, a}, clock.now()));
  EXPECT_FALSE(storage.reorderCredentials(CredentialKind::kSnmpV1, {c, a, a}, clock.now()));
  EXPECT_FALSE(storage.reorderCredentials(CredentialKind::kSnmpV1, {c, a, other}, clock.now()));
  EXPECT_FALSE(storage.reorderCredentials(CredentialKind::kSnmpV1, {c, a, b, other}, clock.now()));
  EXPECT_EQ(ids(CredentialKind::kSnmpV1), (std::vector<std::int64_t>{a, b, c}));
  EXPECT_TRUE(storage.reorderCredentials(CredentialKind::kSnmpV1, {c, a, b}, clock.now()));
  EXPECT_EQ(ids(CredentialKind::kSnmpV1), (std::vector<std::int64_t>{c, a, b}));
  EXPECT_TRUE(storage.reorderCredentials(CredentialKind::kDomain, {}, clock.now()));
}

TEST_F(SqliteCredentialStoreTest, UpdateReplacesDetailsAndKeepsTheSealUnlessGiven) {
  const auto id = add(CredentialKind::kSnmpV1, {berlin});
  auto c = storage.findCredential(id)->credential;
  c.description = "new";
  c.agent_ids = {paris};
  c.fields = {{"version", "v1"}};
  clock.advance(1min);
  EXPECT_TRUE(storage.updateCredential(c, std::nullopt, clock.now()));
  auto stored = storage.findCredential(id);
  EXPECT_EQ(stored->sealed_secrets, "sealed-" + std::to_string(id));
  EXPECT_EQ(stored->credential.description, "new");
  EXPECT_EQ(stored->credential.agent_ids, std::vector<std::int64_t>{paris});
  EXPECT_EQ(stored->credential.fields.at("version"), "v1");
  EXPECT_EQ(stored->credential.updated_at, clock.now());
  EXPECT_EQ(stored->credential.created_at, clock.now() - 1min);
  EXPECT_TRUE(storage.updateCredential(c, std::string("resealed"), clock.now()));
  EXPECT_EQ(storage.findCredential(id)->sealed_secrets, "resealed");
  c.id = id + 100;
  EXPECT_FALSE(storage.updateCredential(c, std::nullopt, clock.now()));
}

TEST_F(SqliteCredentialStoreTest, AnAgentsCredentialsAndItsDeletion) {
  const auto v3 = add(CredentialKind::kSnmpV3, {berlin});
  const auto shared = add(CredentialKind::kSnmpV1, {berlin, paris});
  const auto paris_only = add(CredentialKind::kSnmpV1, {paris});
  std::vector<std::int64_t> got;
  for (const auto& s : storage.credentialsForAgent(berlin)) got.push_back(s.credential.id);
  EXPECT_EQ(got, (std::vector<std::int64_t>{shared, v3}));

  EXPECT_TRUE(storage.deleteAgent(berlin, clock.now()));
  EXPECT_TRUE(storage.credentialsForAgent(berlin).empty());
  EXPECT_EQ(ids().size(), 3u);  // the credentials stay
  EXPECT_EQ(storage.findCredential(shared)->credential.agent_ids, std::vector<std::int64_t>{paris});
  EXPECT_TRUE(storage.findCredential(v3)->credential.agent_ids.empty());
  EXPECT_EQ(storage.credentialsForAgent(paris).size(), 2u);
  (void)paris_only;
}

}  // namespace
}  // namespace pw::manager
