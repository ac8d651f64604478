#include "manager/services/task_json.hpp"

#include <cstdio>

#include "manager/core/mail.hpp"
#include "manager/core/text_catalogue.hpp"

namespace pw::manager {
namespace {

Problem bad(const std::string& field, const std::string& message) {
  return Problem{ErrorKind::kInvalidInput, "invalid_input", "schedule." + field + ": " + message};
}

// A whole number, or kLast for "last" when `last_allowed`.
std::optional<int> numberOrLast(const nlohmann::json& value, bool last_allowed) {
  if (value.is_number_integer()) return value.get<int>();
  if (last_allowed && value == "last") return kLast;
  return std::nullopt;
}

nlohmann::json numberOrLastToJson(int value) {
  return value == kLast ? nlohmann::json("last") : nlohmann::json(value);
}

}  // namespace

Outcome<TaskNotification> notificationFromJson(const nlohmann::json& json) {
  const auto invalid = [](const std::string& field, const std::string& message) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input",
                   "notification." + field + ": " + message};
  };
  if (!json.is_object()) return invalid("to", "the notification must be an object");
  TaskNotification n;
  for (const auto& [key, value] : json.items()) {
    if (key == "to") {
      if (!value.is_array() || value.size() > TaskNotification::kMaxRecipients) {
        return invalid("to", "a list of at most 20 mail addresses");
      }
      for (const auto& address : value) {
        if (!address.is_string() || !isMailAddress(address.get<std::string>())) {
          return invalid("to", address.dump() + " is not a mail address");
        }
        n.to.push_back(address.get<std::string>());
      }
    } else if (key == "when") {
      if (value != "always" && value != "failure") return invalid("when", "always or failure");
      n.when = value == "always" ? NotifyWhen::kAlways : NotifyWhen::kFailure;
    } else if (key == "attachDetails") {
      if (!value.is_boolean()) return invalid("attachDetails", "must be true or false");
      n.attach_details = value.get<bool>();
    } else if (key == "language") {
      if (!value.is_string() || !isTextLanguage(value.get<std::string>())) {
        return invalid("language", "one of en, fr, de, it, es, ja");
      }
      n.language = value.get<std::string>();
    } else if (key == "priority") {
      const auto priority =
          value.is_string() ? mailPriorityFromString(value.get<std::string>()) : std::nullopt;
      if (!priority) return invalid("priority", "high, normal or low");
      n.priority = *priority;
    } else {
      return invalid(key, "not a notification field");
    }
  }
  return n;
}

nlohmann::json notificationToJson(const TaskNotification& n) {
  return {{"to", n.to},
          {"when", n.when == NotifyWhen::kAlways ? "always" : "failure"},
          {"attachDetails", n.attach_details},
          {"language", n.language},
          {"priority", toString(n.priority)}};
}

std::string civilToText(const CivilDateTime& t) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d", t.year, t.month, t.day, t.hour,
                t.minute);
  return text;
}

std::optional<CivilDateTime> civilFromText(const std::string& text) {
  CivilDateTime t;
  char tail = 0;
  if (text.size() != 16 || std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &t.year, &t.month,
                                       &t.day, &t.hour, &t.minute, &tail) != 5) {
    return std::nullopt;
  }
  return t;
}

Outcome<TaskSchedule> scheduleFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return bad("kind", "the schedule must be an object");
  TaskSchedule s;
  const auto kind = json.contains("kind") && json["kind"].is_string()
                        ? scheduleKindFromString(json["kind"].get<std::string>())
                        : std::nullopt;
  if (!kind) return bad("kind", "must be now, once, daily, weekly or monthly");
  s.kind = *kind;
  const auto text = [&json](const char* key) -> std::optional<std::string> {
    if (!json.contains(key) || !json[key].is_string()) return std::nullopt;
    return json[key].get<std::string>();
  };
  if (s.kind == ScheduleKind::kOnce) {
    const auto at = text("at");
    const auto civil = at ? civilFromText(*at) : std::nullopt;
    if (!civil) return bad("at", "must be a date and time YYYY-MM-DDTHH:MM");
    s.at = *civil;
  } else if (s.kind != ScheduleKind::kNow) {
    const auto time = text("time");
    if (!time || time->size() != 5 ||
        std::sscanf(time->c_str(), "%2d:%2d", &s.hour, &s.minute) != 2) {
      return bad("time", "must be a time of day HH:MM");
    }
    if (json.contains("every")) {
      if (!json["every"].is_number_integer()) return bad("every", "must be a whole number");
      s.every = json["every"].get<int>();
    }
    for (const auto& [key, bound] : {std::pair{"starts", &s.starts}, std::pair{"ends", &s.ends}}) {
      if (!json.contains(key) || json[key].is_null()) continue;
      const auto value = text(key);
      *bound = value ? civilFromText(*value) : std::nullopt;
      if (!*bound) return bad(key, "must be a date and time YYYY-MM-DDTHH:MM");
    }
    if (s.kind == ScheduleKind::kWeekly) {
      if (!json.contains("weekdays") || !json["weekdays"].is_array()) {
        return bad("weekdays", "must list days of the week, 0 (Sunday) to 6 (Saturday)");
      }
      for (const auto& day : json["weekdays"]) {
        if (!day.is_number_integer() || day.get<int>() < 0 || day.get<int>() > 6) {
          return bad("weekdays", "must list days of the week, 0 (Sunday) to 6 (Saturday)");
        }
        s.weekdays |= static_cast<std::uint8_t>(1U << day.get<int>());
      }
    }
    if (s.kind == ScheduleKind::kMonthly) {
      if (json.contains("weekOfMonth")) {
        s.monthly_rule = MonthlyRule::kWeekday;
        const auto week = numberOrLast(json["weekOfMonth"], true);
        if (!week) return bad("weekOfMonth", "must be 1..5 or last");
        s.week_of_month = *week;
        const auto day =
            json.contains("weekday") ? numberOrLast(json["weekday"], false) : std::nullopt;
        if (!day) return bad("weekday", "must be 0 (Sunday)..6 (Saturday)");
        s.weekday = *day;
      } else {
        const auto day =
            json.contains("monthDay") ? numberOrLast(json["monthDay"], true) : std::nullopt;
        if (!day) return bad("monthDay", "must be 1..31 or last");
        s.month_day = *day;
      }
    }
  }
  if (const auto problem = validateSchedule(s)) return bad(problem->field, problem->message);
  return s;
}

nlohmann::json scheduleToJson(const TaskSchedule& s) {
  nlohmann::json json{{"kind", toString(s.kind)}};
  if (s.kind == ScheduleKind::kOnce) json["at"] = civilToText(s.at);
  if (s.kind == ScheduleKind::kNow || s.kind == ScheduleKind::kOnce) return json;
  char time[8];
  std::snprintf(time, sizeof time, "%02d:%02d", s.hour, s.minute);
  json["time"] = time;
  json["every"] = s.every;
  if (s.starts) json["starts"] = civilToText(*s.starts);
  if (s.ends) json["ends"] = civilToText(*s.ends);
  if (s.kind == ScheduleKind::kWeekly) {
    json["weekdays"] = nlohmann::json::array();
    for (int day = 0; day < 7; ++day) {
      if ((s.weekdays & (1U << day)) != 0) json["weekdays"].push_back(day);
    }
  }
  if (s.kind == ScheduleKind::kMonthly) {
    if (s.monthly_rule == MonthlyRule::kWeekday) {
      json["weekOfMonth"] = numberOrLastToJson(s.week_of_month);
      json["weekday"] = s.weekday;
    } else {
      json["monthDay"] = numberOrLastToJson(s.month_day);
    }
  }
  return json;
}

}  // namespace pw::manager
