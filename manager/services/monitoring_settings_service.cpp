#include "manager/services/monitoring_settings_service.hpp"

#include <nlohmann/json.hpp>

namespace pw::manager {
namespace {

using nlohmann::json;

constexpr const char* kWindowsKey = "communication_windows";
constexpr const char* kTasksKey = "builtin_tasks";

json listJson(const std::vector<TimeWindow>& list) {
  json out = json::array();
  for (const auto& w : list) out.push_back({w.start_minute, w.end_minute});
  return out;
}

std::vector<TimeWindow> listFrom(const json& j) {
  std::vector<TimeWindow> out;
  for (const auto& w : j) out.push_back({w.at(0).get<int>(), w.at(1).get<int>()});
  return out;
}

}  // namespace

MonitoringSettingsService::MonitoringSettingsService(SettingsStore& store) : store_(store) {}

CommunicationWindows MonitoringSettingsService::windows() {
  CommunicationWindows windows;
  const auto text = store_.findSetting(kWindowsKey);
  if (!text) return windows;
  const auto j = json::parse(*text);
  windows.standard = listFrom(j.at("standard"));
  for (std::size_t day = 0; day < windows.exceptions.size(); ++day) {
    const auto& exception = j.at("exceptions").at(day);
    if (!exception.is_null()) windows.exceptions[day] = listFrom(exception);
  }
  return windows;
}

Outcome<CommunicationWindows> MonitoringSettingsService::setWindows(
    const CommunicationWindows& windows) {
  if (auto error = validateWindows(windows); !error.empty()) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input", std::move(error)};
  }
  json exceptions = json::array();
  for (const auto& exception : windows.exceptions) {
    exceptions.push_back(exception ? listJson(*exception) : json(nullptr));
  }
  store_.saveSetting(
      kWindowsKey,
      json{{"standard", listJson(windows.standard)}, {"exceptions", exceptions}}.dump());
  return windows;
}

std::vector<BuiltInTaskView> MonitoringSettingsService::tasks() {
  std::vector<BuiltInTaskView> out;
  for (const auto task : kBuiltInTasks) out.push_back(this->task(task));
  return out;
}

BuiltInTaskView MonitoringSettingsService::task(BuiltInTask task) {
  BuiltInTaskView view{defaultSettings(task), store_.builtInTaskLastStarted(toString(task))};
  if (const auto text = store_.findSetting(kTasksKey)) {
    const auto j = json::parse(*text);
    if (const auto it = j.find(toString(task)); it != j.end()) {
      view.settings.active = it->at("active").get<bool>();
      view.settings.interval_minutes = it->at("intervalMinutes").get<int>();
    }
  }
  return view;
}

Outcome<BuiltInTaskView> MonitoringSettingsService::updateTask(BuiltInTask task,
                                                               const BuiltInTaskEdit& edit) {
  auto view = this->task(task);
  if (edit.active) view.settings.active = *edit.active;
  if (edit.interval_minutes) view.settings.interval_minutes = *edit.interval_minutes;
  if (auto error = validateTaskSettings(view.settings); !error.empty()) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input", std::move(error)};
  }
  json all = json::object();
  if (const auto text = store_.findSetting(kTasksKey)) all = json::parse(*text);
  all[toString(task)] = {{"active", view.settings.active},
                         {"intervalMinutes", view.settings.interval_minutes}};
  store_.saveSetting(kTasksKey, all.dump());
  return view;
}

void MonitoringSettingsService::recordStart(BuiltInTask task, Clock::TimePoint at) {
  store_.recordBuiltInTaskStart(toString(task), at);
}

}  // namespace pw::manager
