#include "manager/core/monitoring_settings.hpp"

#include <algorithm>
#include <utility>

namespace pw::manager {
namespace {

constexpr std::array<std::pair<BuiltInTask, const char*>, 5> kNames = {{
    {BuiltInTask::kMonitorPrinters, "monitorPrinters"},
    {BuiltInTask::kRetrievePrinterInformation, "retrievePrinterInformation"},
    {BuiltInTask::kRetrieveCounters, "retrieveCounters"},
    {BuiltInTask::kCheckAddressBook, "checkAddressBook"},
    {BuiltInTask::kCheckDeviceSettings, "checkDeviceSettings"},
}};

std::string validateList(const std::vector<TimeWindow>& list, const std::string& name) {
  if (list.size() > kMaxWindowsPerList) {
    return name + " holds more than " + std::to_string(kMaxWindowsPerList) + " windows";
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& w = list[i];
    const auto at = name + "[" + std::to_string(i) + "]";
    if (w.start_minute < 0 || w.start_minute > 1439 || w.end_minute < 1 || w.end_minute > 1440) {
      return at + ": times must lie between 0:00 and 24:00";
    }
    if (w.end_minute <= w.start_minute) {
      return at + ": the window ends before it starts (split a window over midnight in two)";
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (w.start_minute < list[j].end_minute && list[j].start_minute < w.end_minute) {
        return at + " overlaps " + name + "[" + std::to_string(j) + "]";
      }
    }
  }
  return {};
}

}  // namespace

std::string validateWindows(const CommunicationWindows& windows) {
  if (auto error = validateList(windows.standard, "standard"); !error.empty()) return error;
  for (std::size_t day = 0; day < windows.exceptions.size(); ++day) {
    if (!windows.exceptions[day]) continue;
    const auto error =
        validateList(*windows.exceptions[day], "exceptions[" + std::to_string(day) + "]");
    if (!error.empty()) return error;
  }
  return {};
}

bool insideWindows(const CommunicationWindows& windows, int weekday, int minute_of_day) {
  const auto& exception = windows.exceptions.at(static_cast<std::size_t>(weekday));
  const auto& list = exception ? *exception : windows.standard;
  return std::any_of(list.begin(), list.end(), [&](const TimeWindow& w) {
    return w.start_minute <= minute_of_day && minute_of_day < w.end_minute;
  });
}

const char* toString(BuiltInTask task) {
  for (const auto& [t, name] : kNames) {
    if (t == task) return name;
  }
  return "monitorPrinters";
}

std::optional<BuiltInTask> builtInTaskFromString(std::string_view text) {
  for (const auto& [t, name] : kNames) {
    if (text == name) return t;
  }
  return std::nullopt;
}

bool boundByWindows(BuiltInTask task) {
  return task == BuiltInTask::kMonitorPrinters || task == BuiltInTask::kRetrieveCounters;
}

BuiltInTaskSettings defaultSettings(BuiltInTask task) {
  switch (task) {
    case BuiltInTask::kMonitorPrinters: return {task, true, 5};
    case BuiltInTask::kRetrieveCounters: return {task, true, 60};
    case BuiltInTask::kRetrievePrinterInformation:
    case BuiltInTask::kCheckAddressBook:
    case BuiltInTask::kCheckDeviceSettings: return {task, true, 24 * 60};
  }
  return {task, true, 24 * 60};
}

std::string validateTaskSettings(const BuiltInTaskSettings& settings) {
  if (settings.interval_minutes < kMinIntervalMinutes ||
      settings.interval_minutes > kMaxIntervalMinutes) {
    return "intervalMinutes must be " + std::to_string(kMinIntervalMinutes) + " to " +
           std::to_string(kMaxIntervalMinutes);
  }
  return {};
}

bool isDue(const BuiltInTaskSettings& settings, std::optional<Clock::TimePoint> last_started,
           Clock::TimePoint now, const CommunicationWindows& windows, int weekday,
           int minute_of_day) {
  if (!settings.active) return false;
  if (last_started && now - *last_started < std::chrono::minutes(settings.interval_minutes)) {
    return false;
  }
  return !boundByWindows(settings.task) || insideWindows(windows, weekday, minute_of_day);
}

}  // namespace pw::manager
