// The history rules of manager/core/monitoring.hpp: daily usage through the counter rules
// (reset, wrap, glitch, gaps), days-to-empty from supply levels, retention bounds and cut-offs.
#include "manager/core/monitoring.hpp"

#include <gtest/gtest.h>

namespace pw::manager {
namespace {

constexpr std::int64_t kDay = 86'400;

DailyCounters day(std::int64_t d, std::optional<std::int64_t> total,
                  std::optional<std::int64_t> colour = std::nullopt) {
  DailyCounters row;
  row.day = d;
  row.read_at = fromUnixSeconds(d * kDay + 3600);
  row.counters.values[0] = total;
  row.counters.values[2] = colour;
  return row;
}

TEST(DailyUsage, CountsIncreasesResetsAndWraps) {
  const std::int64_t near_wrap = (std::int64_t{1} << 32) - 100;
  const auto usage = dailyUsage({day(1, 1000), day(2, 1250), day(3, 40),  // reset: 40 used
                                 day(4, near_wrap), day(5, 50)});         // wrap: 150
  ASSERT_EQ(usage.size(), 5u);
  EXPECT_FALSE(usage[0].used[0].has_value());  // nothing before the first reading
  EXPECT_EQ(usage[1].used[0], 250);
  EXPECT_EQ(usage[1].change[0], "increase");
  EXPECT_EQ(usage[2].used[0], 40);
  EXPECT_EQ(usage[2].change[0], "reset");
  EXPECT_EQ(usage[4].used[0], 150);
  EXPECT_EQ(usage[4].change[0], "wrap");
}

TEST(DailyUsage, AGlitchKeepsTheBaselineAndNothingIsCountedTwice) {
  const auto usage = dailyUsage({day(1, 10'000), day(2, 9'990), day(3, 10'100)});
  EXPECT_EQ(usage[1].used[0], 0);
  EXPECT_EQ(usage[1].change[0], "glitch");
  EXPECT_EQ(usage[2].used[0], 100);  // from 10,000, not from 9,990
}

TEST(DailyUsage, AMissingFieldBreaksTheChainAndIsNeverNegative) {
  const auto usage = dailyUsage({day(1, 100, 50), day(2, 200), day(3, 300, 80)});
  EXPECT_EQ(usage[1].used[0], 100);
  EXPECT_FALSE(usage[1].used[2].has_value());
  EXPECT_FALSE(usage[2].used[2].has_value());  // no guess across the gap
  for (const auto& u : usage) {
    for (const auto& used : u.used) EXPECT_GE(used.value_or(0), 0);
  }
}

SupplyLevelPoint level(double days, std::optional<std::int64_t> percent,
                       std::string state = "value") {
  SupplyLevelPoint p;
  p.read_at = fromUnixSeconds(static_cast<std::int64_t>(days * kDay));
  p.day = static_cast<std::int64_t>(days);
  p.level.index = "1.1";
  p.level.percent = percent;
  p.level.state = std::move(state);
  return p;
}

TEST(DaysToEmpty, ALinearDeclineGivesTheRemainingDays) {
  // 2 % a day, 40 % left: 20 days.
  const auto days = daysToEmpty({level(10, 50), level(11, 48), level(12, 46), level(15, 40)});
  ASSERT_TRUE(days.has_value());
  EXPECT_NEAR(*days, 20.0, 0.01);
}

TEST(DaysToEmpty, OnlyTheHistorySinceTheLastRefillCounts) {
  const auto days =
      daysToEmpty({level(1, 10), level(2, 5), level(3, 100), level(4, 95), level(5, 90)});
  ASSERT_TRUE(days.has_value());
  EXPECT_NEAR(*days, 18.0, 0.01);  // 5 % a day from 90 %
}

TEST(DaysToEmpty, NoHonestEstimateIsEmpty) {
  EXPECT_FALSE(daysToEmpty({}).has_value());
  EXPECT_FALSE(daysToEmpty({level(1, 50), level(1.5, 40)}).has_value());  // too few, < 2 days
  EXPECT_FALSE(daysToEmpty({level(1, 50), level(2, 50), level(3, 50)}).has_value());  // flat
  EXPECT_FALSE(daysToEmpty({level(1, std::nullopt, "some_remaining"),
                            level(2, std::nullopt, "some_remaining"),
                            level(3, std::nullopt, "some_remaining")})
                   .has_value());                           // states never become a rate
  EXPECT_EQ(daysToEmpty({level(1, 3), level(2, 0)}), 0.0);  // empty now
}

TEST(Retention, BoundsAndCutoffs) {
  EXPECT_EQ(validateRetention({}), "");
  EXPECT_EQ(validateRetention({0, 10, 10}), "statusHistoryDays must be between 1 and 3650");
  EXPECT_EQ(validateRetention({10, 10, 3651}), "supplyDays must be between 1 and 3650");
  FakeClock clock;
  clock.set(fromUnixSeconds(1000 * kDay + 5));
  const auto cut = purgeCutoffs({7, 30, 60}, clock.now());
  EXPECT_EQ(toUnixSeconds(cut.status_edges_before), 993 * kDay + 5);
  EXPECT_EQ(cut.counter_day_before, 970);
  EXPECT_EQ(cut.supply_day_before, 940);
}

TEST(DayOf, IsTheUtcDay) {
  EXPECT_EQ(dayOf(fromUnixSeconds(0)), 0);
  EXPECT_EQ(dayOf(fromUnixSeconds(kDay - 1)), 0);
  EXPECT_EQ(dayOf(fromUnixSeconds(kDay)), 1);
  EXPECT_EQ(dayOf(fromUnixSeconds(-1)), -1);
}

}  // namespace
}  // namespace pw::manager
