#pragma once
// Runs the built-in tasks: every tick, each task that is due (active, its interval passed,
// and — for status and counter retrieval — inside the communication windows in the Manager's
// time zone) is started for every managed device, one poll per Agent. "Execute now" starts a
// task at once, whatever its interval and the windows. Thread-safe.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/core/clock.hpp"
#include "common/time/time_zone.hpp"
#include "manager/core/monitoring_settings.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/monitoring_settings_service.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

class BuiltInTaskScheduler {
 public:
  /// Has the Agent poll these devices for the task (the monitoring service does the work).
  using StartPoll = std::function<void(
      std::int64_t agent_id, const std::vector<std::int64_t>& device_ids, BuiltInTask task)>;

  BuiltInTaskScheduler(MonitoringSettingsService& settings, DeviceStore& devices,
                       const Clock& clock, time::TimeZone zone, StartPoll start_poll);

  /// Starts the tasks due now; returns them. Call about every 30 seconds.
  std::vector<BuiltInTask> tick();
  /// Starts the task now. not_supported (conflict) for the function checks, which need
  /// vendor protocols this version does not speak.
  Outcome<BuiltInTaskView> runNow(BuiltInTask task);

  /// Whether this version can run the task (status, information and counter retrieval).
  static bool runnable(BuiltInTask task);
  /// The parts of a "monitor" poll a runnable task asks for (proto::kMonitorParts).
  static std::vector<std::string> monitorParts(BuiltInTask task);

 private:
  void start(BuiltInTask task, Clock::TimePoint now);

  MonitoringSettingsService& settings_;
  DeviceStore& devices_;
  const Clock& clock_;
  const time::TimeZone zone_;
  const StartPoll start_poll_;
  std::mutex mutex_;  // one tick or run at a time
};

}  // namespace pw::manager
