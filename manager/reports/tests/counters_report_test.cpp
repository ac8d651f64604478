// The counters report's figures from known histories, checked against values computed by hand
// in the comments: a reset, a glitch, a DST day, a replaced device, a field missing for a day.
// Instants are fixed; zones are real IANA zones.
#include "manager/reports/counters_report.hpp"

#include <gtest/gtest.h>

#include "manager/services/zone_rules.hpp"

namespace pw::manager::reports {
namespace {

constexpr std::size_t kTotal = 0;
constexpr std::size_t kBlack = 1;

IanaZoneRules zone(const char* name) {
  return IanaZoneRules(*time::TimeZone::named(name));
}

Clock::TimePoint utc(int y, int mo, int d, int h, int mi) {
  return time::TimeZone::utc().fromLocal(y, mo, d, h, mi);
}

CounterReading reading(Clock::TimePoint at, std::int64_t total, std::string serial = {}) {
  CounterReading r;
  r.read_at = at;
  r.values[kTotal] = total;
  r.serial = std::move(serial);
  return r;
}

// The period (by label) -> field value of a result, for readable expectations.
std::optional<std::int64_t> usedIn(const CounterTotals& totals,
                                   const std::vector<ReportPeriod>& periods, const char* label,
                                   std::size_t field = kTotal) {
  for (std::size_t i = 0; i < periods.size(); ++i) {
    if (periods[i].label == label) return totals.used.at(i)[field];
  }
  ADD_FAILURE() << "no period " << label;
  return std::nullopt;
}

TEST(ReportPeriods, DailyCoversTheMonthEndingOnTheDay) {
  auto days = reportPeriods(Period::kDaily, {2026, 3, 15});
  ASSERT_EQ(days.size(), 28u);  // 16 Feb .. 15 Mar 2026
  EXPECT_EQ(days.front().label, "2026-02-16");
  EXPECT_EQ(days.back().label, "2026-03-15");
  EXPECT_EQ(days.back().next, (LocalDate{2026, 3, 16}));
  days = reportPeriods(Period::kDaily, {2026, 3, 31});  // 1 month before: 28 Feb (clamped)
  ASSERT_EQ(days.size(), 31u);
  EXPECT_EQ(days.front().label, "2026-03-01");
}

TEST(ReportPeriods, WeeksStartOnMondayMonthsAndYearsOnTheFirst) {
  const auto weeks = reportPeriods(Period::kWeekly, {2026, 11, 22});  // a Sunday
  ASSERT_EQ(weeks.size(), 25u);
  EXPECT_EQ(weeks.back().label, "2026-11-16");
  EXPECT_EQ(weeks.back().next, (LocalDate{2026, 11, 23}));
  EXPECT_EQ(weeks.front().label, "2026-06-01");  // 24 weeks earlier, a Monday
  const auto months = reportPeriods(Period::kMonthly, {2026, 11, 22});
  ASSERT_EQ(months.size(), 12u);
  EXPECT_EQ(months.front().label, "2025-12");
  EXPECT_EQ(months.front().first, (LocalDate{2025, 12, 1}));
  EXPECT_EQ(months.front().next, (LocalDate{2026, 1, 1}));
  EXPECT_EQ(months.back().label, "2026-11");
  const auto years = reportPeriods(Period::kYearly, {2026, 11, 22});
  ASSERT_EQ(years.size(), 5u);
  EXPECT_EQ(years.front().label, "2022");
  EXPECT_EQ(years.back().next, (LocalDate{2027, 1, 1}));
}

TEST(ReportPeriods, DatesAreParsedStrictly) {
  EXPECT_EQ(parseLocalDate("2024-02-29"), (LocalDate{2024, 2, 29}));
  EXPECT_FALSE(parseLocalDate("2026-02-29"));
  EXPECT_FALSE(parseLocalDate("2026-2-01"));
  EXPECT_FALSE(parseLocalDate("2026-02-01x"));
  EXPECT_FALSE(parseLocalDate("yesterday"));
  EXPECT_EQ(toString(LocalDate{2026, 3, 5}), "2026-03-05");
  EXPECT_EQ(periodFromString("weekly"), Period::kWeekly);
  EXPECT_FALSE(periodFromString("hourly"));
}

TEST(CounterTotals, ADaylightSavingDayHas23HoursAndReadingsLandOnLocalDays) {
  const auto paris = zone("Europe/Paris");
  const auto days = reportPeriods(Period::kDaily, {2026, 3, 31});
  const auto bounds = periodBoundaries(days, paris);
  // 29 March 2026: clocks go from 02:00 to 03:00; the day runs 28 Mar 23:00Z .. 29 Mar 22:00Z.
  EXPECT_EQ(bounds[28], utc(2026, 3, 28, 23, 0));
  EXPECT_EQ(bounds[29] - bounds[28], std::chrono::hours(23));
  const auto totals = counterTotals(
      {
          reading(utc(2026, 2, 27, 12, 0), 900),    // before the span: the baseline
          reading(utc(2026, 3, 28, 22, 30), 1100),  // 23:30 CET, 28 Mar: +200
          reading(utc(2026, 3, 29, 21, 30), 1150),  // 23:30 CEST, 29 Mar: +50
          reading(utc(2026, 3, 29, 22, 30), 1160),  // 00:30 CEST, 30 Mar (UTC still 29th): +10
          reading(utc(2026, 3, 30, 12, 0), 1200),   // 30 Mar: +40 -> 50
      },
      bounds);
  EXPECT_EQ(usedIn(totals, days, "2026-03-28"), 200);
  EXPECT_EQ(usedIn(totals, days, "2026-03-29"), 50);
  EXPECT_EQ(usedIn(totals, days, "2026-03-30"), 50);
  EXPECT_EQ(usedIn(totals, days, "2026-03-27"), std::nullopt);          // no reading that day
  EXPECT_EQ(usedIn(totals, days, "2026-03-29", kBlack), std::nullopt);  // never given
}

TEST(CounterTotals, AResetCountsTheNewValueAndAGlitchCountsNothing) {
  const auto tz = zone("UTC");
  const auto days = reportPeriods(Period::kDaily, {2026, 5, 10});
  const auto totals = counterTotals(
      {
          reading(utc(2026, 5, 4, 18, 0), 5000), reading(utc(2026, 5, 5, 18, 0), 5200),  // +200
          reading(utc(2026, 5, 6, 18, 0), 300),  // reset (board swapped): +300
          reading(utc(2026, 5, 7, 18, 0), 450),  // +150
          reading(utc(2026, 5, 8, 18, 0), 445),  // glitch: 0, baseline stays 450
          reading(utc(2026, 5, 9, 18, 0), 500),  // +50 from 450
      },
      periodBoundaries(days, tz));
  EXPECT_EQ(usedIn(totals, days, "2026-05-04"), std::nullopt);  // first reading: no baseline
  EXPECT_EQ(usedIn(totals, days, "2026-05-05"), 200);
  EXPECT_EQ(usedIn(totals, days, "2026-05-06"), 300);
  EXPECT_EQ(usedIn(totals, days, "2026-05-07"), 150);
  EXPECT_EQ(usedIn(totals, days, "2026-05-08"), 0);
  EXPECT_EQ(usedIn(totals, days, "2026-05-09"), 50);
  EXPECT_EQ(totals.resets, 1);
  // The same history by month: 200 + 300 + 150 + 0 + 50.
  const auto months = reportPeriods(Period::kMonthly, {2026, 5, 10});
  const auto monthly =
      counterTotals({reading(utc(2026, 4, 30, 18, 0), 4900), reading(utc(2026, 5, 5, 18, 0), 5200),
                     reading(utc(2026, 5, 6, 18, 0), 300), reading(utc(2026, 5, 7, 18, 0), 450),
                     reading(utc(2026, 5, 8, 18, 0), 445), reading(utc(2026, 5, 9, 18, 0), 500)},
                    periodBoundaries(months, tz));
  EXPECT_EQ(usedIn(monthly, months, "2026-05"), 300 + 300 + 150 + 0 + 50);
  EXPECT_EQ(usedIn(monthly, months, "2026-04"), std::nullopt);  // its reading is the baseline
}

TEST(CounterTotals, AReplacedDeviceCountsNeitherItsOldPagesNorAJump) {
  const auto tokyo = zone("Asia/Tokyo");
  const auto months = reportPeriods(Period::kMonthly, {2026, 6, 30});
  // Old printer A until 10 June, then B (with 250,000 pages of its own) in its place.
  const auto totals = counterTotals(
      {
          reading(utc(2026, 5, 31, 14, 0), 10'000, "A"),   // 23:00 JST 31 May: baseline
          reading(utc(2026, 6, 5, 3, 0), 10'100, "A"),     // +100
          reading(utc(2026, 6, 10, 3, 0), 10'150, "A"),    // +50
          reading(utc(2026, 6, 11, 3, 0), 250'000, "B"),   // replaced: 0
          reading(utc(2026, 6, 20, 3, 0), 250'080, "B"),   // +80
          reading(utc(2026, 6, 30, 15, 30), 250'100, ""),  // 00:30 JST 1 July, serial unknown
          reading(utc(2026, 7, 2, 3, 0), 50, "C"),         // replaced by a newer printer
      },
      periodBoundaries(months, tokyo));
  EXPECT_EQ(usedIn(totals, months, "2026-06"), 100 + 50 + 0 + 80);
  EXPECT_EQ(totals.replacements, 1);  // C comes after the span (July is not shown)
  const auto july = reportPeriods(Period::kMonthly, {2026, 7, 31});
  const auto with_july = counterTotals(
      {reading(utc(2026, 6, 20, 3, 0), 250'080, "B"), reading(utc(2026, 6, 30, 15, 30), 250'100),
       reading(utc(2026, 7, 2, 3, 0), 50, "C"), reading(utc(2026, 7, 3, 3, 0), 70, "C")},
      periodBoundaries(july, tokyo));
  // 1 July (JST): +20 from B; C replaces B: 0, not the 50 a reset would count; then +20.
  EXPECT_EQ(usedIn(with_july, july, "2026-07"), 20 + 0 + 20);
  EXPECT_EQ(with_july.replacements, 1);
  EXPECT_EQ(with_july.resets, 0);
}

TEST(CounterTotals, AFieldMissingForADayBreaksItsChain) {
  const auto tz = zone("UTC");
  const auto days = reportPeriods(Period::kDaily, {2026, 5, 10});
  auto first = reading(utc(2026, 5, 7, 12, 0), 100);
  first.values[kBlack] = 40;
  auto second = reading(utc(2026, 5, 8, 12, 0), 130);  // black not given
  auto third = reading(utc(2026, 5, 9, 12, 0), 160);
  third.values[kBlack] = 90;  // no baseline: 0 counted, 90 becomes the baseline
  auto fourth = reading(utc(2026, 5, 10, 12, 0), 170);
  fourth.values[kBlack] = 95;
  const auto totals = counterTotals({first, second, third, fourth}, periodBoundaries(days, tz));
  EXPECT_EQ(usedIn(totals, days, "2026-05-08"), 30);
  EXPECT_EQ(usedIn(totals, days, "2026-05-08", kBlack), std::nullopt);
  EXPECT_EQ(usedIn(totals, days, "2026-05-09", kBlack), std::nullopt);
  EXPECT_EQ(usedIn(totals, days, "2026-05-10", kBlack), 5);
  // Readings after the span are ignored.
  const auto early = reportPeriods(Period::kDaily, {2026, 5, 8});
  const auto cut = counterTotals({first, second, third, fourth}, periodBoundaries(early, tz));
  EXPECT_EQ(usedIn(cut, early, "2026-05-08"), 30);
}

}  // namespace
}  // namespace pw::manager::reports
