// ScopeService on the real SQLite engine: validation naming the entry, overlaps refused with
// details, resolution and sweep plans, and what an Agent's deletion leaves behind.
#include "manager/services/scope_service.hpp"

#include <gtest/gtest.h>

#include "manager/tests/two_agents_fixture.hpp"

namespace pw::manager {
namespace {

class ScopeServiceTest : public testing::TwoAgentsTest {
 protected:
  ScopeService scopes{storage, storage};

  static AgentScopeSettings scope(std::vector<std::string> ipv4, std::vector<std::string> fqdn = {},
                                  std::vector<std::string> addresses = {},
                                  std::vector<std::string> hosts = {},
                                  DiscoveryMethod method = DiscoveryMethod::kScope) {
    return {std::move(ipv4), std::move(fqdn), method, std::move(addresses), std::move(hosts)};
  }

  void put(std::int64_t agent, const AgentScopeSettings& s) {
    const auto stored = scopes.put(agent, s);
    ASSERT_TRUE(stored) << stored.error().problem.message;
  }
};

TEST_F(ScopeServiceTest, AnAgentStartsWithAnEmptyScopeAndGetsBackWhatWasStored) {
  EXPECT_EQ(scopes.get(berlin).value(), AgentScopeSettings{});
  EXPECT_EQ(scopes.get(999).error().code, "not_found");
  const auto stored =
      scopes.put(berlin, scope({" 10.0.0.0/24 ", "10.1.0.1-10.1.0.50"}, {".Printers.Example.COM."},
                               {"10.9.0.0/28"}, {"MFP1.example.com"}, DiscoveryMethod::kSpecified));
  ASSERT_TRUE(stored);
  const auto expected = scope({"10.0.0.0/24", "10.1.0.1-10.1.0.50"}, {"printers.example.com"},
                              {"10.9.0.0/28"}, {"mfp1.example.com"}, DiscoveryMethod::kSpecified);
  EXPECT_EQ(stored.value(), expected);
  EXPECT_EQ(scopes.get(berlin).value(), expected);
  EXPECT_EQ(scopes.put(999, expected).error().problem.code, "not_found");
}

TEST_F(ScopeServiceTest, EveryBadEntryIsNamedByItsField) {
  const auto refused =
      scopes.put(berlin, scope({"10.0.0.1", "10.0.0.300", "10.0.0.1"}, {"a.example", "A.example."},
                               {"printer.example.com", "fe80::1"}, {"10.0.0.9"}));
  ASSERT_FALSE(refused);
  const auto& r = refused.error();
  EXPECT_EQ(r.problem.code, "invalid_input");
  std::vector<std::string> fields;
  for (const auto& e : r.errors) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"ipv4[1]", "ipv4[2]", "fqdnSuffixes[1]",
                                              "discovery.addresses[0]", "discovery.addresses[1]",
                                              "discovery.hostNames[0]"}));
  EXPECT_EQ(r.errors[0].message, "ipv4[1]: \"10.0.0.300\": not an IPv4 address");
  EXPECT_EQ(r.errors[1].message, "ipv4[2]: \"10.0.0.1\" repeats ipv4[0]");
  EXPECT_EQ(r.errors[2].message, "fqdnSuffixes[1]: \"A.example.\" repeats fqdnSuffixes[0]");
  EXPECT_EQ(r.errors[3].message,
            "discovery.addresses[0]: \"printer.example.com\" is a host name; host names belong "
            "in discovery.hostNames");
  EXPECT_EQ(r.errors[5].message,
            "discovery.hostNames[0]: \"10.0.0.9\" is IPv4 text; addresses belong in "
            "discovery.addresses");
  EXPECT_EQ(r.problem.message, r.errors[0].message + " (and 5 more)");
  EXPECT_EQ(scopes.get(berlin).value(), AgentScopeSettings{});  // nothing stored
}

TEST_F(ScopeServiceTest, OverlapsWithAnotherAgentAreRefusedWithDetails) {
  put(berlin, scope({"10.0.0.0/24"}, {"example.com"}, {"10.5.0.1"}, {"mfp1.example.com"}));
  const auto refused =
      scopes.put(paris, scope({"10.0.0.128/25", "10.1.0.0/24"}, {"Example.com", "a.example.com"},
                              {"10.5.0.0/30"}, {"MFP1.example.com"}));
  ASSERT_FALSE(refused);
  const auto& r = refused.error();
  EXPECT_EQ(r.problem.code, "scope_overlap");
  EXPECT_EQ(r.problem.kind, ErrorKind::kConflict);
  ASSERT_EQ(r.conflicts.size(), 4u);  // a.example.com under example.com is allowed
  std::vector<std::string> seen;
  for (const auto& c : r.conflicts) {
    EXPECT_EQ(c.agent_id, berlin);
    EXPECT_EQ(c.agent_name, "Berlin");
    seen.push_back(c.field + " " + c.rule + " / " + c.other_rule);
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen,
            (std::vector<std::string>{"discovery.addresses[0] 10.5.0.0/30 / 10.5.0.1",
                                      "discovery.hostNames[0] MFP1.example.com / mfp1.example.com",
                                      "fqdnSuffixes[0] Example.com / example.com",
                                      "ipv4[0] 10.0.0.128/25 / 10.0.0.0/24"}));
  EXPECT_EQ(scopes.get(paris).value(), AgentScopeSettings{});
  put(paris, scope({"10.0.1.0/24"}, {"a.example.com"}, {"10.0.0.7"}));  // pins inside a rule
  // The Agent's own entries may overlap each other; storing it again is no conflict.
  put(berlin, scope({"10.0.0.0/24", "10.0.0.5"}, {"example.com"}));
}

TEST_F(ScopeServiceTest, ResolvesHostNamesThenIpv4ThenSuffixes) {
  put(berlin, scope({"10.0.0.0/16"}, {"example.com"}, {}, {"mfp9.lab.example.com"}));
  put(paris, scope({"10.1.0.0/24"}, {"lab.example.com"}));
  const auto by_ip = scopes.resolveAgent("10.1.0.20");
  ASSERT_TRUE(by_ip);
  EXPECT_EQ(by_ip->agent_id, paris);
  EXPECT_EQ(by_ip->match, "ipv4");
  EXPECT_EQ(by_ip->field, "ipv4[0]");
  EXPECT_EQ(scopes.resolveAgent("10.0.9.9")->agent_id, berlin);
  EXPECT_EQ(scopes.resolveAgent("mfp2.lab.example.com")->agent_id, paris);  // longest suffix
  EXPECT_EQ(scopes.resolveAgent("mfp2.example.com")->agent_id, berlin);
  const auto pinned = scopes.resolveAgent("MFP9.lab.example.com");
  ASSERT_TRUE(pinned);
  EXPECT_EQ(pinned->agent_id, berlin);
  EXPECT_EQ(pinned->match, "hostName");
  EXPECT_EQ(pinned->field, "discovery.hostNames[0]");
  EXPECT_EQ(pinned->rule, "mfp9.lab.example.com");
  EXPECT_FALSE(scopes.resolveAgent("192.168.1.1"));
  EXPECT_FALSE(scopes.resolveAgent("printer.elsewhere.org"));
  EXPECT_FALSE(scopes.resolveAgent("fe80::1"));
}

TEST_F(ScopeServiceTest, SpecifiedEntriesPinDevicesInsideAnotherAgentsRules) {
  put(berlin, scope({"10.0.3.0/28"}, {"example.com"}));
  // A specified range larger than Berlin's rule still wins inside it: specified entries pin.
  put(paris, scope({}, {}, {"10.0.3.0/24"}, {"mfp.example.com"}));
  const auto r = scopes.resolveAgent("10.0.3.5");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->agent_id, paris);
  EXPECT_EQ(r->match, "ipv4");
  EXPECT_EQ(r->field, "discovery.addresses[0]");
  EXPECT_EQ(scopes.resolveAgent("mfp.example.com")->agent_id, paris);
  EXPECT_EQ(scopes.resolveAgent("other.example.com")->agent_id, berlin);
  // The method does not matter for who manages a device.
  put(paris, scope({}, {}, {"10.0.3.0/24"}, {"mfp.example.com"}, DiscoveryMethod::kSpecified));
  EXPECT_EQ(scopes.resolveAgent("10.0.3.5")->agent_id, paris);
}

TEST_F(ScopeServiceTest, TheResolverFollowsChangesAndAgentDeletion) {
  put(berlin, scope({"10.0.0.0/24"}));
  EXPECT_EQ(scopes.resolveAgent("10.0.0.1")->agent_id, berlin);
  put(berlin, scope({"10.0.1.0/24"}));
  EXPECT_FALSE(scopes.resolveAgent("10.0.0.1"));
  EXPECT_EQ(scopes.resolveAgent("10.0.1.1")->agent_id, berlin);
  storage.deleteAgent(berlin, clock.now());
  EXPECT_FALSE(scopes.resolveAgent("10.0.1.1"));
  put(paris, scope({"10.0.1.0/24"}));  // the range is free again
}

TEST_F(ScopeServiceTest, SweepPlansFollowTheDiscoveryMethod) {
  put(berlin, scope({"10.0.0.0/30", "10.0.0.2-10.0.0.5"}, {"example.com"}, {"10.9.0.1"},
                    {"mfp1.example.com"}));
  auto plan = scopes.sweepPlanForAgent(berlin);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->ranges, (std::vector<std::string>{"10.0.0.0-10.0.0.5"}));
  EXPECT_EQ(plan->addresses.size(), 6u);
  EXPECT_EQ(plan->addresses.front(), 0x0A000000u);
  EXPECT_EQ(plan->host_names, std::vector<std::string>{"mfp1.example.com"});

  put(berlin, scope({"10.0.0.0/30"}, {}, {"10.9.0.1", "10.9.0.2"}, {"mfp1.example.com"},
                    DiscoveryMethod::kSpecified));
  plan = scopes.sweepPlanForAgent(berlin);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->ranges, (std::vector<std::string>{"10.9.0.1-10.9.0.2"}));
  EXPECT_EQ(plan->addresses, (std::vector<std::uint32_t>{0x0A090001u, 0x0A090002u}));
  EXPECT_EQ(plan->host_names, std::vector<std::string>{"mfp1.example.com"});

  put(berlin, scope({"10.0.0.0/8"}));
  EXPECT_EQ(scopes.sweepPlanForAgent(berlin).error().code, "scope_too_large");
  EXPECT_EQ(scopes.sweepPlanForAgent(999).error().code, "not_found");
  EXPECT_TRUE(scopes.sweepPlanForAgent(paris)->addresses.empty());
}

}  // namespace
}  // namespace pw::manager
