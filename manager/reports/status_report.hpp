#pragma once
// The status report's arithmetic (decision 0030): how long a device spent in each status in
// each local period, from its stored status edges (decision 0013). Pure: edges in, durations
// out; periods and their starts come from counters_report.hpp.
#include <array>
#include <chrono>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/monitoring.hpp"

namespace pw::manager::reports {

/// What an edge counts as. Offline: the device did not answer (power no_response), whatever
/// its last severity. Otherwise the severity: service call, error, warning, normal (ok), unknown
/// (no status could be read, e.g. an address conflict or an unreadable device). No data: time
/// before the first edge, after `now`, or in a gap the history does not cover.
enum class StatusCategory { kServiceCall, kError, kWarning, kNormal, kUnknown, kOffline, kNoData };
inline constexpr std::size_t kStatusCategoryCount = 7;
/// "serviceCall", "error", "warning", "normal", "unknown", "offline", "noData".
std::string_view toString(StatusCategory category);
StatusCategory categoryOf(const DeviceStatus& status);

using Seconds = std::chrono::seconds;

struct StatusPeriodTotals {
  Seconds length{0};  ///< the period's real length: 23 h or 25 h on a DST change day
  std::array<Seconds, kStatusCategoryCount> spent{};  ///< by StatusCategory; adds up to length
};

/// Per period (boundaries: periods.size() + 1 instants), the time spent in each category from
/// edges overlapping the span (oldest first; an open edge lasts until `now`).
std::vector<StatusPeriodTotals> statusTotals(const std::vector<StatusEdge>& edges,
                                             const std::vector<Clock::TimePoint>& boundaries,
                                             Clock::TimePoint now);

/// Share of a period in percent, rounded to 0.1; 0 for an empty period.
double sharePercent(Seconds spent, Seconds length);

}  // namespace pw::manager::reports
