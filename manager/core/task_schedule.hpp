#pragma once
// When a task runs: a pure computation over the calendar of one time zone.
//
// Design note. A periodic schedule names local calendar dates (every N days, every N weeks on
// chosen weekdays, every N months on a day of the month / the nth weekday / the last day) and
// one local time of day. next(after) walks candidate DATES in the zone, turns each date + time
// into an instant, and returns the first instant strictly after `after` inside the bounds.
// Working on dates rather than adding durations to instants is what keeps DST right:
//   - a local time that does not exist (spring gap) runs at the first valid instant after it
//     (the transition itself), once that day;
//   - a local time that exists twice (autumn overlap) yields one candidate per date (the
//     earlier instant), so the task runs once.
// A month without the chosen day (the 31st, the 5th Monday, February 29) is skipped, never
// moved to another day. Intervals count from `anchor` (the first date of the period). See
// docs/decisions/0024-task-schedules-and-engine.md.
//
// The zone is reached through ZoneRules, an interface declared here so the core stays on the
// standard library; services implement it over the IANA database (common/time).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"

namespace pw::manager {

/// A local (wall-clock) date and time, without a zone.
struct CivilDateTime {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31
  int hour = 0;
  int minute = 0;
  friend bool operator==(const CivilDateTime&, const CivilDateTime&) = default;
};

/// The two questions a schedule asks of a time zone. Implementations are thread-safe.
class ZoneRules {
 public:
  virtual ~ZoneRules() = default;
  /// The local date and time (seconds dropped) of an instant.
  [[nodiscard]] virtual CivilDateTime toCivil(Clock::TimePoint instant) const = 0;
  /// The first instant whose local time is at or after `local`: the instant itself when it
  /// exists (the earlier one when it exists twice), the end of the gap when it does not.
  [[nodiscard]] virtual Clock::TimePoint firstInstantAtOrAfter(
      const CivilDateTime& local) const = 0;
};

enum class ScheduleKind { kNow, kOnce, kDaily, kWeekly, kMonthly };
enum class MonthlyRule { kDay, kWeekday };

const char* toString(ScheduleKind kind);  ///< "now", "once", "daily", "weekly", "monthly"
std::optional<ScheduleKind> scheduleKindFromString(std::string_view text);
const char* toString(MonthlyRule rule);  ///< "day", "weekday"
std::optional<MonthlyRule> monthlyRuleFromString(std::string_view text);

inline constexpr int kLast = -1;         ///< month_day or week_of_month: the last one
inline constexpr int kMaxInterval = 99;  ///< every N days/weeks/months, N at most this

struct TaskSchedule {
  ScheduleKind kind = ScheduleKind::kNow;
  /// kOnce: the date and time to run. Periodic: the date intervals count from (its time of
  /// day is ignored) — the start bound's date or the day the schedule was set.
  CivilDateTime at;
  int hour = 0;  ///< periodic: the local time of day
  int minute = 0;
  int every = 1;              ///< N, 1..kMaxInterval
  std::uint8_t weekdays = 0;  ///< kWeekly: bit 0 = Sunday .. bit 6 = Saturday
  MonthlyRule monthly_rule = MonthlyRule::kDay;
  int month_day = 1;                    ///< kMonthly/kDay: 1..31 or kLast
  int week_of_month = 1;                ///< kMonthly/kWeekday: 1..5 or kLast
  int weekday = 1;                      ///< kMonthly/kWeekday: 0 = Sunday .. 6 = Saturday
  std::optional<CivilDateTime> starts;  ///< periodic: no run before this local time
  std::optional<CivilDateTime> ends;    ///< periodic: no run after this local time
  friend bool operator==(const TaskSchedule&, const TaskSchedule&) = default;
};

/// The field of an invalid schedule and why ("every": "must be 1..99"), or nullopt.
struct ScheduleProblem {
  std::string field;
  std::string message;
};
std::optional<ScheduleProblem> validateSchedule(const TaskSchedule& schedule);

/// The first run strictly after `after`, or nullopt when there is none (kNow, a past kOnce,
/// past the end bound). The schedule must be valid.
std::optional<Clock::TimePoint> nextRun(const TaskSchedule& schedule, const ZoneRules& zone,
                                        Clock::TimePoint after);

/// Up to `count` runs after `after`, in order (the console's preview).
std::vector<Clock::TimePoint> upcomingRuns(const TaskSchedule& schedule, const ZoneRules& zone,
                                           Clock::TimePoint after, std::size_t count);

}  // namespace pw::manager
