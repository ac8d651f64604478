#include <spdlog/spdlog.h>

#include <array>
#include <charconv>
#include <variant>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"
#include "manager/api/routes.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                  "thursday", "friday", "saturday"};

std::string clockText(int minutes) {
  const auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return two(minutes / 60) + ":" + two(minutes % 60);
}

// "HH:MM", 00:00 to 24:00.
std::optional<int> minutesOf(const json& value) {
  if (!value.is_string()) return std::nullopt;
  const auto text = value.get<std::string>();
  int hours = 0;
  int minutes = 0;
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  const auto h = std::from_chars(text.data(), text.data() + 2, hours);
  const auto m = std::from_chars(text.data() + 3, text.data() + 5, minutes);
  if (h.ptr != text.data() + 2 || m.ptr != text.data() + 5 || minutes > 59 || hours > 24 ||
      (hours == 24 && minutes != 0)) {
    return std::nullopt;
  }
  return hours * 60 + minutes;
}

json listJson(const std::vector<TimeWindow>& list) {
  json out = json::array();
  for (const auto& w : list) {
    out.push_back({{"start", clockText(w.start_minute)}, {"end", clockText(w.end_minute)}});
  }
  return out;
}

json windowsJson(const CommunicationWindows& w) {
  json exceptions = json::object();
  for (std::size_t day = 0; day < kWeekdays.size(); ++day) {
    exceptions[kWeekdays[day]] = w.exceptions[day] ? listJson(*w.exceptions[day]) : json(nullptr);
  }
  return {{"standard", listJson(w.standard)}, {"exceptions", exceptions}};
}

std::variant<std::vector<TimeWindow>, std::string> parseList(const json& list,
                                                             const std::string& name) {
  if (!list.is_array()) return name + " must be a list of {\"start\", \"end\"}";
  std::vector<TimeWindow> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& w = list[i];
    const auto at = name + "[" + std::to_string(i) + "]";
    if (!w.is_object() || w.size() != 2 || !w.contains("start") || !w.contains("end")) {
      return at + " must be {\"start\": \"HH:MM\", \"end\": \"HH:MM\"}";
    }
    const auto start = minutesOf(w["start"]);
    const auto end = minutesOf(w["end"]);
    if (!start || !end) return at + ": times are \"HH:MM\" from 00:00 to 24:00";
    out.push_back({*start, *end});
  }
  return out;
}

std::variant<CommunicationWindows, std::string> parseWindows(const json& body) {
  for (const auto& [key, value] : body.items()) {
    if (key != "standard" && key != "exceptions") {
      return "unknown field \"" + key + "\"; send standard and exceptions";
    }
  }
  CommunicationWindows windows;
  if (!body.contains("standard")) return "standard is required";
  auto standard = parseList(body["standard"], "standard");
  if (auto* error = std::get_if<std::string>(&standard)) return *error;
  windows.standard = std::get<std::vector<TimeWindow>>(std::move(standard));
  if (!body.contains("exceptions")) return windows;
  const auto& exceptions = body["exceptions"];
  if (!exceptions.is_object()) return "exceptions must be an object keyed by weekday";
  for (const auto& [key, value] : exceptions.items()) {
    const auto day = std::find(kWeekdays.begin(), kWeekdays.end(), key);
    if (day == kWeekdays.end()) return "exceptions: \"" + key + "\" is not a weekday (sunday..)";
    if (value.is_null()) continue;
    auto list = parseList(value, "exceptions." + key);
    if (auto* error = std::get_if<std::string>(&list)) return *error;
    windows.exceptions[static_cast<std::size_t>(day - kWeekdays.begin())] =
        std::get<std::vector<TimeWindow>>(std::move(list));
  }
  return windows;
}

json taskJson(const BuiltInTaskView& view) {
  return {{"name", toString(view.settings.task)},
          {"active", view.settings.active},
          {"intervalMinutes", view.settings.interval_minutes},
          {"boundByWindows", boundByWindows(view.settings.task)},
          {"lastStarted", view.last_started ? json(iso8601(*view.last_started)) : json(nullptr)}};
}

}  // namespace

// Communication time windows and the built-in tasks' settings.
void addMonitoringRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/settings/communication-windows", Access::kSystemManager,
              [env](RouteContext&, const net::Responder& respond) {
                respond(jsonResponse(200, windowsJson(env.deps.monitoring.windows())));
              }});

  router.add({"PUT", "/api/v1/settings/communication-windows", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                auto parsed = parseWindows(body.value);
                if (const auto* error = std::get_if<std::string>(&parsed)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto before = windowsJson(env.deps.monitoring.windows());
                const auto saved =
                    env.deps.monitoring.setWindows(std::get<CommunicationWindows>(parsed));
                if (saved) {
                  env.audit.info("communication windows changed by={}", ctx.auth->user.username);
                  ctx.audit->change(before, windowsJson(*saved));
                }
                respondOutcome<CommunicationWindows>(saved, 200, respond, windowsJson);
              }});

  router.add({"GET", "/api/v1/builtin-tasks", Access::manage(Grant::kTasks),
              [env](RouteContext&, const net::Responder& respond) {
                json items = json::array();
                for (const auto& view : env.deps.monitoring.tasks()) {
                  items.push_back(taskJson(view));
                }
                respond(jsonResponse(200, {{"items", items}}));
              }});

  router.add(
      {"PATCH", "/api/v1/builtin-tasks/{name}", Access::manage(Grant::kTasks),
       [env](RouteContext& ctx, const net::Responder& respond) {
         const auto task = builtInTaskFromString(ctx.params.at("name"));
         if (!task) {
           return respond(problemResponse(404, "not_found", "There is no such built-in task."));
         }
         auto body = parseJsonObjectBody(ctx.request);
         if (body.error) return respond(*body.error);
         BuiltInTaskEdit edit;
         for (const auto& [key, value] : body.value.items()) {
           if (key == "active" && value.is_boolean()) {
             edit.active = value.get<bool>();
           } else if (key == "intervalMinutes" && value.is_number_integer()) {
             const auto minutes = value.get<std::int64_t>();
             edit.interval_minutes =
                 static_cast<int>(std::clamp<std::int64_t>(minutes, -1, kMaxIntervalMinutes + 1));
           } else {
             return respond(problemResponse(
                 400, "invalid_input",
                 "send active (true or false) and/or intervalMinutes (an integer)"));
           }
         }
         const auto updated = env.deps.monitoring.updateTask(*task, edit);
         if (updated) {
           env.audit.info("built-in task {} changed by={}", toString(*task),
                          ctx.auth->user.username);
         }
         respondOutcome<BuiltInTaskView>(updated, 200, respond, taskJson);
       }});

  // Execute now: starts the task at once, whatever its interval, Active switch and windows.
  router.add({"POST", "/api/v1/builtin-tasks/{name}/run", Access::manage(Grant::kTasks),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto task = builtInTaskFromString(ctx.params.at("name"));
                if (!task) {
                  return respond(
                      problemResponse(404, "not_found", "There is no such built-in task."));
                }
                const auto started = env.deps.built_in_tasks.runNow(*task);
                if (started) {
                  env.audit.info("built-in task {} executed now by={}", toString(*task),
                                 ctx.auth->user.username);
                }
                respondOutcome<BuiltInTaskView>(started, 202, respond, taskJson);
              }});
}

}  // namespace pw::manager::api
