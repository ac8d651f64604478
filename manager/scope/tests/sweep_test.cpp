#include "manager/scope/sweep.hpp"

#include <gtest/gtest.h>

#include "manager/scope/tests/scope_test_util.hpp"

namespace pw::manager::scope {
namespace {

using testing::ip;
using testing::scopeOf;

TEST(Sweep, ExpandsDeduplicatesAndOrders) {
  const auto scope = scopeOf(1, {"10.0.0.8/30", "10.0.0.1-10.0.0.3", "10.0.0.10"}, {"example.com"},
                             {"10.0.0.2", "p.example.com"});
  const auto plan = expandForSweep(scope.rules);
  ASSERT_TRUE(plan.ok()) << plan.error;
  EXPECT_EQ(plan.addresses, (std::vector<std::uint32_t>{
                                ip(10, 0, 0, 1), ip(10, 0, 0, 2), ip(10, 0, 0, 3), ip(10, 0, 0, 8),
                                ip(10, 0, 0, 9), ip(10, 0, 0, 10), ip(10, 0, 0, 11)}));
}

TEST(Sweep, MergesOverlappingAndAdjacentRanges) {
  const auto scope = scopeOf(1, {"10.0.0.0/25", "10.0.0.128/25", "10.0.0.100-10.0.1.5"});
  const auto merged = mergeIpv4Ranges(scope.rules);
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0], (Ipv4Range{ip(10, 0, 0, 0), ip(10, 0, 1, 5)}));
  EXPECT_EQ(expandForSweep(scope.rules).addresses.size(), 262u);
}

TEST(Sweep, NoIpv4EntriesMeansNothingToProbe) {
  const auto scope = scopeOf(1, {}, {"example.com"});
  const auto plan = expandForSweep(scope.rules);
  EXPECT_TRUE(plan.ok());
  EXPECT_TRUE(plan.addresses.empty());
}

TEST(Sweep, DefaultLimitAllowsFourSlash16s) {
  const auto four = scopeOf(1, {"10.0.0.0/14"});
  const auto plan = expandForSweep(four.rules);
  ASSERT_TRUE(plan.ok()) << plan.error;
  EXPECT_EQ(plan.addresses.size(), kDefaultSweepLimit);
  EXPECT_EQ(plan.addresses.front(), ip(10, 0, 0, 0));
  EXPECT_EQ(plan.addresses.back(), ip(10, 3, 255, 255));

  const auto one_more = scopeOf(1, {"10.0.0.0/14", "10.4.0.0"});
  const auto refused = expandForSweep(one_more.rules);
  EXPECT_FALSE(refused.ok());
  EXPECT_TRUE(refused.addresses.empty());
  EXPECT_EQ(refused.error,
            "the scope covers 262145 IPv4 addresses, more than the 262144 a sweep may probe; the "
            "widest entry is \"10.0.0.0/14\"");
}

TEST(Sweep, LimitCountsAddressesOnceAndIsInclusive) {
  const auto scope = scopeOf(1, {"10.0.0.0/30", "10.0.0.1-10.0.0.4"});
  EXPECT_TRUE(expandForSweep(scope.rules, 5).ok());
  EXPECT_FALSE(expandForSweep(scope.rules, 4).ok());
}

TEST(Sweep, WholeAddressSpaceIsRefusedWithoutAllocating) {
  const auto scope = scopeOf(1, {"0.0.0.0/0"});
  const auto plan = expandForSweep(scope.rules);
  EXPECT_FALSE(plan.ok());
  EXPECT_NE(plan.error.find("4294967296"), std::string::npos) << plan.error;
}

TEST(Sweep, EndsOfTheAddressSpace) {
  const auto scope = scopeOf(1, {"255.255.255.252/30", "0.0.0.0-0.0.0.1", "255.255.255.255"});
  const auto plan = expandForSweep(scope.rules);
  ASSERT_TRUE(plan.ok()) << plan.error;
  EXPECT_EQ(plan.addresses,
            (std::vector<std::uint32_t>{0, 1, 0xFFFFFFFCu, 0xFFFFFFFDu, 0xFFFFFFFEu, 0xFFFFFFFFu}));
}

}  // namespace
}  // namespace pw::manager::scope
