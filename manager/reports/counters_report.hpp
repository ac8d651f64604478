#pragma once
// The counters report's arithmetic (decision 0030): which local periods a report covers, where
// they start in a device's time zone, and how many pages each counter counted in each period
// from the stored readings. Pure: readings in, totals out; the zone is reached through
// ZoneRules (core/task_schedule.hpp), so tests run on fixed instants in real IANA zones.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/monitoring.hpp"
#include "manager/core/task_schedule.hpp"

namespace pw::manager::reports {

/// The total unit and the span it shows: daily 1 month, weekly 25 weeks, monthly 1 year,
/// yearly 5 years (the guide's table).
enum class Period { kDaily, kWeekly, kMonthly, kYearly };
const char* toString(Period period);  ///< "daily", "weekly", "monthly", "yearly"
std::optional<Period> periodFromString(std::string_view text);

/// A calendar date without a zone.
struct LocalDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  friend auto operator<=>(const LocalDate&, const LocalDate&) = default;
};
/// "2026-11-22"; nullopt unless the text is such a date that exists.
std::optional<LocalDate> parseLocalDate(std::string_view text);
std::string toString(const LocalDate& date);
/// The local date of an instant in a zone.
LocalDate localDateOf(Clock::TimePoint instant, const ZoneRules& zone);

/// One period of a report: the local days [first, next).
struct ReportPeriod {
  LocalDate first;
  LocalDate next;
  std::string label;  ///< daily/weekly "2026-11-16" (a week by its Monday), "2026-11", "2026"
  friend bool operator==(const ReportPeriod&, const ReportPeriod&) = default;
};

/// The periods shown for `period`, oldest first, ending with the one that holds `end`:
/// daily: the days after the same date one month earlier up to `end` (28 to 31 days); weekly:
/// 25 weeks starting on Mondays; monthly: 12 calendar months; yearly: 5 calendar years.
std::vector<ReportPeriod> reportPeriods(Period period, LocalDate end);

/// Where each period starts in the zone (local midnight; the end of the gap if midnight does
/// not exist that day), followed by where the last one ends: periods.size() + 1 instants.
std::vector<Clock::TimePoint> periodBoundaries(const std::vector<ReportPeriod>& periods,
                                               const ZoneRules& zone);

using CounterArray = std::array<std::optional<std::int64_t>, kCounterFieldNames.size()>;

/// One stored reading of a device's normalized counters (a daily row).
struct CounterReading {
  Clock::TimePoint read_at;
  CounterArray values;
  /// The serial number the device last reported when the reading was stored; empty when not
  /// known. A change between two readings is a replaced device.
  std::string serial;
};

/// What one device counted in each period.
struct CounterTotals {
  /// used[period][field]: pages counted by the readings taken in the period; empty when no
  /// reading in the period had the field on both sides of a step.
  std::vector<CounterArray> used;
  int resets = 0;        ///< counter resets (a large drop) counted inside the span
  int replacements = 0;  ///< serial number changes inside the span
};

/// Totals per period from a device's readings, oldest first. Each step between two
/// consecutive readings belongs to the period holding the later reading's time; readings
/// before boundaries.front() only serve as the baseline of the first step inside. A step is
/// counted by counterStep (a reset counts the new value, a wrap what passed the top, a glitch
/// nothing and keeps the old baseline); across a serial change it counts nothing and the new
/// device's value becomes the baseline: its pages from before the replacement are not this
/// fleet's.
CounterTotals counterTotals(const std::vector<CounterReading>& readings,
                            const std::vector<Clock::TimePoint>& boundaries);

}  // namespace pw::manager::reports
