#include "manager/reports/counters_report.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "manager/core/counter_usage.hpp"

namespace pw::manager::reports {
namespace {

namespace chr = std::chrono;

chr::year_month_day toYmd(const LocalDate& date) {
  return chr::year{date.year} / chr::month{static_cast<unsigned>(date.month)} /
         chr::day{static_cast<unsigned>(date.day)};
}

LocalDate fromYmd(const chr::year_month_day& ymd) {
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

LocalDate addDays(const LocalDate& date, int days) {
  return fromYmd(chr::year_month_day{chr::sys_days{toYmd(date)} + chr::days{days}});
}

// The same day `months` months later, or the month's last day when it has no such day.
LocalDate addMonths(const LocalDate& date, int months) {
  const auto first =
      chr::year{date.year} / chr::month{static_cast<unsigned>(date.month)} / chr::day{1} +
      chr::months{months};
  const auto last = chr::year_month_day_last{first.year(), chr::month_day_last{first.month()}};
  const unsigned day = std::min(static_cast<unsigned>(date.day), static_cast<unsigned>(last.day()));
  return fromYmd(first.year() / first.month() / chr::day{day});
}

std::string twoDigits(int value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d", value);
  return buffer;
}

}  // namespace

const char* toString(Period period) {
  switch (period) {
    case Period::kDaily: return "daily";
    case Period::kWeekly: return "weekly";
    case Period::kMonthly: return "monthly";
    case Period::kYearly: return "yearly";
  }
  return "daily";
}

std::optional<Period> periodFromString(std::string_view text) {
  for (const auto period : {Period::kDaily, Period::kWeekly, Period::kMonthly, Period::kYearly}) {
    if (text == toString(period)) return period;
  }
  return std::nullopt;
}

std::optional<LocalDate> parseLocalDate(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  char tail = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3) {
    return std::nullopt;
  }
  const LocalDate date{year, month, day};
  if (year < 1970 || year > 9999 || !toYmd(date).ok()) return std::nullopt;
  return date;
}

std::string toString(const LocalDate& date) {
  return std::to_string(date.year) + "-" + twoDigits(date.month) + "-" + twoDigits(date.day);
}

LocalDate localDateOf(Clock::TimePoint instant, const ZoneRules& zone) {
  const auto civil = zone.toCivil(instant);
  return {civil.year, civil.month, civil.day};
}

std::vector<ReportPeriod> reportPeriods(Period period, LocalDate end) {
  std::vector<ReportPeriod> out;
  switch (period) {
    case Period::kDaily: {
      for (auto day = addDays(addMonths(end, -1), 1); day <= end; day = addDays(day, 1)) {
        out.push_back({day, addDays(day, 1), toString(day)});
      }
      break;
    }
    case Period::kWeekly: {
      // ISO weeks: Monday is day 1, Sunday day 7.
      const auto weekday = chr::weekday{chr::sys_days{toYmd(end)}}.iso_encoding();
      const auto monday = addDays(end, -static_cast<int>(weekday - 1));
      for (int i = 24; i >= 0; --i) {
        const auto first = addDays(monday, -7 * i);
        out.push_back({first, addDays(first, 7), toString(first)});
      }
      break;
    }
    case Period::kMonthly: {
      const LocalDate this_month{end.year, end.month, 1};
      for (int i = 11; i >= 0; --i) {
        const auto first = addMonths(this_month, -i);
        out.push_back({first, addMonths(first, 1),
                       std::to_string(first.year) + "-" + twoDigits(first.month)});
      }
      break;
    }
    case Period::kYearly: {
      for (int year = end.year - 4; year <= end.year; ++year) {
        out.push_back({{year, 1, 1}, {year + 1, 1, 1}, std::to_string(year)});
      }
      break;
    }
  }
  return out;
}

std::vector<Clock::TimePoint> periodBoundaries(const std::vector<ReportPeriod>& periods,
                                               const ZoneRules& zone) {
  std::vector<Clock::TimePoint> out;
  out.reserve(periods.size() + 1);
  const auto midnight = [&](const LocalDate& date) {
    return zone.firstInstantAtOrAfter({date.year, date.month, date.day, 0, 0});
  };
  for (const auto& period : periods) out.push_back(midnight(period.first));
  if (!periods.empty()) out.push_back(midnight(periods.back().next));
  return out;
}

CounterTotals counterTotals(const std::vector<CounterReading>& readings,
                            const std::vector<Clock::TimePoint>& boundaries) {
  CounterTotals out;
  if (boundaries.size() < 2) return out;
  out.used.resize(boundaries.size() - 1);
  std::array<std::optional<std::uint64_t>, kCounterFieldNames.size()> baseline;
  const std::string* serial = nullptr;  // the last serial known, to see a replacement
  for (const auto& reading : readings) {
    if (reading.read_at >= boundaries.back()) break;
    // The period this reading's step belongs to, or none before the span (baseline only).
    std::optional<std::size_t> period;
    if (reading.read_at >= boundaries.front()) {
      const auto it = std::upper_bound(boundaries.begin(), boundaries.end(), reading.read_at);
      period = static_cast<std::size_t>(it - boundaries.begin()) - 1;
    }
    const bool replaced = !reading.serial.empty() && serial != nullptr && *serial != reading.serial;
    if (!reading.serial.empty()) serial = &reading.serial;
    if (replaced && period) ++out.replacements;
    bool reset = false;
    for (std::size_t field = 0; field < kCounterFieldNames.size(); ++field) {
      const auto& value = reading.values[field];
      // A missing field breaks the chain, as on the device's own counter history.
      if (!value || *value < 0) {
        baseline[field].reset();
        continue;
      }
      const auto current = static_cast<std::uint64_t>(*value);
      if (!baseline[field] || replaced) {
        baseline[field] = current;
        if (period && replaced) {
          auto& cell = out.used[*period][field];
          cell = cell.value_or(0);
        }
        continue;
      }
      const auto step = counterStep(*baseline[field], current);
      baseline[field] = step.baseline;
      if (!period) continue;
      reset = reset || step.change == CounterChange::kReset;
      auto& cell = out.used[*period][field];
      cell = cell.value_or(0) + static_cast<std::int64_t>(step.used);
    }
    if (reset) ++out.resets;
  }
  return out;
}

}  // namespace pw::manager::reports
