#include "manager/scope/scope_overlap.hpp"

#include <gtest/gtest.h>

#include "manager/scope/tests/scope_test_util.hpp"

namespace pw::manager::scope {
namespace {

using testing::ip;
using testing::scopeOf;

TEST(OverlapsWithin, ReportsOverlappingIpv4EntriesWithTheSharedAddresses) {
  const auto scope =
      scopeOf(1, {"10.0.0.0/24", "10.0.1.0/24", "10.0.0.100-10.0.1.10"}, {}, {"10.0.0.5"});
  const auto report = findOverlapsWithin(scope);
  EXPECT_FALSE(report.truncated);
  ASSERT_EQ(report.overlaps.size(), 3u);
  EXPECT_EQ(report.overlaps[0].kind, OverlapKind::kIpv4);
  EXPECT_EQ(report.overlaps[0].first.text, "10.0.0.0/24");
  EXPECT_EQ(report.overlaps[0].second.text, "10.0.0.5");
  EXPECT_EQ(report.overlaps[0].second.list, RuleList::kSpecified);
  EXPECT_EQ(report.overlaps[0].common, (Ipv4Range{ip(10, 0, 0, 5), ip(10, 0, 0, 5)}));
  EXPECT_EQ(report.overlaps[1].first.text, "10.0.0.0/24");
  EXPECT_EQ(report.overlaps[1].second.text, "10.0.0.100-10.0.1.10");
  EXPECT_EQ(report.overlaps[1].common, (Ipv4Range{ip(10, 0, 0, 100), ip(10, 0, 0, 255)}));
  EXPECT_EQ(report.overlaps[2].first.text, "10.0.0.100-10.0.1.10");
  EXPECT_EQ(report.overlaps[2].second.text, "10.0.1.0/24");
  EXPECT_EQ(report.overlaps[2].common, (Ipv4Range{ip(10, 0, 1, 0), ip(10, 0, 1, 10)}));
  EXPECT_EQ(report.overlaps[1].description(),
            "\"10.0.0.0/24\" (Agent 1, IPv4 rules #1) overlaps \"10.0.0.100-10.0.1.10\" (Agent 1, "
            "IPv4 rules #3) at 10.0.0.100-10.0.0.255");
}

TEST(OverlapsWithin, AdjacentRangesDoNotOverlap) {
  const auto scope = scopeOf(1, {"10.0.0.0/25", "10.0.0.128/25", "10.0.1.0-10.0.1.9"});
  EXPECT_TRUE(findOverlapsWithin(scope).overlaps.empty());
}

TEST(OverlapsWithin, DuplicatesAndNestedNames) {
  const auto scope =
      scopeOf(1, {"10.0.0.1", "10.0.0.1"}, {"example.com", "b.example.com", ".EXAMPLE.com"},
              {"p1.b.example.com", "p1.b.example.com."});
  const auto report = findOverlapsWithin(scope);
  std::vector<OverlapKind> kinds;
  for (const auto& overlap : report.overlaps) kinds.push_back(overlap.kind);
  // 1 IPv4 duplicate; suffixes: example.com = .EXAMPLE.com, b.example.com below both;
  // hosts: the duplicate, and each of the two below all three suffixes.
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), OverlapKind::kIpv4), 1);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), OverlapKind::kFqdnSuffix), 3);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), OverlapKind::kHostName), 1);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), OverlapKind::kHostNameUnderSuffix), 6);
}

TEST(OverlapsWithin, SuffixesOnlyOverlapAtLabelBoundaries) {
  const auto scope = scopeOf(1, {}, {"example.com", "badexample.com"}, {"printer.badexample.com"});
  const auto report = findOverlapsWithin(scope);
  ASSERT_EQ(report.overlaps.size(), 1u);
  EXPECT_EQ(report.overlaps[0].kind, OverlapKind::kHostNameUnderSuffix);
  EXPECT_EQ(report.overlaps[0].second.text, "badexample.com");
}

TEST(OverlapsAcross, ReportsOnlyPairsOfDifferentAgents) {
  const std::vector<AgentScope> scopes = {
      scopeOf(1, {"10.0.0.0/16", "10.0.5.0/24"}, {"example.com"}),
      scopeOf(2, {"10.0.5.7"}, {"branch.example.com"}, {"p.example.com"}),
      scopeOf(3, {"192.168.0.0/16"}, {"other.org"}),
  };
  const auto report = findOverlapsAcross(scopes);
  ASSERT_EQ(report.overlaps.size(), 4u);
  EXPECT_EQ(report.overlaps[0].kind, OverlapKind::kIpv4);
  EXPECT_EQ(report.overlaps[0].first, (RuleRef{1, RuleList::kIpv4, 0, "10.0.0.0/16"}));
  EXPECT_EQ(report.overlaps[0].second, (RuleRef{2, RuleList::kIpv4, 0, "10.0.5.7"}));
  EXPECT_EQ(report.overlaps[1].second.text, "10.0.5.7");
  EXPECT_EQ(report.overlaps[1].first.text, "10.0.5.0/24");
  EXPECT_EQ(report.overlaps[2].kind, OverlapKind::kFqdnSuffix);
  EXPECT_EQ(report.overlaps[2].first.text, "branch.example.com");
  EXPECT_EQ(report.overlaps[2].second.text, "example.com");
  EXPECT_EQ(report.overlaps[3].kind, OverlapKind::kHostNameUnderSuffix);
  EXPECT_EQ(report.overlaps[3].first.agent_id, 2);
  EXPECT_EQ(report.overlaps[3].second.agent_id, 1);
  EXPECT_EQ(report.overlaps[3].description(),
            "\"p.example.com\" (Agent 2, specified addresses #1) is also covered by "
            "\"example.com\" (Agent 1, FQDN rules #1); the host name wins");
}

TEST(OverlapsAcross, SameHostNameInTwoAgents) {
  const std::vector<AgentScope> scopes = {scopeOf(4, {}, {}, {"p.example.com"}),
                                          scopeOf(3, {}, {}, {"P.Example.com."})};
  const auto report = findOverlapsAcross(scopes);
  ASSERT_EQ(report.overlaps.size(), 1u);
  EXPECT_EQ(report.overlaps[0].kind, OverlapKind::kHostName);
}

TEST(OverlapsAcross, LimitTruncatesTheReport) {
  std::vector<std::string> many;
  for (int i = 0; i < 50; ++i) many.push_back("10.0.0." + std::to_string(i));
  const std::vector<AgentScope> scopes = {scopeOf(1, {"0.0.0.0/0"}), scopeOf(2, many)};
  const auto all = findOverlapsAcross(scopes);
  EXPECT_EQ(all.overlaps.size(), 50u);
  EXPECT_FALSE(all.truncated);
  const auto some = findOverlapsAcross(scopes, 10);
  EXPECT_EQ(some.overlaps.size(), 10u);
  EXPECT_TRUE(some.truncated);
}

TEST(OverlapsAcross, RangesTouchingTheEndsOfTheAddressSpace) {
  const std::vector<AgentScope> scopes = {
      scopeOf(1, {"0.0.0.0", "255.255.255.255"}),
      scopeOf(2, {"0.0.0.0-0.0.0.10", "255.255.255.0/24"}),
  };
  const auto report = findOverlapsAcross(scopes);
  ASSERT_EQ(report.overlaps.size(), 2u);
  EXPECT_EQ(report.overlaps[0].common, (Ipv4Range{0, 0}));
  EXPECT_EQ(report.overlaps[1].common, (Ipv4Range{0xFFFFFFFFu, 0xFFFFFFFFu}));
}

}  // namespace
}  // namespace pw::manager::scope
