// Dashboard rules: option specs per panel type (unknown names, bounds, words), titles and the
// panel count, defaults; the fleet's pages per day by the counter rules and per week.
#include <gtest/gtest.h>

#include "manager/core/dashboard.hpp"

namespace pw::manager {
namespace {

TEST(Dashboard, OptionsAreCheckedAgainstTheirType) {
  EXPECT_EQ(
      validatePanelOptions(PanelType::kLowSupplies, {{"thresholdPercent", std::int64_t{5}}}, ""),
      "");
  EXPECT_EQ(validatePanelOptions(PanelType::kLowSupplies, {{"thresholdPercent", std::int64_t{101}}},
                                 "x."),
            "x.thresholdPercent must be a whole number between 0 and 100");
  EXPECT_EQ(validatePanelOptions(PanelType::kLowSupplies, {{"limit", std::string("ten")}}, ""),
            "limit must be a whole number between 1 and 50");
  EXPECT_EQ(
      validatePanelOptions(PanelType::kCounterTrends, {{"interval", std::string("month")}}, ""),
      "interval must be one of day, week");
  EXPECT_EQ(validatePanelOptions(PanelType::kCounterTrends, {{"interval", std::int64_t{7}}}, ""),
            "interval must be one of day, week");
  EXPECT_EQ(validatePanelOptions(PanelType::kStatusBreakdown, {{"limit", std::int64_t{3}}}, ""),
            "unknown option \"limit\" for panel type statusBreakdown (it takes chart)");
  EXPECT_EQ(validatePanelOptions(PanelType::kAgentHealth, {{"days", std::int64_t{3}}}, ""),
            "unknown option \"days\" for panel type agentHealth (it takes none)");
}

TEST(Dashboard, DashboardChecksNameThePanel) {
  Dashboard d = defaultDashboard();
  EXPECT_EQ(validateDashboard(d), "");
  d.panels[1].options["minSeverity"] = std::string("fatal");
  EXPECT_EQ(validateDashboard(d),
            "panels[1].options.minSeverity must be one of warning, error, service_call");
  d = defaultDashboard();
  d.panels[2].title = std::string(kMaxPanelTitleLength + 1, 'a');
  EXPECT_EQ(validateDashboard(d), "panels[2].title: at most 80 characters");
  d.panels[2].title = "tab\there";
  EXPECT_EQ(validateDashboard(d), "panels[2].title: no control characters");
  d = {};
  d.panels.resize(kMaxPanels + 1);
  EXPECT_EQ(validateDashboard(d), "panels: at most 24 panels");
}

TEST(Dashboard, DefaultsFillWhatIsNotSet) {
  const auto options = effectiveOptions(PanelType::kCounterTrends, {{"days", std::int64_t{7}}});
  EXPECT_EQ(integerOption(options, "days"), 7);
  EXPECT_EQ(wordOption(options, "interval"), "day");
  EXPECT_EQ(wordOption(options, "chart"), "area");
  // Every type appears once in the default layout, every default option is valid.
  const auto d = defaultDashboard();
  ASSERT_EQ(d.panels.size(), kPanelTypes.size());
  for (std::size_t i = 0; i < d.panels.size(); ++i) {
    EXPECT_EQ(d.panels[i].type, kPanelTypes[i]);
    EXPECT_EQ(validatePanelOptions(d.panels[i].type,
                                   effectiveOptions(d.panels[i].type, d.panels[i].options), ""),
              "");
  }
  for (const auto type : kPanelTypes) {
    EXPECT_EQ(panelTypeFromString(toString(type)), type);
  }
  EXPECT_FALSE(panelTypeFromString("pie").has_value());
  EXPECT_EQ(panelSizeFromString("large"), PanelSize::kLarge);
}

TEST(FleetPages, CounterRulesPerDeviceNeverNegative) {
  FleetPages pages(101);
  // Device 1: baseline on day 100 (before the period), +50, reset to 30 (counted from 0), +20.
  pages.add(1, 100, 1000);
  pages.add(1, 101, 1050);
  pages.add(1, 102, 30);
  pages.add(1, 103, 50);
  // Device 2: its first reading is a baseline; a small drop is a glitch (0, baseline kept).
  pages.add(2, 101, 5000);
  pages.add(2, 102, 4990);
  pages.add(2, 103, 5010);
  // Device 3: a day without a total restarts its chain.
  pages.add(3, 101, 10);
  pages.add(3, 102, std::nullopt);
  pages.add(3, 103, 40);
  const auto days = pages.days();
  ASSERT_EQ(days.size(), 3u);
  EXPECT_EQ(days[0].day, 101);
  EXPECT_EQ(days[0].pages, 50);
  EXPECT_EQ(days[0].devices, 1);
  EXPECT_EQ(days[1].pages, 30 + 0);
  EXPECT_EQ(days[1].devices, 2);
  EXPECT_EQ(days[2].pages, 20 + 10);  // device 2 against the kept baseline 5000
  EXPECT_EQ(days[2].devices, 2);
}

TEST(FleetPages, WeeksStartOnMonday) {
  // Day 4 (1970-01-05) and day 11 were Mondays; day 17 is the Sunday of day 11's week.
  const std::vector<DailyPages> daily = {
      {10, 5, 2}, {11, 7, 3}, {12, 1, 1}, {17, 4, 1}, {18, 2, 1}};
  const auto weeks = weeklyPages(daily);
  ASSERT_EQ(weeks.size(), 3u);
  EXPECT_EQ(weeks[0].day, 4);
  EXPECT_EQ(weeks[0].pages, 5);
  EXPECT_EQ(weeks[1].day, 11);
  EXPECT_EQ(weeks[1].pages, 12);
  EXPECT_EQ(weeks[1].devices, 3);
  EXPECT_EQ(weeks[2].day, 18);
  EXPECT_EQ(weeks[2].pages, 2);
}

}  // namespace
}  // namespace pw::manager
