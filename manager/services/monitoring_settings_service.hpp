#pragma once
// The communication time windows and the built-in tasks' settings, kept in the settings store
// (absent = the defaults). Thread-safe (the store is).
#include <optional>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/monitoring_settings.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

struct BuiltInTaskView {
  BuiltInTaskSettings settings;
  std::optional<Clock::TimePoint> last_started;
};

struct BuiltInTaskEdit {
  std::optional<bool> active;
  std::optional<int> interval_minutes;
};

class MonitoringSettingsService {
 public:
  explicit MonitoringSettingsService(SettingsStore& store);

  CommunicationWindows windows();
  /// invalid_input naming the window (validateWindows).
  Outcome<CommunicationWindows> setWindows(const CommunicationWindows& windows);

  /// Every built-in task, in kBuiltInTasks order.
  std::vector<BuiltInTaskView> tasks();
  BuiltInTaskView task(BuiltInTask task);
  Outcome<BuiltInTaskView> updateTask(BuiltInTask task, const BuiltInTaskEdit& edit);
  void recordStart(BuiltInTask task, Clock::TimePoint at);

 private:
  SettingsStore& store_;
};

}  // namespace pw::manager
