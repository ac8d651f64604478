#pragma once
// Runs the built-in tasks: every tick, each task that is due (active, its interval passed,
// and — for status and counter retrieval — inside the communication windows in the Manager's
// time zone) is started for every managed device, one poll per Agent. "Execute now" starts a
// task at once, whatever its interval and the windows. Thread-safe.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/core/clock.hpp"
#include "common/time/time_zone.hpp"
#include "manager/core/monitoring_settings.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/monitoring_service.hpp"
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
  /// Starts the task now, whatever its interval, Active switch and the windows.
  Outcome<BuiltInTaskView> runNow(BuiltInTask task);

  /// The parts of a "monitor" poll a task asks for (proto::kMonitorParts); empty for the
  /// function checks.
  static std::vector<std::string> monitorParts(BuiltInTask task);
  /// The function a function-check task probes (proto::kDeviceFunctions), or nullopt.
  static std::optional<std::string> checkedFunction(BuiltInTask task);

 private:
  void start(BuiltInTask task, Clock::TimePoint now);

  MonitoringSettingsService& settings_;
  DeviceStore& devices_;
  const Clock& clock_;
  const time::TimeZone zone_;
  const StartPoll start_poll_;
  std::mutex mutex_;  // one tick or run at a time
};

/// What the scheduler's StartPoll does in the Manager: a "monitor" poll of the task's parts, or
/// for a function check a "check-functions" command for the devices not yet found to support
/// the function (nothing is sent when all do).
Outcome<PollStarted> startBuiltInTask(MonitoringService& monitoring, std::int64_t agent_id,
                                      std::vector<std::int64_t> device_ids, BuiltInTask task);

}  // namespace pw::manager
