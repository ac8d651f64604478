// Schedules on a fake clock: instants are given, never read from the machine. Real zones
// (Europe/Paris, America/New_York) from the IANA database for the DST cases.
#include "manager/core/task_schedule.hpp"

#include <gtest/gtest.h>

#include "manager/services/zone_rules.hpp"

namespace pw::manager {
namespace {

IanaZoneRules zone(const char* name) {
  return IanaZoneRules(*time::TimeZone::named(name));
}

Clock::TimePoint utc(int y, int mo, int d, int h, int mi) {
  return time::TimeZone::utc().fromLocal(y, mo, d, h, mi);
}

TaskSchedule periodic(ScheduleKind kind, CivilDateTime anchor, int hour, int minute) {
  TaskSchedule s;
  s.kind = kind;
  s.at = anchor;
  s.hour = hour;
  s.minute = minute;
  return s;
}

std::vector<CivilDateTime> localRuns(const TaskSchedule& s, const ZoneRules& z,
                                     Clock::TimePoint after, std::size_t n) {
  std::vector<CivilDateTime> out;
  for (const auto t : upcomingRuns(s, z, after, n)) {
    out.push_back(z.toCivil(t));
  }
  return out;
}

TEST(TaskSchedule, NowHasNoNextRunAndOnceRunsOnlyIfAhead) {
  const auto paris = zone("Europe/Paris");
  EXPECT_FALSE(nextRun(TaskSchedule{}, paris, utc(2026, 1, 1, 0, 0)));
  TaskSchedule once;
  once.kind = ScheduleKind::kOnce;
  once.at = {2026, 5, 4, 9, 30};
  EXPECT_EQ(nextRun(once, paris, utc(2026, 1, 1, 0, 0)), utc(2026, 5, 4, 7, 30));  // CEST
  EXPECT_FALSE(nextRun(once, paris, utc(2026, 5, 4, 7, 30)));
}

TEST(TaskSchedule, EveryNDaysCountsFromTheAnchor) {
  const auto ny = zone("America/New_York");
  auto s = periodic(ScheduleKind::kDaily, {2026, 1, 1}, 6, 0);
  s.every = 3;
  const auto runs = localRuns(s, ny, utc(2026, 1, 5, 0, 0), 3);
  ASSERT_EQ(runs.size(), 3U);
  EXPECT_EQ(runs[0], (CivilDateTime{2026, 1, 7, 6, 0}));  // Jan 1, 4, 7, 10, 13
  EXPECT_EQ(runs[1], (CivilDateTime{2026, 1, 10, 6, 0}));
  EXPECT_EQ(runs[2], (CivilDateTime{2026, 1, 13, 6, 0}));
  // Nothing before the anchor.
  EXPECT_EQ(ny.toCivil(*nextRun(s, ny, utc(2025, 6, 1, 0, 0))), (CivilDateTime{2026, 1, 1, 6, 0}));
}

TEST(TaskSchedule, EveryNWeeksOnChosenWeekdays) {
  const auto paris = zone("Europe/Paris");
  auto s = periodic(ScheduleKind::kWeekly, {2026, 3, 2}, 22, 0);  // a Monday, week of Mar 1
  s.every = 2;
  s.weekdays = (1U << 1) | (1U << 5);  // Monday, Friday
  const auto runs = localRuns(s, paris, utc(2026, 3, 1, 0, 0), 5);
  ASSERT_EQ(runs.size(), 5U);
  EXPECT_EQ(runs[0], (CivilDateTime{2026, 3, 2, 22, 0}));
  EXPECT_EQ(runs[1], (CivilDateTime{2026, 3, 6, 22, 0}));
  EXPECT_EQ(runs[2], (CivilDateTime{2026, 3, 16, 22, 0}));  // the week of Mar 8 is skipped
  EXPECT_EQ(runs[3], (CivilDateTime{2026, 3, 20, 22, 0}));
  EXPECT_EQ(runs[4], (CivilDateTime{2026, 3, 30, 22, 0}));  // across the DST change: 22:00
}

TEST(TaskSchedule, MonthlyOnTheThirtyFirstSkipsShortMonths) {
  const auto ny = zone("America/New_York");
  auto s = periodic(ScheduleKind::kMonthly, {2026, 1, 1}, 8, 0);
  s.month_day = 31;
  const auto runs = localRuns(s, ny, utc(2026, 1, 1, 0, 0), 4);
  ASSERT_EQ(runs.size(), 4U);
  EXPECT_EQ(runs[0], (CivilDateTime{2026, 1, 31, 8, 0}));
  EXPECT_EQ(runs[1], (CivilDateTime{2026, 3, 31, 8, 0}));
  EXPECT_EQ(runs[2], (CivilDateTime{2026, 5, 31, 8, 0}));
  EXPECT_EQ(runs[3], (CivilDateTime{2026, 7, 31, 8, 0}));
}

TEST(TaskSchedule, MonthlyOnTheLastDayAndOnFebruaryTwentyNinth) {
  const auto paris = zone("Europe/Paris");
  auto last = periodic(ScheduleKind::kMonthly, {2027, 12, 1}, 23, 30);
  last.month_day = kLast;
  const auto runs = localRuns(last, paris, utc(2027, 12, 1, 0, 0), 4);
  ASSERT_EQ(runs.size(), 4U);
  EXPECT_EQ(runs[0], (CivilDateTime{2027, 12, 31, 23, 30}));
  EXPECT_EQ(runs[1], (CivilDateTime{2028, 1, 31, 23, 30}));
  EXPECT_EQ(runs[2], (CivilDateTime{2028, 2, 29, 23, 30}));  // leap year
  EXPECT_EQ(runs[3], (CivilDateTime{2028, 3, 31, 23, 30}));

  auto leap = periodic(ScheduleKind::kMonthly, {2025, 2, 1}, 12, 0);
  leap.every = 12;
  leap.month_day = 29;
  const auto leaps = localRuns(leap, paris, utc(2025, 1, 1, 0, 0), 2);
  ASSERT_EQ(leaps.size(), 2U);
  EXPECT_EQ(leaps[0], (CivilDateTime{2028, 2, 29, 12, 0}));
  EXPECT_EQ(leaps[1], (CivilDateTime{2032, 2, 29, 12, 0}));
}

TEST(TaskSchedule, MonthlyOnTheNthOrLastWeekday) {
  const auto ny = zone("America/New_York");
  auto fifth = periodic(ScheduleKind::kMonthly, {2026, 1, 1}, 7, 0);
  fifth.monthly_rule = MonthlyRule::kWeekday;
  fifth.week_of_month = 5;
  fifth.weekday = 5;  // the fifth Friday: Jan 30, May 29, Jul 31 in 2026
  const auto runs = localRuns(fifth, ny, utc(2026, 1, 1, 0, 0), 3);
  ASSERT_EQ(runs.size(), 3U);
  EXPECT_EQ(runs[0], (CivilDateTime{2026, 1, 30, 7, 0}));
  EXPECT_EQ(runs[1], (CivilDateTime{2026, 5, 29, 7, 0}));
  EXPECT_EQ(runs[2], (CivilDateTime{2026, 7, 31, 7, 0}));

  auto last_sunday = fifth;
  last_sunday.week_of_month = kLast;
  last_sunday.weekday = 0;
  last_sunday.every = 3;
  const auto quarterly = localRuns(last_sunday, ny, utc(2026, 1, 1, 0, 0), 2);
  ASSERT_EQ(quarterly.size(), 2U);
  EXPECT_EQ(quarterly[0], (CivilDateTime{2026, 1, 25, 7, 0}));
  EXPECT_EQ(quarterly[1], (CivilDateTime{2026, 4, 26, 7, 0}));
}

TEST(TaskSchedule, SpringGapRunsOnceAtTheFirstValidInstant) {
  const auto paris = zone("Europe/Paris");  // 2026-03-29 02:00 CET -> 03:00 CEST
  const auto s = periodic(ScheduleKind::kDaily, {2026, 3, 1}, 2, 30);
  const auto runs = upcomingRuns(s, paris, utc(2026, 3, 28, 12, 0), 3);
  ASSERT_EQ(runs.size(), 3U);
  EXPECT_EQ(runs[0], utc(2026, 3, 29, 1, 0));   // 03:00 CEST, the end of the gap
  EXPECT_EQ(runs[1], utc(2026, 3, 30, 0, 30));  // 02:30 CEST
  EXPECT_EQ(runs[2], utc(2026, 3, 31, 0, 30));

  const auto ny = zone("America/New_York");  // 2026-03-08 02:00 EST -> 03:00 EDT
  const auto ny_runs = upcomingRuns(s, ny, utc(2026, 3, 7, 12, 0), 2);
  ASSERT_EQ(ny_runs.size(), 2U);
  EXPECT_EQ(ny_runs[0], utc(2026, 3, 8, 7, 0));   // 03:00 EDT
  EXPECT_EQ(ny_runs[1], utc(2026, 3, 9, 6, 30));  // 02:30 EDT
}

TEST(TaskSchedule, AutumnOverlapRunsOnce) {
  const auto paris = zone("Europe/Paris");  // 2026-10-25 03:00 CEST -> 02:00 CET
  const auto s = periodic(ScheduleKind::kDaily, {2026, 10, 1}, 2, 30);
  const auto first = nextRun(s, paris, utc(2026, 10, 24, 12, 0));
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, utc(2026, 10, 25, 0, 30));  // the earlier 02:30 (CEST)
  // After the first 02:30, the second 02:30 (01:30 UTC) is not another run.
  EXPECT_EQ(nextRun(s, paris, *first), utc(2026, 10, 26, 1, 30));
  EXPECT_EQ(nextRun(s, paris, utc(2026, 10, 25, 1, 0)), utc(2026, 10, 26, 1, 30));

  const auto ny = zone("America/New_York");  // 2026-11-01 02:00 EDT -> 01:00 EST
  auto one = periodic(ScheduleKind::kDaily, {2026, 10, 1}, 1, 30);
  EXPECT_EQ(nextRun(one, ny, utc(2026, 10, 31, 12, 0)), utc(2026, 11, 1, 5, 30));  // EDT
  EXPECT_EQ(nextRun(one, ny, utc(2026, 11, 1, 5, 30)), utc(2026, 11, 2, 6, 30));   // EST
}

TEST(TaskSchedule, StartAndEndBoundsAreInclusiveLocalTimes) {
  const auto paris = zone("Europe/Paris");
  auto s = periodic(ScheduleKind::kDaily, {2026, 6, 1}, 9, 0);
  s.starts = CivilDateTime{2026, 6, 10, 9, 0};
  s.ends = CivilDateTime{2026, 6, 12, 9, 0};
  const auto runs = localRuns(s, paris, utc(2026, 6, 1, 0, 0), 10);
  ASSERT_EQ(runs.size(), 3U);
  EXPECT_EQ(runs[0], (CivilDateTime{2026, 6, 10, 9, 0}));
  EXPECT_EQ(runs[2], (CivilDateTime{2026, 6, 12, 9, 0}));
  s.starts = CivilDateTime{2026, 6, 10, 9, 1};  // after that day's time: the next day
  EXPECT_EQ(localRuns(s, paris, utc(2026, 6, 1, 0, 0), 1)[0], (CivilDateTime{2026, 6, 11, 9, 0}));
  EXPECT_FALSE(nextRun(s, paris, utc(2026, 6, 12, 7, 0)));  // 09:00 CEST was the last
}

TEST(TaskSchedule, TheSameScheduleFollowsItsZone) {
  const auto s = periodic(ScheduleKind::kDaily, {2026, 1, 1}, 9, 0);
  EXPECT_EQ(nextRun(s, zone("Europe/Paris"), utc(2026, 1, 10, 0, 0)), utc(2026, 1, 10, 8, 0));
  EXPECT_EQ(nextRun(s, zone("America/New_York"), utc(2026, 1, 10, 0, 0)), utc(2026, 1, 10, 14, 0));
  EXPECT_EQ(nextRun(s, zone("Asia/Tokyo"), utc(2026, 1, 10, 0, 0)), utc(2026, 1, 11, 0, 0));
}

TEST(TaskSchedule, ValidationNamesTheField) {
  auto s = periodic(ScheduleKind::kWeekly, {2026, 1, 1}, 9, 0);
  EXPECT_EQ(validateSchedule(s)->field, "weekdays");
  s.weekdays = 1;
  EXPECT_FALSE(validateSchedule(s));
  s.every = 0;
  EXPECT_EQ(validateSchedule(s)->field, "every");
  s.every = 1;
  s.hour = 24;
  EXPECT_EQ(validateSchedule(s)->field, "time");
  s.hour = 9;
  s.at = {2026, 2, 30};
  EXPECT_EQ(validateSchedule(s)->field, "at");
  s.at = {2026, 2, 1};
  s.starts = CivilDateTime{2026, 5, 1, 0, 0};
  s.ends = CivilDateTime{2026, 4, 1, 0, 0};
  EXPECT_EQ(validateSchedule(s)->field, "ends");
  auto m = periodic(ScheduleKind::kMonthly, {2026, 1, 1}, 9, 0);
  m.month_day = 32;
  EXPECT_EQ(validateSchedule(m)->field, "monthDay");
  m.monthly_rule = MonthlyRule::kWeekday;
  m.week_of_month = 6;
  EXPECT_EQ(validateSchedule(m)->field, "weekOfMonth");
  EXPECT_EQ(scheduleKindFromString("monthly"), ScheduleKind::kMonthly);
  EXPECT_FALSE(scheduleKindFromString("hourly"));
}

}  // namespace
}  // namespace pw::manager
