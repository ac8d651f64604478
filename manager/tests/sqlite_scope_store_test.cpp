// ScopeStore on the real SQLite engine: round trips, the revision, Agent deletion.
#include <gtest/gtest.h>

#include "manager/tests/two_agents_fixture.hpp"

namespace pw::manager {
namespace {

class SqliteScopeStoreTest : public testing::TwoAgentsTest {
 protected:
  static AgentScopeSettings sample() {
    AgentScopeSettings s;
    s.ipv4 = {"10.0.0.0/24", "10.1.0.1-10.1.0.50", "10.2.0.7"};
    s.fqdn_suffixes = {"printers.example.com"};
    s.method = DiscoveryMethod::kSpecified;
    s.addresses = {"10.9.0.0/28"};
    s.host_names = {"mfp1.example.com", "mfp0.example.com"};
    return s;
  }
};

TEST_F(SqliteScopeStoreTest, RoundTripsInEntryOrder) {
  EXPECT_FALSE(storage.findAgentScope(berlin));
  EXPECT_TRUE(storage.saveAgentScope(berlin, sample()));
  EXPECT_EQ(storage.findAgentScope(berlin), sample());

  AgentScopeSettings smaller;
  smaller.ipv4 = {"192.168.0.1"};
  EXPECT_TRUE(storage.saveAgentScope(berlin, smaller));
  EXPECT_EQ(storage.findAgentScope(berlin), smaller);
  EXPECT_TRUE(storage.saveAgentScope(paris, sample()));
  const auto all = storage.listAgentScopes();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], std::make_pair(berlin, smaller));
  EXPECT_EQ(all[1], std::make_pair(paris, sample()));
  EXPECT_FALSE(storage.saveAgentScope(paris + 100, sample()));
}

TEST_F(SqliteScopeStoreTest, TheRevisionMovesOnEverySaveAndOnAgentDeletion) {
  const auto r0 = storage.scopeRevision();
  storage.saveAgentScope(berlin, sample());
  const auto r1 = storage.scopeRevision();
  EXPECT_NE(r1, r0);
  storage.saveAgentScope(berlin, sample());  // an update also counts
  const auto r2 = storage.scopeRevision();
  EXPECT_NE(r2, r1);
  storage.deleteAgent(paris, clock.now());  // had no scope: nothing changes
  EXPECT_EQ(storage.scopeRevision(), r2);
  storage.deleteAgent(berlin, clock.now());
  EXPECT_NE(storage.scopeRevision(), r2);
  EXPECT_FALSE(storage.findAgentScope(berlin));
  EXPECT_TRUE(storage.listAgentScopes().empty());
}

}  // namespace
}  // namespace pw::manager
