#pragma once
// The built-in tasks (periodic status, information and counter retrieval, function checks) and
// the communication time windows that bound the periodic ones. Pure rules; the scheduler and
// storage use them. Times of day are local to the Manager's time zone (its `time_zone` setting).
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"

namespace pw::manager {

/// [start, end) in minutes after local midnight; end 1440 is 24:00. A window over midnight is
/// two windows: one ending at 24:00 and one starting at 0:00.
struct TimeWindow {
  int start_minute = 0;
  int end_minute = 1440;
  bool operator==(const TimeWindow&) const = default;
};

inline constexpr std::size_t kMaxWindowsPerList = 12;

struct CommunicationWindows {
  std::vector<TimeWindow> standard = {{0, 1440}};  ///< every day, by default all day
  /// Per weekday (0 = Sunday .. 6 = Saturday): when set, replaces the standard windows that
  /// day; an empty list means no periodic communication that day.
  std::array<std::optional<std::vector<TimeWindow>>, 7> exceptions;
  bool operator==(const CommunicationWindows&) const = default;
};

/// "standard[1]: the window ends before it starts", ... or empty when valid: 0 <= start < end
/// <= 1440, at most kMaxWindowsPerList per list, no overlaps within a list.
std::string validateWindows(const CommunicationWindows& windows);
/// Whether periodic communication may happen at that local weekday and minute of the day.
bool insideWindows(const CommunicationWindows& windows, int weekday, int minute_of_day);

enum class BuiltInTask {
  kMonitorPrinters,             ///< status and alerts
  kRetrievePrinterInformation,  ///< identity, supplies, trays
  kRetrieveCounters,
  kCheckAddressBook,     ///< whether a printer supports address book management
  kCheckDeviceSettings,  ///< whether a printer supports device settings management
};
inline constexpr std::array kBuiltInTasks = {
    BuiltInTask::kMonitorPrinters, BuiltInTask::kRetrievePrinterInformation,
    BuiltInTask::kRetrieveCounters, BuiltInTask::kCheckAddressBook,
    BuiltInTask::kCheckDeviceSettings};

const char* toString(BuiltInTask task);  ///< "monitorPrinters", ... (the REST names)
std::optional<BuiltInTask> builtInTaskFromString(std::string_view text);
/// Status and counter retrieval run only inside the windows; the others at any time.
bool boundByWindows(BuiltInTask task);

struct BuiltInTaskSettings {
  BuiltInTask task = BuiltInTask::kMonitorPrinters;
  bool active = true;
  int interval_minutes = 5;
  bool operator==(const BuiltInTaskSettings&) const = default;
};

inline constexpr int kMinIntervalMinutes = 1;
inline constexpr int kMaxIntervalMinutes = 7 * 24 * 60;

/// The defaults: status every 5 minutes, counters hourly, information and checks daily.
BuiltInTaskSettings defaultSettings(BuiltInTask task);
/// "intervalMinutes must be 1 to 10080" or empty.
std::string validateTaskSettings(const BuiltInTaskSettings& settings);

/// Whether a built-in task is due: active, its interval passed since it last started (or it
/// never ran), and — for the window-bound ones — inside the windows at `local` (weekday,
/// minute of day).
bool isDue(const BuiltInTaskSettings& settings, std::optional<Clock::TimePoint> last_started,
           Clock::TimePoint now, const CommunicationWindows& windows, int weekday,
           int minute_of_day);

}  // namespace pw::manager
