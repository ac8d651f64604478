#include "manager/reports/status_report.hpp"

#include <algorithm>
#include <cmath>

namespace pw::manager::reports {

std::string_view toString(StatusCategory category) {
  switch (category) {
    case StatusCategory::kServiceCall: return "serviceCall";
    case StatusCategory::kError: return "error";
    case StatusCategory::kWarning: return "warning";
    case StatusCategory::kNormal: return "normal";
    case StatusCategory::kUnknown: return "unknown";
    case StatusCategory::kOffline: return "offline";
    case StatusCategory::kNoData: return "noData";
  }
  return "noData";
}

StatusCategory categoryOf(const DeviceStatus& status) {
  if (status.power == "no_response") return StatusCategory::kOffline;
  if (status.severity == "service_call") return StatusCategory::kServiceCall;
  if (status.severity == "error") return StatusCategory::kError;
  if (status.severity == "warning") return StatusCategory::kWarning;
  if (status.severity == "ok") return StatusCategory::kNormal;
  return StatusCategory::kUnknown;
}

std::vector<StatusPeriodTotals> statusTotals(const std::vector<StatusEdge>& edges,
                                             const std::vector<Clock::TimePoint>& boundaries,
                                             Clock::TimePoint now) {
  std::vector<StatusPeriodTotals> out;
  if (boundaries.size() < 2) return out;
  out.resize(boundaries.size() - 1);
  const auto covered = static_cast<std::size_t>(StatusCategory::kNoData);
  for (std::size_t p = 0; p < out.size(); ++p) {
    out[p].length = std::chrono::duration_cast<Seconds>(boundaries[p + 1] - boundaries[p]);
  }
  for (const auto& edge : edges) {
    const auto start = edge.started_at;
    const auto end = std::min(edge.ended_at.value_or(now), now);
    if (end <= start) continue;
    const auto category = static_cast<std::size_t>(categoryOf(edge.status));
    for (std::size_t p = 0; p < out.size(); ++p) {
      const auto from = std::max(start, boundaries[p]);
      const auto to = std::min(end, boundaries[p + 1]);
      if (to > from) out[p].spent[category] += std::chrono::duration_cast<Seconds>(to - from);
    }
  }
  // Whatever no edge covers has no data, so the categories add up to the period's length.
  for (auto& period : out) {
    Seconds known{0};
    for (std::size_t c = 0; c < covered; ++c) known += period.spent[c];
    period.spent[covered] = std::max(Seconds{0}, period.length - known);
  }
  return out;
}

double sharePercent(Seconds spent, Seconds length) {
  if (length.count() <= 0) return 0.0;
  const double percent =
      100.0 * static_cast<double>(spent.count()) / static_cast<double>(length.count());
  return std::round(percent * 10.0) / 10.0;
}

}  // namespace pw::manager::reports
