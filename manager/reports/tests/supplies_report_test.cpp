// The consumables report's rules on known level histories: latest level per supply, empty/low
// by the threshold, the forecast from core daysToEmpty, and the order list by model and supply.
#include "manager/reports/supplies_report.hpp"

#include <gtest/gtest.h>

namespace pw::manager::reports {
namespace {

constexpr std::int64_t kDay = 86'400;

SupplyLevelPoint point(std::int64_t day, const char* index, const char* description,
                       std::optional<std::int64_t> percent, const char* state = "value") {
  SupplyLevelPoint p;
  p.day = day;
  p.read_at = fromUnixSeconds(day * kDay + 3600);
  p.level = {index, description, "black", state, percent};
  return p;
}

TEST(SuppliesReport, LatestLevelConditionAndForecast) {
  // Toner falls 5 points a day: 40, 35, 30 -> empty in 6 days. Drum says only "some remaining".
  const auto supplies = currentSupplies(
      {point(102, "1.1", "Toner", 30), point(100, "1.1", "Toner", 40),
       point(101, "1.1", "Toner", 35), point(102, "1.2", "Drum", std::nullopt, "some_remaining")},
      10);
  ASSERT_EQ(supplies.size(), 2u);
  EXPECT_EQ(supplies[0].level.percent, 30);
  EXPECT_EQ(supplies[0].condition, SupplyCondition::kOk);
  ASSERT_TRUE(supplies[0].days_to_empty);
  EXPECT_NEAR(*supplies[0].days_to_empty, 6.0, 0.01);
  EXPECT_TRUE(needsOrder(supplies[0], 30));
  EXPECT_FALSE(needsOrder(supplies[0], 5));
  EXPECT_EQ(supplies[1].condition, SupplyCondition::kUnknown);
  EXPECT_FALSE(supplies[1].days_to_empty);
  EXPECT_FALSE(needsOrder(supplies[1], 30));
  EXPECT_EQ(conditionOf({"1", "", "", "value", 10}, 10), SupplyCondition::kLow);
  EXPECT_EQ(conditionOf({"1", "", "", "value", 11}, 10), SupplyCondition::kOk);
  EXPECT_EQ(conditionOf({"1", "", "", "value", 0}, 10), SupplyCondition::kEmpty);
}

TEST(SuppliesReport, TheOrderListGroupsByModelAndSupply) {
  std::vector<SupplyOrderLine> lines;
  const auto one = [](const char* description, std::int64_t percent) {
    return currentSupplies({point(100, "1.1", description, percent)}, 10);
  };
  addToOrderList(lines, "M507", one("Toner", 0), 30);   // empty: order
  addToOrderList(lines, "M507", one("Toner", 8), 30);   // low, no forecast (one reading)
  addToOrderList(lines, "C405", one("Toner", 90), 30);  // fine
  addToOrderList(lines, "M507", one("Drum", 50), 30);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], (SupplyOrderLine{"C405", "Toner", "black", 1, 0, 0, 0}));
  EXPECT_EQ(lines[1], (SupplyOrderLine{"M507", "Drum", "black", 1, 0, 0, 0}));
  EXPECT_EQ(lines[2], (SupplyOrderLine{"M507", "Toner", "black", 2, 1, 1, 1}));
}

}  // namespace
}  // namespace pw::manager::reports
