#include "agent/monitor/supplies.hpp"

#include <gtest/gtest.h>

#include "agent/monitor/tests/test_values.hpp"

namespace pw::agent::monitor {
namespace {

using identify::OidValues;
using identify::SnmpType;

using testing::integer;
using testing::octets;

TEST(Amount, SpecialValuesAreStates) {
  EXPECT_EQ(Amount::from(std::nullopt).kind, Amount::Kind::kAbsent);
  EXPECT_EQ(Amount::from(0).kind, Amount::Kind::kValue);
  EXPECT_EQ(Amount::from(-1).kind, Amount::Kind::kOther);
  EXPECT_EQ(Amount::from(-2).kind, Amount::Kind::kUnknown);
  EXPECT_EQ(Amount::from(-3).kind, Amount::Kind::kSomeRemaining);
  EXPECT_EQ(Amount::from(-7), (Amount{Amount::Kind::kInvalid, -7}));
  EXPECT_EQ(toString(Amount::Kind::kSomeRemaining), "some_remaining");
}

TEST(Amount, PercentOnlyFromRealAmountsRoundedHalfUp) {
  EXPECT_EQ(percentOf(Amount::from(1), Amount::from(200)), 1);  // 0.5 -> 1
  EXPECT_EQ(percentOf(Amount::from(1), Amount::from(201)), 0);  // 0.497 -> 0
  EXPECT_EQ(percentOf(Amount::from(17208), Amount::from(25000)), 69);
  EXPECT_EQ(percentOf(Amount::from(140), Amount::from(100)), 100);  // capped
  // Absurd device values neither overflow nor lose the rounding.
  const std::int64_t huge = std::int64_t{1} << 62;
  EXPECT_EQ(percentOf(Amount::from(huge / 2), Amount::from(huge)), 50);
  EXPECT_EQ(percentOf(Amount::from(huge), Amount::from(huge)), 100);
  EXPECT_EQ(percentOf(Amount::from(-3), Amount::from(100)), std::nullopt);
  EXPECT_EQ(percentOf(Amount::from(100), Amount::from(-2)), std::nullopt);
  EXPECT_EQ(percentOf(Amount::from(0), Amount::from(0)), std::nullopt);
  EXPECT_EQ(percentOf(Amount::from(5), Amount::from(std::nullopt)), std::nullopt);
}

TEST(Supplies, JoinsTheColorantTable) {
  const std::string s = "1.3.6.1.2.1.43.11.1.1.";
  const OidValues values = {
      {s + "2.1.1", integer(1)},
      {s + "3.1.1", integer(2)},
      {s + "4.1.1", integer(3)},
      {s + "5.1.1", integer(3)},
      {s + "6.1.1", octets("Cyan Cartridge")},
      {s + "7.1.1", integer(13)},
      {s + "8.1.1", integer(5000)},
      {s + "9.1.1", integer(1250)},
      {s + "6.1.2", octets("Waste")},
      {s + "3.1.2", integer(0)},  // colorant 0: none
      {"1.3.6.1.2.1.43.12.1.1.4.1.2", octets("cyan")},
  };
  const auto supplies = readSupplies(values);
  ASSERT_EQ(supplies.size(), 2U);
  EXPECT_EQ(supplies[0].index, "1.1");
  EXPECT_EQ(supplies[0].supply_class, "consumed");
  EXPECT_EQ(supplies[0].type, "toner");
  EXPECT_EQ(supplies[0].unit, "tenthsOfGrams");
  EXPECT_EQ(supplies[0].percent, 25);
  EXPECT_EQ(supplies[0].colorant_index, 2);
  EXPECT_EQ(supplies[0].colorant, "cyan");
  EXPECT_EQ(supplies[1].description, "Waste");
  EXPECT_FALSE(supplies[1].colorant_index.has_value());
  EXPECT_EQ(supplies[1].level.kind, Amount::Kind::kAbsent);
  EXPECT_EQ(supplies[1].type, "");
}

TEST(Supplies, RowsAreInNumericIndexOrder) {
  const std::string s = "1.3.6.1.2.1.43.11.1.1.6.1.";
  const auto supplies = readSupplies(
      {{s + "10", octets("ten")}, {s + "9", octets("nine")}, {s + "2", octets("two")}});
  ASSERT_EQ(supplies.size(), 3U);
  EXPECT_EQ(supplies[0].index, "1.2");
  EXPECT_EQ(supplies[1].index, "1.9");
  EXPECT_EQ(supplies[2].index, "1.10");
}

TEST(Trays, InputAndOutput) {
  const std::string in = "1.3.6.1.2.1.43.8.2.1.";
  const std::string out = "1.3.6.1.2.1.43.9.2.1.";
  const OidValues values = {
      {in + "2.1.1", integer(5)},           {in + "8.1.1", integer(8)},
      {in + "9.1.1", integer(100)},         {in + "10.1.1", integer(-3)},
      {in + "11.1.1", integer(0)},          {in + "12.1.1", octets("A4")},
      {in + "13.1.1", octets("Bypass")},    {out + "2.1.1", integer(4)},
      {out + "3.1.1", integer(8)},          {out + "4.1.1", integer(250)},
      {out + "5.1.1", integer(200)},        {out + "6.1.1", integer(0)},
      {out + "7.1.1", octets("Face down")},
  };
  const auto trays = readInputTrays(values);
  ASSERT_EQ(trays.size(), 1U);
  EXPECT_EQ(trays[0].name, "Bypass");
  EXPECT_EQ(trays[0].type, "sheetFeedManual");
  EXPECT_EQ(trays[0].capacity_unit, "sheets");
  EXPECT_EQ(trays[0].level.kind, Amount::Kind::kSomeRemaining);
  EXPECT_FALSE(trays[0].percent.has_value());
  EXPECT_EQ(trays[0].media_name, "A4");
  EXPECT_EQ(trays[0].status, 0);
  const auto bins = readOutputBins(values);
  ASSERT_EQ(bins.size(), 1U);
  EXPECT_EQ(bins[0].name, "Face down");
  EXPECT_EQ(bins[0].type, "unRemovableBin");
  EXPECT_EQ(bins[0].percent_remaining, 80);
}

}  // namespace
}  // namespace pw::agent::monitor
