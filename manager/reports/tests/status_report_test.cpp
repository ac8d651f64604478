// The status report's durations from known edges, against values computed by hand: a 25-hour
// fall-back day in America/New_York, a 23-hour spring-forward day in Europe/Paris, an open edge
// cut at now, and time before the first edge counted as no data.
#include "manager/reports/status_report.hpp"

#include <gtest/gtest.h>

#include "manager/reports/counters_report.hpp"
#include "manager/services/zone_rules.hpp"

namespace pw::manager::reports {
namespace {

using std::chrono::hours;

IanaZoneRules zone(const char* name) {
  return IanaZoneRules(*time::TimeZone::named(name));
}

Clock::TimePoint utc(int y, int mo, int d, int h) {
  return time::TimeZone::utc().fromLocal(y, mo, d, h, 0);
}

StatusEdge edge(const char* severity, const char* power, Clock::TimePoint from,
                std::optional<Clock::TimePoint> to) {
  return {{severity, power, {}}, from, to};
}

Seconds spentIn(const StatusPeriodTotals& totals, StatusCategory category) {
  return totals.spent[static_cast<std::size_t>(category)];
}

const StatusPeriodTotals& period(const std::vector<StatusPeriodTotals>& totals,
                                 const std::vector<ReportPeriod>& periods, const char* label) {
  for (std::size_t i = 0; i < periods.size(); ++i) {
    if (periods[i].label == label) return totals.at(i);
  }
  throw std::out_of_range(label);
}

TEST(StatusTotals, AFallBackDayHas25HoursAndEveryHourIsCounted) {
  const auto new_york = zone("America/New_York");
  const auto days = reportPeriods(Period::kDaily, {2026, 11, 3});
  // 1 Nov 2026: 02:00 EDT becomes 01:00 EST; the day runs 04:00Z .. 2 Nov 05:00Z.
  const auto totals = statusTotals(
      {
          edge("ok", "on", utc(2026, 10, 31, 12), utc(2026, 11, 1, 10)),
          edge("error", "on", utc(2026, 11, 1, 10), utc(2026, 11, 1, 15)),
          edge("unknown", "no_response", utc(2026, 11, 1, 15), utc(2026, 11, 1, 20)),
          edge("warning", "on", utc(2026, 11, 1, 20), std::nullopt),  // still open
      },
      periodBoundaries(days, new_york), utc(2026, 11, 3, 0));
  const auto& first = period(totals, days, "2026-11-01");
  EXPECT_EQ(first.length, hours(25));
  EXPECT_EQ(spentIn(first, StatusCategory::kNormal), hours(6));   // 04:00Z-10:00Z
  EXPECT_EQ(spentIn(first, StatusCategory::kError), hours(5));    // 10:00Z-15:00Z
  EXPECT_EQ(spentIn(first, StatusCategory::kOffline), hours(5));  // 15:00Z-20:00Z
  EXPECT_EQ(spentIn(first, StatusCategory::kWarning), hours(9));  // 20:00Z-05:00Z
  EXPECT_EQ(spentIn(first, StatusCategory::kNoData), hours(0));
  EXPECT_EQ(sharePercent(spentIn(first, StatusCategory::kNormal), first.length), 24.0);
  EXPECT_EQ(sharePercent(spentIn(first, StatusCategory::kWarning), first.length), 36.0);

  const auto& before = period(totals, days, "2026-10-31");  // 04:00Z .. 1 Nov 04:00Z
  EXPECT_EQ(before.length, hours(24));
  EXPECT_EQ(spentIn(before, StatusCategory::kNoData), hours(8));  // before the first edge
  EXPECT_EQ(spentIn(before, StatusCategory::kNormal), hours(16));
  const auto& today = period(totals, days, "2026-11-02");  // the open edge ends at now
  EXPECT_EQ(spentIn(today, StatusCategory::kWarning), hours(19));
  EXPECT_EQ(spentIn(today, StatusCategory::kNoData), hours(5));
}

TEST(StatusTotals, ASpringForwardDayIsAWhole23Hours) {
  const auto paris = zone("Europe/Paris");
  const auto days = reportPeriods(Period::kDaily, {2026, 3, 31});
  const auto totals =
      statusTotals({edge("service_call", "on", utc(2026, 3, 20, 0), utc(2026, 4, 2, 0))},
                   periodBoundaries(days, paris), utc(2026, 4, 5, 0));
  const auto& day = period(totals, days, "2026-03-29");
  EXPECT_EQ(day.length, hours(23));
  EXPECT_EQ(spentIn(day, StatusCategory::kServiceCall), hours(23));
  EXPECT_EQ(sharePercent(spentIn(day, StatusCategory::kServiceCall), day.length), 100.0);
  // By month: March is 31 days less one hour, all of it from the 20th on in service call.
  const auto months = reportPeriods(Period::kMonthly, {2026, 3, 31});
  const auto monthly = statusTotals(
      {edge("service_call", "on", utc(2026, 3, 19, 23), std::nullopt)},  // 20 Mar 00:00 CET
      periodBoundaries(months, paris), utc(2026, 4, 5, 0));
  const auto& march = period(monthly, months, "2026-03");
  EXPECT_EQ(march.length, hours(31 * 24 - 1));
  EXPECT_EQ(spentIn(march, StatusCategory::kServiceCall), hours(12 * 24 - 1));
  EXPECT_EQ(sharePercent(spentIn(march, StatusCategory::kServiceCall), march.length), 38.6);
}

TEST(StatusTotals, CategoriesFollowPowerFirstThenSeverity) {
  EXPECT_EQ(categoryOf({"error", "no_response", {}}), StatusCategory::kOffline);
  EXPECT_EQ(categoryOf({"ok", "sleep", {}}), StatusCategory::kNormal);
  EXPECT_EQ(categoryOf({"unknown", "conflict", {}}), StatusCategory::kUnknown);
  EXPECT_EQ(toString(StatusCategory::kServiceCall), "serviceCall");
}

}  // namespace
}  // namespace pw::manager::reports
