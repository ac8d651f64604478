#include "manager/core/task_schedule.hpp"

#include <array>
#include <tuple>

namespace pw::manager {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr std::array<const char*, 5> kKindNames = {"now", "once", "daily", "weekly", "monthly"};
// The longest search for a month holding the chosen day: February 29 every 99 months can be
// decades away; past four centuries the calendar repeats, so there is none.
constexpr int kMonthsSearched = 400 * 12;

sys_days dateOf(const CivilDateTime& t) {
  return sys_days{std::chrono::year{t.year} / t.month / t.day};
}

bool validDate(const CivilDateTime& t) {
  return t.year >= 1970 && t.year <= 9999 && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
         t.day <= 31 && (std::chrono::year{t.year} / t.month / t.day).ok();
}

bool validTime(int hour, int minute) {
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59;
}

auto key(const CivilDateTime& t) {
  return std::tie(t.year, t.month, t.day, t.hour, t.minute);
}

CivilDateTime withTime(sys_days date, int hour, int minute) {
  const year_month_day ymd{date};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())), hour, minute};
}

long long floorDiv(long long a, long long b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// Weeks start on Sunday; 1970-01-01 was a Thursday.
long long weekIndex(sys_days date) {
  return floorDiv(date.time_since_epoch().count() + 4, 7);
}

long long monthIndex(const year_month_day& ymd) {
  return static_cast<long long>(static_cast<int>(ymd.year())) * 12 +
         static_cast<unsigned>(ymd.month()) - 1;
}

// The chosen day in the month `index`, or nullopt when that month has no such day.
std::optional<sys_days> dayInMonth(const TaskSchedule& s, long long index) {
  const std::chrono::year year{static_cast<int>(floorDiv(index, 12))};
  const std::chrono::month month{static_cast<unsigned>(index - floorDiv(index, 12) * 12 + 1)};
  if (s.monthly_rule == MonthlyRule::kDay) {
    if (s.month_day == kLast) {
      return sys_days{year / month / std::chrono::last};
    }
    const year_month_day ymd{year / month / static_cast<unsigned>(s.month_day)};
    return ymd.ok() ? std::optional<sys_days>(ymd) : std::nullopt;
  }
  const std::chrono::weekday weekday{static_cast<unsigned>(s.weekday)};
  if (s.week_of_month == kLast) {
    return sys_days{year / month / weekday[std::chrono::last]};
  }
  const std::chrono::year_month_weekday ymw{year / month /
                                            weekday[static_cast<unsigned>(s.week_of_month)]};
  return ymw.ok() ? std::optional<sys_days>(ymw) : std::nullopt;
}

// The first date on or after `from` the periodic schedule runs on, or nullopt.
std::optional<sys_days> firstDateOnOrAfter(const TaskSchedule& s, sys_days from) {
  const sys_days anchor = dateOf(s.at);
  if (from < anchor) {
    from = anchor;
  }
  switch (s.kind) {
    case ScheduleKind::kDaily: {
      const auto late = (from - anchor).count() % s.every;
      return late == 0 ? from : from + days{s.every - late};
    }
    case ScheduleKind::kWeekly:
      // Within N weeks + one week every chosen weekday of a counted week comes round.
      for (sys_days d = from; d < from + days{7 * (s.every + 1)}; d += days{1}) {
        const bool counted_week = (weekIndex(d) - weekIndex(anchor)) % s.every == 0;
        const unsigned weekday = std::chrono::weekday{d}.c_encoding();
        if (counted_week && (s.weekdays & (1U << weekday)) != 0) {
          return d;
        }
      }
      return std::nullopt;
    case ScheduleKind::kMonthly: {
      const long long first = monthIndex(year_month_day{anchor});
      long long index = monthIndex(year_month_day{from});
      const auto late = (index - first) % s.every;
      if (late != 0) {
        index += s.every - late;
      }
      for (int searched = 0; searched < kMonthsSearched; searched += s.every, index += s.every) {
        if (const auto day = dayInMonth(s, index); day && *day >= from) {
          return day;
        }
      }
      return std::nullopt;
    }
    case ScheduleKind::kNow:
    case ScheduleKind::kOnce: break;
  }
  return std::nullopt;
}

}  // namespace

const char* toString(ScheduleKind kind) {
  return kKindNames.at(static_cast<std::size_t>(kind));
}

std::optional<ScheduleKind> scheduleKindFromString(std::string_view text) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (text == kKindNames[i]) {
      return static_cast<ScheduleKind>(i);
    }
  }
  return std::nullopt;
}

const char* toString(MonthlyRule rule) {
  return rule == MonthlyRule::kDay ? "day" : "weekday";
}

std::optional<MonthlyRule> monthlyRuleFromString(std::string_view text) {
  if (text == "day") {
    return MonthlyRule::kDay;
  }
  if (text == "weekday") {
    return MonthlyRule::kWeekday;
  }
  return std::nullopt;
}

std::optional<ScheduleProblem> validateSchedule(const TaskSchedule& s) {
  if (s.kind == ScheduleKind::kNow) {
    return std::nullopt;
  }
  if (!validDate(s.at)) {
    return ScheduleProblem{"at", "must be a valid date"};
  }
  if (s.kind == ScheduleKind::kOnce) {
    return validTime(s.at.hour, s.at.minute)
               ? std::nullopt
               : std::optional<ScheduleProblem>({"at", "must be a valid time of day"});
  }
  if (!validTime(s.hour, s.minute)) {
    return ScheduleProblem{"time", "must be a valid time of day (00:00-23:59)"};
  }
  if (s.every < 1 || s.every > kMaxInterval) {
    return ScheduleProblem{"every", "must be 1..99"};
  }
  if (s.kind == ScheduleKind::kWeekly && (s.weekdays == 0 || s.weekdays > 0x7F)) {
    return ScheduleProblem{"weekdays", "must name at least one day of the week"};
  }
  if (s.kind == ScheduleKind::kMonthly) {
    if (s.monthly_rule == MonthlyRule::kDay && s.month_day != kLast &&
        (s.month_day < 1 || s.month_day > 31)) {
      return ScheduleProblem{"monthDay", "must be 1..31 or last"};
    }
    if (s.monthly_rule == MonthlyRule::kWeekday) {
      if (s.week_of_month != kLast && (s.week_of_month < 1 || s.week_of_month > 5)) {
        return ScheduleProblem{"weekOfMonth", "must be 1..5 or last"};
      }
      if (s.weekday < 0 || s.weekday > 6) {
        return ScheduleProblem{"weekday", "must be 0 (Sunday)..6 (Saturday)"};
      }
    }
  }
  for (const auto& [field, bound] : {std::pair{"starts", &s.starts}, std::pair{"ends", &s.ends}}) {
    if (*bound && (!validDate(**bound) || !validTime((*bound)->hour, (*bound)->minute))) {
      return ScheduleProblem{field, "must be a valid date and time"};
    }
  }
  if (s.starts && s.ends && key(*s.ends) < key(*s.starts)) {
    return ScheduleProblem{"ends", "must not be before starts"};
  }
  return std::nullopt;
}

std::optional<Clock::TimePoint> nextRun(const TaskSchedule& s, const ZoneRules& zone,
                                        Clock::TimePoint after) {
  if (s.kind == ScheduleKind::kNow) {
    return std::nullopt;
  }
  if (s.kind == ScheduleKind::kOnce) {
    const auto at = zone.firstInstantAtOrAfter(s.at);
    return at > after ? std::optional(at) : std::nullopt;
  }
  // From the day before `after`'s local date: a gap at midnight can move a time of that day
  // past `after`.
  sys_days from = dateOf(zone.toCivil(after)) - days{1};
  if (s.starts && dateOf(*s.starts) > from) {
    from = dateOf(*s.starts);
  }
  // Each pass moves at least one day on, so the candidates pass `after` within a few passes.
  while (true) {
    const auto date = firstDateOnOrAfter(s, from);
    if (!date) {
      return std::nullopt;
    }
    const CivilDateTime local = withTime(*date, s.hour, s.minute);
    if (s.ends && key(*s.ends) < key(local)) {
      return std::nullopt;
    }
    if (!s.starts || !(key(local) < key(*s.starts))) {
      const auto at = zone.firstInstantAtOrAfter(local);
      if (at > after) {
        return at;
      }
    }
    from = *date + days{1};
  }
}

std::vector<Clock::TimePoint> upcomingRuns(const TaskSchedule& s, const ZoneRules& zone,
                                           Clock::TimePoint after, std::size_t count) {
  std::vector<Clock::TimePoint> runs;
  while (runs.size() < count) {
    const auto next = nextRun(s, zone, after);
    if (!next) {
      break;
    }
    runs.push_back(*next);
    after = *next;
  }
  return runs;
}

}  // namespace pw::manager
