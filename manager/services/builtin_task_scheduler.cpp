#include "manager/services/builtin_task_scheduler.hpp"

#include <utility>

namespace pw::manager {

BuiltInTaskScheduler::BuiltInTaskScheduler(MonitoringSettingsService& settings,
                                           DeviceStore& devices, const Clock& clock,
                                           time::TimeZone zone, StartPoll start_poll)
    : settings_(settings),
      devices_(devices),
      clock_(clock),
      zone_(std::move(zone)),
      start_poll_(std::move(start_poll)) {}

std::vector<std::string> BuiltInTaskScheduler::monitorParts(BuiltInTask task) {
  switch (task) {
    // Status monitoring watches consumables too (low/empty supplies are alerts).
    case BuiltInTask::kMonitorPrinters: return {"status", "supplies"};
    case BuiltInTask::kRetrieveCounters: return {"counters"};
    // What the device says about itself (decision 0014), with its supplies and trays.
    case BuiltInTask::kRetrievePrinterInformation: return {"identity", "supplies"};
    case BuiltInTask::kCheckAddressBook:
    case BuiltInTask::kCheckDeviceSettings: return {};
  }
  return {};
}

std::optional<std::string> BuiltInTaskScheduler::checkedFunction(BuiltInTask task) {
  if (task == BuiltInTask::kCheckAddressBook) return "addressBook";
  if (task == BuiltInTask::kCheckDeviceSettings) return "deviceSettings";
  return std::nullopt;
}

std::vector<BuiltInTask> BuiltInTaskScheduler::tick() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  const auto local = zone_.toLocal(now);
  const auto windows = settings_.windows();
  std::vector<BuiltInTask> started;
  for (const auto& view : settings_.tasks()) {
    if (!isDue(view.settings, view.last_started, now, windows, local.weekday,
               local.minuteOfDay())) {
      continue;
    }
    start(view.settings.task, now);
    started.push_back(view.settings.task);
  }
  return started;
}

Outcome<BuiltInTaskView> BuiltInTaskScheduler::runNow(BuiltInTask task) {
  std::lock_guard lock(mutex_);
  start(task, clock_.now());
  return settings_.task(task);
}

void BuiltInTaskScheduler::start(BuiltInTask task, Clock::TimePoint now) {
  settings_.recordStart(task, now);
  for (const auto& [agent_id, device_ids] : devices_.managedDevicesByAgent()) {
    start_poll_(agent_id, device_ids, task);
  }
}

Outcome<PollStarted> startBuiltInTask(MonitoringService& monitoring, std::int64_t agent_id,
                                      std::vector<std::int64_t> device_ids, BuiltInTask task) {
  const auto function = BuiltInTaskScheduler::checkedFunction(task);
  if (!function) {
    return monitoring.startPoll(agent_id, device_ids, BuiltInTaskScheduler::monitorParts(task));
  }
  // A device found to support the function is not checked again.
  const auto supported = monitoring.devicesSupporting(*function);
  std::erase_if(device_ids, [&supported](std::int64_t id) { return supported.contains(id); });
  if (device_ids.empty()) return PollStarted{};
  return monitoring.startFunctionCheck(agent_id, device_ids, {*function});
}

}  // namespace pw::manager
