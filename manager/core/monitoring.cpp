// Design note — history rules
//
// Days are UTC days (unix seconds / 86,400): a daily row is the last reading of that day, so
// the history does not depend on the Manager's time zone setting changing.
//
// Usage: consecutive daily readings of one field go through counterStep (32-bit wrap, reset,
// glitch). A glitch keeps the previous baseline, so the next day counts from it and nothing
// is counted twice; a day with the field missing breaks the chain (no guess across it).
//
// Days to empty: only percentages count (a "some remaining" level says nothing about the
// rate). The history is cut after the last refill — a rise of more than 10 points — and a
// least-squares line is fitted through what is left; with fewer than 3 points or 2 days, or a
// line that does not fall, there is no honest estimate and the answer is empty.
#include "manager/core/monitoring.hpp"

#include <chrono>

#include "manager/core/counter_usage.hpp"

namespace pw::manager {

std::int64_t dayOf(Clock::TimePoint at) {
  const auto seconds = toUnixSeconds(at);
  return seconds >= 0 ? seconds / 86'400 : (seconds - 86'399) / 86'400;
}

std::vector<DailyUsage> dailyUsage(const std::vector<DailyCounters>& readings) {
  std::vector<DailyUsage> out(readings.size());
  for (std::size_t field = 0; field < kCounterFieldNames.size(); ++field) {
    std::optional<std::uint64_t> baseline;
    for (std::size_t i = 0; i < readings.size(); ++i) {
      const auto& value = readings[i].counters.values[field];
      if (!value || *value < 0) {
        baseline.reset();
        continue;
      }
      const auto current = static_cast<std::uint64_t>(*value);
      if (baseline) {
        const auto step = counterStep(*baseline, current);
        out[i].used[field] = static_cast<std::int64_t>(step.used);
        out[i].change[field] = std::string(toString(step.change));
        baseline = step.baseline;
      } else {
        baseline = current;
      }
    }
  }
  return out;
}

std::optional<double> daysToEmpty(const std::vector<SupplyLevelPoint>& history) {
  constexpr std::int64_t kRefillRise = 10;
  std::vector<std::pair<double, double>> points;  // (days since epoch, percent)
  std::optional<std::int64_t> previous;
  for (const auto& point : history) {
    if (!point.level.percent) continue;
    const auto percent = *point.level.percent;
    if (previous && percent > *previous + kRefillRise) points.clear();  // refilled
    previous = percent;
    const auto seconds = static_cast<double>(toUnixSeconds(point.read_at));
    points.emplace_back(seconds / 86'400.0, static_cast<double>(percent));
  }
  if (!points.empty() && points.back().second <= 0) return 0.0;
  if (points.size() < 3 || points.back().first - points.front().first < 2.0) return std::nullopt;
  double mean_x = 0;
  double mean_y = 0;
  for (const auto& [x, y] : points) {
    mean_x += x;
    mean_y += y;
  }
  mean_x /= static_cast<double>(points.size());
  mean_y /= static_cast<double>(points.size());
  double sxx = 0;
  double sxy = 0;
  for (const auto& [x, y] : points) {
    sxx += (x - mean_x) * (x - mean_x);
    sxy += (x - mean_x) * (y - mean_y);
  }
  if (sxx <= 0) return std::nullopt;
  const double slope = sxy / sxx;  // percent per day
  if (slope >= 0) return std::nullopt;
  // From the last reading's level on the fitted line.
  const double level_now = mean_y + slope * (points.back().first - mean_x);
  if (level_now <= 0) return 0.0;
  return level_now / -slope;
}

std::string validateRetention(const RetentionSettings& settings) {
  const auto check = [](int days, const char* name) -> std::string {
    if (days < kMinRetentionDays || days > kMaxRetentionDays) {
      return std::string(name) + " must be between " + std::to_string(kMinRetentionDays) + " and " +
             std::to_string(kMaxRetentionDays);
    }
    return {};
  };
  for (auto error :
       {check(settings.status_history_days, "statusHistoryDays"),
        check(settings.counter_days, "counterDays"), check(settings.supply_days, "supplyDays")}) {
    if (!error.empty()) return error;
  }
  return {};
}

PurgeCutoffs purgeCutoffs(const RetentionSettings& settings, Clock::TimePoint now) {
  const auto today = dayOf(now);
  return {now - std::chrono::hours(24) * settings.status_history_days,
          today - settings.counter_days, today - settings.supply_days};
}

DeviceSnapshot conflictSnapshot(const DeviceSnapshot& reading, std::string_view registered_mac) {
  DeviceSnapshot out;
  out.device_id = reading.device_id;
  out.read_at = reading.read_at;
  out.reported_macs = reading.reported_macs;
  CurrentStatus status;
  status.status.power = "conflict";
  status.error_kind = "conflict";
  std::string answered;
  for (const auto& mac : reading.reported_macs) answered += (answered.empty() ? "" : ", ") + mac;
  status.error_message = "the device answering at this address has MAC " + answered +
                         ", not the registered " + std::string(registered_mac);
  out.status = std::move(status);
  return out;
}

}  // namespace pw::manager
