#pragma once
// The REST form of a task schedule (proto/openapi.json, TaskSchedule):
//   {"kind":"now"} | {"kind":"once","at":"2026-05-04T09:30"}
//   {"kind":"daily"|"weekly"|"monthly","every":N,"time":"HH:MM",
//    "weekdays":[0..6] (weekly), "monthDay":1..31|"last" or "weekOfMonth":1..5|"last" with
//    "weekday":0..6 (monthly), "starts"/"ends":"YYYY-MM-DDTHH:MM" (optional)}
// Weekdays count from 0 = Sunday. Parsing checks the shape; validateSchedule the values.
#include <nlohmann/json.hpp>

#include "manager/core/task.hpp"
#include "manager/core/task_schedule.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// invalid_input naming the field ("schedule.every: must be 1..99").
Outcome<TaskSchedule> scheduleFromJson(const nlohmann::json& json);
nlohmann::json scheduleToJson(const TaskSchedule& schedule);

/// The REST form of a TaskNotification: {"to": [addresses], "when": "always"|"failure",
/// "attachDetails": bool, "language": en|fr|de|it|es|ja, "priority": high|normal|low}, every
/// field optional. invalid_input naming the field
/// ("notification.to: ..."), addresses checked with isMailAddress.
Outcome<TaskNotification> notificationFromJson(const nlohmann::json& json);
nlohmann::json notificationToJson(const TaskNotification& notification);

std::string civilToText(const CivilDateTime& t);  ///< "YYYY-MM-DDTHH:MM"
std::optional<CivilDateTime> civilFromText(const std::string& text);

}  // namespace pw::manager
