// Against the operating system's IANA database: known offsets, the DST gap and overlap.
#include "common/time/time_zone.hpp"

#include <gtest/gtest.h>

namespace pw::time {
namespace {

Clock::TimePoint utcInstant(int y, int mo, int d, int h, int mi) {
  return TimeZone::utc().fromLocal(y, mo, d, h, mi);
}

TEST(TimeZone, UnknownNamesAreRefused) {
  EXPECT_FALSE(TimeZone::named("Mars/Olympus_Mons"));
  EXPECT_TRUE(TimeZone::named("Europe/Berlin"));
  EXPECT_EQ(TimeZone::named("Asia/Tokyo")->name(), "Asia/Tokyo");
}

TEST(TimeZone, ToLocalAppliesTheOffsetOfThatDay) {
  const auto berlin = *TimeZone::named("Europe/Berlin");
  const auto winter = berlin.toLocal(utcInstant(2026, 1, 15, 12, 30));
  EXPECT_EQ(winter.hour, 13);  // CET, UTC+1
  EXPECT_EQ(winter.minute, 30);
  EXPECT_EQ(winter.weekday, 4);  // Thursday
  const auto summer = berlin.toLocal(utcInstant(2026, 7, 15, 23, 30));
  EXPECT_EQ(summer.day, 16);  // CEST, UTC+2: already the next day
  EXPECT_EQ(summer.hour, 1);
  EXPECT_EQ(summer.minuteOfDay(), 90);
}

TEST(TimeZone, FromLocalHandlesTheSpringGapAndTheAutumnOverlap) {
  const auto berlin = *TimeZone::named("Europe/Berlin");
  // 2026-03-29 02:30 does not exist in Berlin (clocks jump 02:00 -> 03:00): moved forward.
  EXPECT_EQ(berlin.fromLocal(2026, 3, 29, 2, 30), utcInstant(2026, 3, 29, 1, 30));
  EXPECT_EQ(berlin.toLocal(berlin.fromLocal(2026, 3, 29, 2, 30)).hour, 3);
  // 2026-10-25 02:30 happens twice (03:00 -> 02:00): the earlier one, still CEST.
  EXPECT_EQ(berlin.fromLocal(2026, 10, 25, 2, 30), utcInstant(2026, 10, 25, 0, 30));
  EXPECT_EQ(berlin.fromLocal(2026, 10, 25, 12, 0), utcInstant(2026, 10, 25, 11, 0));
}

TEST(TimeZone, FirstInstantAtOrAfterEndsAGapAtTheTransition) {
  const auto berlin = *TimeZone::named("Europe/Berlin");
  // 02:30 is in the gap: the first valid instant after it is 03:00 CEST = 01:00 UTC.
  EXPECT_EQ(berlin.firstInstantAtOrAfter(2026, 3, 29, 2, 30), utcInstant(2026, 3, 29, 1, 0));
  EXPECT_EQ(berlin.firstInstantAtOrAfter(2026, 10, 25, 2, 30), utcInstant(2026, 10, 25, 0, 30));
  EXPECT_EQ(berlin.firstInstantAtOrAfter(2026, 7, 1, 9, 15), utcInstant(2026, 7, 1, 7, 15));
}

}  // namespace
}  // namespace pw::time
