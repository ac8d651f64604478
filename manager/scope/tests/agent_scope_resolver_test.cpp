#include "manager/scope/agent_scope_resolver.hpp"

#include <gtest/gtest.h>

#include "manager/scope/tests/scope_test_util.hpp"

namespace pw::manager::scope {
namespace {

using testing::ip;
using testing::scopeOf;

DeviceAddress at(std::uint32_t ipv4) {
  return DeviceAddress{ipv4, std::nullopt, std::nullopt};
}
DeviceAddress named(std::string fqdn) {
  return DeviceAddress{std::nullopt, std::nullopt, fqdn};
}

TEST(Resolver, NoScopesResolveNothing) {
  const AgentScopeResolver resolver(std::span<const AgentScope>{});
  EXPECT_FALSE(resolver.resolve(at(ip(10, 0, 0, 1))));
  EXPECT_FALSE(resolver.resolve(named("p.example.com")));
  EXPECT_FALSE(resolver.resolve(DeviceAddress{}));
}

TEST(Resolver, MatchesIpv4RangesAndReportsTheRule) {
  const std::vector<AgentScope> scopes = {scopeOf(1, {"10.0.0.1-10.0.0.200"}),
                                          scopeOf(2, {"10.1.0.0/16", "192.168.1.9"})};
  const AgentScopeResolver resolver(scopes);
  EXPECT_EQ(resolver.resolveAgent(at(ip(10, 0, 0, 1))), 1);
  EXPECT_EQ(resolver.resolveAgent(at(ip(10, 0, 0, 200))), 1);
  EXPECT_EQ(resolver.resolveAgent(at(ip(10, 0, 0, 0))), std::nullopt);
  EXPECT_EQ(resolver.resolveAgent(at(ip(10, 0, 0, 201))), std::nullopt);
  EXPECT_EQ(resolver.resolveAgent(at(ip(10, 1, 255, 255))), 2);
  EXPECT_EQ(resolver.resolveAgent(at(ip(10, 2, 0, 0))), std::nullopt);
  const auto resolution = resolver.resolve(at(ip(192, 168, 1, 9)));
  ASSERT_TRUE(resolution);
  EXPECT_EQ(resolution->agent_id, 2);
  EXPECT_EQ(resolution->kind, MatchKind::kIpv4);
  EXPECT_EQ(resolution->rule, (RuleRef{2, RuleList::kIpv4, 1, "192.168.1.9"}));
  EXPECT_FALSE(resolution->conflict());
  EXPECT_EQ(resolution->explain(), "Agent 2: IPv4 address in \"192.168.1.9\" (IPv4 rules #2)");
}

TEST(Resolver, Ipv4BeatsFqdnAcrossAgents) {
  const std::vector<AgentScope> scopes = {scopeOf(1, {}, {".branch.example.com"}),
                                          scopeOf(2, {"10.0.0.0/24"})};
  const AgentScopeResolver resolver(scopes);
  const DeviceAddress device{ip(10, 0, 0, 7), std::nullopt, "p7.branch.example.com"};
  const auto resolution = resolver.resolve(device);
  ASSERT_TRUE(resolution);
  EXPECT_EQ(resolution->agent_id, 2);
  EXPECT_EQ(resolution->kind, MatchKind::kIpv4);
  // Outside the IPv4 rule the suffix applies.
  EXPECT_EQ(resolver.resolveAgent({ip(10, 0, 1, 7), std::nullopt, "p7.branch.example.com"}), 1);
}

TEST(Resolver, ExplicitHostNameBeatsIpv4AndFqdn) {
  const std::vector<AgentScope> scopes = {
      scopeOf(1, {"10.0.0.7"}, {"p7.branch.example.com"}),
      scopeOf(2, {}, {}, {"10.0.0.7"}),
      scopeOf(3, {"0.0.0.0/0"}, {}, {"P7.Branch.Example.COM."}),
  };
  const AgentScopeResolver resolver(scopes);
  const auto resolution =
      resolver.resolve({ip(10, 0, 0, 7), std::nullopt, "p7.branch.example.com"});
  ASSERT_TRUE(resolution);
  EXPECT_EQ(resolution->agent_id, 3);
  EXPECT_EQ(resolution->kind, MatchKind::kHostName);
  EXPECT_EQ(resolution->rule.list, RuleList::kSpecified);
  // Without the name, the specified address of Agent 2 ties with Agent 1's single address.
  const auto by_address = resolver.resolve(at(ip(10, 0, 0, 7)));
  ASSERT_TRUE(by_address);
  EXPECT_EQ(by_address->agent_id, 1);
  EXPECT_EQ(by_address->tied_agents, std::vector<AgentId>{2});
}

TEST(Resolver, HostNameIsExactNotASuffix) {
  const std::vector<AgentScope> scopes = {scopeOf(1, {}, {}, {"example.com"}),
                                          scopeOf(2, {}, {"com"})};
  const AgentScopeResolver resolver(scopes);
  EXPECT_EQ(resolver.resolveAgent(named("example.com")), 1);
  EXPECT_EQ(resolver.resolveAgent(named("p.example.com")), 2);
}

TEST(Resolver, SmallestIpv4RangeWins) {
  const std::vector<AgentScope> scopes = {
      scopeOf(1, {"10.0.0.0/8"}),
      scopeOf(2, {"10.1.0.0/16"}),
      scopeOf(3, {"10.1.2.0-10.1.2.99"}),
      scopeOf(4, {"10.1.2.0/24"}),
  };
  const AgentScopeResolver resolver(scopes);
  EXPECT_EQ(resolver.resolveAgent(at(ip(10, 9, 9, 9))), 1);
  EXPECT_EQ(resolver.resolveAgent(at(ip(10, 1, 9, 9))), 2);
  EXPECT_EQ(resolver.resolveAgent(at(ip(10, 1, 2, 50))), 3);  // 100 addresses beat 256
  EXPECT_EQ(resolver.resolveAgent(at(ip(10, 1, 2, 100))), 4);
  EXPECT_EQ(resolver.resolveAgent(at(ip(10, 1, 3, 0))), 2);
  EXPECT_EQ(resolver.resolveAgent(at(ip(11, 0, 0, 0))), std::nullopt);
}

TEST(Resolver, LongestSuffixWinsAtLabelBoundaries) {
  const std::vector<AgentScope> scopes = {
      scopeOf(1, {}, {"example.com"}),
      scopeOf(2, {}, {".branch.example.com"}),
  };
  const AgentScopeResolver resolver(scopes);
  EXPECT_EQ(resolver.resolveAgent(named("p.branch.example.com")), 2);
  EXPECT_EQ(resolver.resolveAgent(named("branch.example.com")), 2);
  EXPECT_EQ(resolver.resolveAgent(named("P.Other.EXAMPLE.com.")), 1);
  EXPECT_EQ(resolver.resolveAgent(named("example.com")), 1);
  EXPECT_EQ(resolver.resolveAgent(named("badexample.com")), std::nullopt);
  EXPECT_EQ(resolver.resolveAgent(named("p.badexample.com")), std::nullopt);
  EXPECT_EQ(resolver.resolveAgent(named("p.xbranch.example.com")), 1);
  EXPECT_EQ(resolver.resolveAgent(named("example.com.evil.org")), std::nullopt);
  EXPECT_EQ(resolver.resolveAgent(named("com")), std::nullopt);
  EXPECT_EQ(resolver.resolveAgent(named("")), std::nullopt);
  const auto resolution = resolver.resolve(named("p.branch.example.com"));
  ASSERT_TRUE(resolution);
  EXPECT_EQ(resolution->kind, MatchKind::kFqdnSuffix);
  EXPECT_EQ(resolution->rule.text, ".branch.example.com");
}

TEST(Resolver, TiesGoToTheLowestAgentIdAndAreReported) {
  const std::vector<AgentScope> scopes = {
      scopeOf(9, {"10.0.0.0/24"}, {"example.com"}, {"p.example.com"}),
      scopeOf(5, {"10.0.0.0-10.0.0.255"}, {"EXAMPLE.com."}, {"p.example.com"}),
      scopeOf(7, {"10.0.0.0/24", "10.0.0.0/24"}, {".example.com"}),
  };
  const AgentScopeResolver resolver(scopes);
  const auto by_address = resolver.resolve(at(ip(10, 0, 0, 1)));
  ASSERT_TRUE(by_address);
  EXPECT_EQ(by_address->agent_id, 5);
  EXPECT_TRUE(by_address->conflict());
  EXPECT_EQ(by_address->tied_agents, (std::vector<AgentId>{7, 9}));
  EXPECT_EQ(by_address->explain(),
            "Agent 5: IPv4 address in \"10.0.0.0-10.0.0.255\" (IPv4 rules #1); equally specific "
            "entries of Agent 7, 9 (lowest Agent id wins)");

  const auto by_suffix = resolver.resolve(named("q.example.com"));
  ASSERT_TRUE(by_suffix);
  EXPECT_EQ(by_suffix->agent_id, 5);
  EXPECT_EQ(by_suffix->tied_agents, (std::vector<AgentId>{7, 9}));

  const auto by_name = resolver.resolve(named("p.example.com"));
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->agent_id, 5);
  EXPECT_EQ(by_name->kind, MatchKind::kHostName);
  EXPECT_EQ(by_name->tied_agents, std::vector<AgentId>{9});
}

TEST(Resolver, MoreSpecificEntryInsideATieBreaksIt) {
  const std::vector<AgentScope> scopes = {scopeOf(1, {"10.0.0.0/24"}),
                                          scopeOf(2, {"10.0.0.0/24", "10.0.0.128/25"})};
  const AgentScopeResolver resolver(scopes);
  EXPECT_TRUE(resolver.resolve(at(ip(10, 0, 0, 127)))->conflict());
  const auto upper = resolver.resolve(at(ip(10, 0, 0, 128)));
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->agent_id, 2);
  EXPECT_FALSE(upper->conflict());
}

TEST(Resolver, Ipv6OnlyDevicesAreMatchedByFqdnOnly) {
  const std::vector<AgentScope> scopes = {scopeOf(1, {"0.0.0.0/0"}),
                                          scopeOf(2, {}, {"v6.example.com"})};
  const AgentScopeResolver resolver(scopes);
  EXPECT_EQ(resolver.resolveAgent({std::nullopt, "2001:db8::7", "p.v6.example.com"}), 2);
  EXPECT_EQ(resolver.resolveAgent({std::nullopt, "2001:db8::7", std::nullopt}), std::nullopt);
  EXPECT_EQ(resolver.resolveAgent({std::nullopt, "2001:db8::7", "p.other.org"}), std::nullopt);
}

TEST(Resolver, WholeAddressSpaceAndItsEnds) {
  const std::vector<AgentScope> scopes = {
      scopeOf(1, {"0.0.0.0/0"}),
      scopeOf(2, {"0.0.0.0", "255.255.255.255/32"}),
      scopeOf(3, {"255.255.255.0-255.255.255.254"}),
  };
  const AgentScopeResolver resolver(scopes);
  EXPECT_EQ(resolver.resolveAgent(at(0)), 2);
  EXPECT_EQ(resolver.resolveAgent(at(1)), 1);
  EXPECT_EQ(resolver.resolveAgent(at(ip(128, 0, 0, 0))), 1);
  EXPECT_EQ(resolver.resolveAgent(at(ip(255, 255, 254, 255))), 1);
  EXPECT_EQ(resolver.resolveAgent(at(ip(255, 255, 255, 0))), 3);
  EXPECT_EQ(resolver.resolveAgent(at(ip(255, 255, 255, 254))), 3);
  EXPECT_EQ(resolver.resolveAgent(at(0xFFFFFFFFu)), 2);
}

TEST(Resolver, RangeEndingAtTheTopLeavesNothingAfterIt) {
  const std::vector<AgentScope> scopes = {scopeOf(1, {"255.255.255.255"}), scopeOf(2, {"0.0.0.0"})};
  const AgentScopeResolver resolver(scopes);
  EXPECT_EQ(resolver.resolveAgent(at(0xFFFFFFFFu)), 1);
  EXPECT_EQ(resolver.resolveAgent(at(0xFFFFFFFEu)), std::nullopt);
  EXPECT_EQ(resolver.resolveAgent(at(0)), 2);
  EXPECT_EQ(resolver.resolveAgent(at(1)), std::nullopt);
}

TEST(Resolver, AgreesWithALinearScanOnManyOverlappingRanges) {
  // A brute-force reference for the segment sweep: pseudo-random nested and crossing ranges.
  std::vector<AgentScope> scopes;
  std::uint32_t state = 12345;
  const auto next = [&] { return state = state * 1103515245u + 12345u; };
  for (AgentId agent = 1; agent <= 5; ++agent) {
    AgentScope scope{agent, {}};
    for (int i = 0; i < 40; ++i) {
      ScopeRule rule;
      const std::uint32_t first = (next() >> 16) % 2000;
      rule.range = {first, first + (next() >> 16) % 300};
      rule.text = formatIpv4Range(rule.range);
      rule.index = static_cast<std::size_t>(i);
      scope.rules.push_back(rule);
    }
    scopes.push_back(std::move(scope));
  }
  const AgentScopeResolver resolver(scopes);
  for (std::uint32_t address = 0; address < 2400; ++address) {
    std::optional<std::pair<std::uint64_t, AgentId>> best;
    std::vector<AgentId> tied;
    for (const auto& scope : scopes) {
      for (const auto& rule : scope.rules) {
        if (!rule.range.contains(address)) continue;
        const std::pair candidate{rule.range.size(), scope.agent_id};
        if (!best || candidate.first < best->first ||
            (candidate.first == best->first && candidate.second < best->second)) {
          best = candidate;
        }
      }
    }
    if (best) {
      for (const auto& scope : scopes) {
        for (const auto& rule : scope.rules) {
          if (rule.range.contains(address) && rule.range.size() == best->first &&
              scope.agent_id != best->second &&
              std::find(tied.begin(), tied.end(), scope.agent_id) == tied.end()) {
            tied.push_back(scope.agent_id);
          }
        }
      }
      std::sort(tied.begin(), tied.end());
    }
    const auto resolution = resolver.resolve(at(address));
    ASSERT_EQ(resolution.has_value(), best.has_value()) << address;
    if (!best) continue;
    EXPECT_EQ(resolution->agent_id, best->second) << address;
    EXPECT_EQ(resolution->tied_agents, tied) << address;
  }
}

}  // namespace
}  // namespace pw::manager::scope
