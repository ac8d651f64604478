// Communication windows and built-in task due rules, on a fake clock.
#include "manager/core/monitoring_settings.hpp"

#include <gtest/gtest.h>

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

TEST(CommunicationWindows, ValidationNamesTheWindow) {
  CommunicationWindows w;
  EXPECT_EQ(validateWindows(w), "");
  w.standard = {{8 * 60, 12 * 60}, {11 * 60, 14 * 60}};
  EXPECT_EQ(validateWindows(w), "standard[1] overlaps standard[0]");
  w.standard = {{22 * 60, 2 * 60}};
  EXPECT_EQ(validateWindows(w),
            "standard[0]: the window ends before it starts (split a window over midnight in two)");
  w.standard = {{0, 1441}};
  EXPECT_EQ(validateWindows(w), "standard[0]: times must lie between 0:00 and 24:00");
  w.standard = {{22 * 60, 1440}, {0, 2 * 60}};  // over midnight, as two windows
  EXPECT_EQ(validateWindows(w), "");
  w.exceptions[6] = std::vector<TimeWindow>{{10, 5}};
  EXPECT_EQ(validateWindows(w).substr(0, 17), "exceptions[6][0]:");
}

TEST(CommunicationWindows, ExceptionsReplaceTheStandardWindowsOnTheirDay) {
  CommunicationWindows w;
  w.standard = {{22 * 60, 1440}, {0, 6 * 60}};           // nights
  w.exceptions[0] = std::vector<TimeWindow>{};           // Sunday: never
  w.exceptions[6] = std::vector<TimeWindow>{{0, 1440}};  // Saturday: all day
  EXPECT_TRUE(insideWindows(w, 1, 23 * 60));
  EXPECT_TRUE(insideWindows(w, 1, 0));
  EXPECT_FALSE(insideWindows(w, 1, 6 * 60));  // the end is excluded
  EXPECT_FALSE(insideWindows(w, 1, 12 * 60));
  EXPECT_FALSE(insideWindows(w, 0, 23 * 60));
  EXPECT_TRUE(insideWindows(w, 6, 12 * 60));
}

TEST(BuiltInTasks, DueAfterTheIntervalAndOnlyInsideTheWindowsWhenBound) {
  FakeClock clock;
  CommunicationWindows nights;
  nights.standard = {{0, 6 * 60}};
  auto status = defaultSettings(BuiltInTask::kMonitorPrinters);
  EXPECT_TRUE(isDue(status, std::nullopt, clock.now(), nights, 2, 60));
  EXPECT_FALSE(isDue(status, std::nullopt, clock.now(), nights, 2, 12 * 60));  // outside
  EXPECT_FALSE(isDue(status, clock.now() - 4min, clock.now(), nights, 2, 60));
  EXPECT_TRUE(isDue(status, clock.now() - 5min, clock.now(), nights, 2, 60));
  status.active = false;
  EXPECT_FALSE(isDue(status, std::nullopt, clock.now(), nights, 2, 60));
  // Information retrieval and the checks ignore the windows.
  const auto info = defaultSettings(BuiltInTask::kRetrievePrinterInformation);
  EXPECT_TRUE(isDue(info, std::nullopt, clock.now(), nights, 2, 12 * 60));
  EXPECT_EQ(validateTaskSettings({BuiltInTask::kRetrieveCounters, true, 0}),
            "intervalMinutes must be 1 to 10080");
  EXPECT_EQ(builtInTaskFromString("retrieveCounters"), BuiltInTask::kRetrieveCounters);
  EXPECT_FALSE(builtInTaskFromString("reboot"));
}

}  // namespace
}  // namespace pw::manager
