// Region membership and overlap rules (manager/core/region.hpp), on parsed rules.
#include <gtest/gtest.h>

#include "common/core/ipv4.hpp"
#include "manager/core/region.hpp"

namespace pw::manager {
namespace {

RegionRule ipv4(const char* first, const char* last, RegionRuleType type = RegionRuleType::kRange) {
  return {type, std::string(first) + "-" + last, *parseIpv4(first), *parseIpv4(last)};
}
RegionRule address(const char* text) {
  return {RegionRuleType::kAddress, text, *parseIpv4(text), *parseIpv4(text)};
}
RegionRule suffix(const char* text) {
  return {RegionRuleType::kSuffix, text};
}
Region region(std::int64_t id, std::string name, std::vector<RegionRule> rules) {
  return {id, std::move(name), "", "UTC", std::move(rules)};
}

TEST(RegionRuleType, NamesRoundTrip) {
  for (const auto type : {RegionRuleType::kAddress, RegionRuleType::kRange, RegionRuleType::kCidr,
                          RegionRuleType::kSuffix}) {
    EXPECT_EQ(regionRuleTypeFromString(toString(type)), type);
  }
  EXPECT_FALSE(regionRuleTypeFromString("ipv6"));
}

TEST(RegionMembership, AnIpv4RuleHoldsItsAddressesOnly) {
  const std::vector<Region> regions{region(1, "Paris", {ipv4("10.1.0.0", "10.1.255.255")}),
                                    region(2, "Lyon", {address("10.2.0.7")})};
  const RegionMembership m(regions);
  EXPECT_EQ(m.regionOf("10.1.0.0", ""), 1);
  EXPECT_EQ(m.regionOf("10.1.255.255", ""), 1);
  EXPECT_EQ(m.regionOf("10.2.0.7", ""), 2);
  EXPECT_FALSE(m.regionOf("10.2.0.8", ""));
  EXPECT_FALSE(m.regionOf("10.0.255.255", ""));
  EXPECT_FALSE(m.regionOf("", ""));
}

TEST(RegionMembership, RangesOfOneRegionMayOverlapEachOther) {
  const std::vector<Region> regions{
      region(1, "Paris",
             {ipv4("10.0.0.0", "10.0.0.255"), ipv4("10.0.0.10", "10.0.0.20"),
              ipv4("10.0.0.200", "10.0.1.50")}),
      region(2, "Lyon", {ipv4("10.0.1.51", "10.0.1.60")})};
  const RegionMembership m(regions);
  EXPECT_EQ(m.regionOf("10.0.0.100", ""), 1);  // after the nested range, inside the first
  EXPECT_EQ(m.regionOf("10.0.1.50", ""), 1);
  EXPECT_EQ(m.regionOf("10.0.1.51", ""), 2);
}

TEST(RegionMembership, SuffixesMatchWholeLabelsIgnoringCase) {
  const std::vector<Region> regions{region(1, "Site", {suffix("site.example")})};
  const RegionMembership m(regions);
  EXPECT_EQ(m.regionOf("", "p1.site.example"), 1);
  EXPECT_EQ(m.regionOf("", "P1.Site.Example."), 1);
  EXPECT_EQ(m.regionOf("", "site.example"), 1);
  EXPECT_FALSE(m.regionOf("", "xsite.example"));
  EXPECT_FALSE(m.regionOf("", "site.example.org"));
  EXPECT_FALSE(m.regionOf("", "example"));
}

TEST(RegionMembership, TheLongestSuffixWins) {
  const std::vector<Region> regions{region(1, "Country", {suffix("example.com")}),
                                    region(2, "City", {suffix("tokyo.example.com")})};
  const RegionMembership m(regions);
  EXPECT_EQ(m.regionOf("", "p.tokyo.example.com"), 2);
  EXPECT_EQ(m.regionOf("", "p.osaka.example.com"), 1);
}

TEST(RegionMembership, Ipv4RulesWinOverSuffixes) {
  const std::vector<Region> regions{region(1, "ByAddress", {ipv4("10.0.0.0", "10.0.0.255")}),
                                    region(2, "ByName", {suffix("site.example")})};
  const RegionMembership m(regions);
  EXPECT_EQ(m.regionOf("10.0.0.5", "p1.site.example"), 1);
  EXPECT_EQ(m.regionOf("10.9.0.5", "p1.site.example"), 2);  // no IPv4 rule holds it
}

TEST(RegionMembership, Ipv6DevicesMatchBySuffixOnly) {
  const std::vector<Region> regions{region(1, "All", {ipv4("0.0.0.0", "255.255.255.255")}),
                                    region(2, "ByName", {suffix("site.example")})};
  const RegionMembership m(regions);
  EXPECT_EQ(m.regionOf("2001:db8::5", "p1.site.example"), 2);
  EXPECT_FALSE(m.regionOf("2001:db8::5", "p1.other.example"));
  EXPECT_FALSE(m.regionOf("::ffff:10.0.0.1", ""));
}

TEST(RegionOverlaps, SharedAddressesAndEqualSuffixesAcrossRegions) {
  const std::vector<Region> stored{
      region(1, "Paris", {ipv4("10.1.0.0", "10.1.0.255"), suffix("paris.example")}),
      region(2, "Lyon", {address("10.2.0.1")})};
  const auto candidate =
      region(0, "New",
             {ipv4("10.1.0.255", "10.1.1.10"), address("10.2.0.2"), suffix("paris.example"),
              suffix("x.paris.example"), address("10.2.0.1")});
  const auto overlaps = findRegionOverlaps(candidate, stored);
  ASSERT_EQ(overlaps.size(), 3u);
  EXPECT_EQ(overlaps[0].rule_index, 0u);
  EXPECT_EQ(overlaps[0].other_region_name, "Paris");
  EXPECT_EQ(overlaps[0].other_rule, "10.1.0.0-10.1.0.255");
  EXPECT_EQ(overlaps[1].rule_index, 2u);  // the same suffix
  EXPECT_EQ(overlaps[1].other_region_id, 1);
  EXPECT_EQ(overlaps[2].rule_index, 4u);
  EXPECT_EQ(overlaps[2].other_region_name, "Lyon");
}

TEST(RegionOverlaps, ARegionIsNotCheckedAgainstItsStoredSelf) {
  const std::vector<Region> stored{region(1, "Paris", {ipv4("10.1.0.0", "10.1.0.255")})};
  const auto edited = region(1, "Paris", {ipv4("10.1.0.0", "10.1.1.255")});
  EXPECT_TRUE(findRegionOverlaps(edited, stored).empty());
}

TEST(DeviceScope, AllowsItsRegionsOnly) {
  EXPECT_TRUE(DeviceScope::all().allows(std::nullopt));
  EXPECT_TRUE(DeviceScope::all().allows(3));
  const DeviceScope scoped{std::vector<std::int64_t>{1, 3}};
  EXPECT_TRUE(scoped.allows(3));
  EXPECT_FALSE(scoped.allows(2));
  EXPECT_FALSE(scoped.allows(std::nullopt));
}

}  // namespace
}  // namespace pw::manager
