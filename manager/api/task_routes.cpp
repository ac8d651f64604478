#include <charconv>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"
#include "manager/api/routes.hpp"
#include "manager/services/task_engine.hpp"
#include "manager/services/task_json.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxPage = 500;

json optionalTime(const std::optional<Clock::TimePoint>& t) {
  return t ? json(iso8601(*t)) : json(nullptr);
}

json runJson(const TaskRun& run) {
  json counts = json::object();
  for (const auto& [result, count] : run.counts) counts[toString(result)] = count;
  json result = nullptr;
  if (run.state == TaskRunState::kCompleted || run.state == TaskRunState::kCancelled) {
    // A run that could not start (too many targets) is an error.
    const auto overall = run.counts.empty() && run.detail ? std::optional(TargetResult::kError)
                                                          : overallResult(run.counts);
    if (overall) result = toString(*overall);
  }
  return {{"id", run.id},
          {"taskId", run.task_id ? json(*run.task_id) : json(nullptr)},
          {"taskName", run.task_name},
          {"taskType", run.task_type},
          {"state", toString(run.state)},
          {"result", result},
          {"detail", run.detail ? json(*run.detail) : json(nullptr)},
          {"counts", counts},
          {"createdAt", iso8601(run.created_at)},
          {"startedAt", optionalTime(run.started_at)},
          {"endedAt", optionalTime(run.ended_at)}};
}

json taskJson(const TaskView& view) {
  const auto& t = view.record;
  return {{"id", t.id},
          {"name", t.name},
          {"type", t.type},
          {"parameters", view.parameters},
          {"notification", notificationToJson(view.notification)},
          {"schedule", scheduleToJson(view.schedule)},
          {"timeZone", t.time_zone},
          {"active", t.active},
          {"targets",
           {{"deviceIds", t.targets.device_ids},
            {"groupIds", t.targets.group_ids},
            {"agentIds", t.targets.agent_ids}}},
          {"nextRunAt", optionalTime(t.next_run_at)},
          {"createdAt", iso8601(t.created_at)},
          {"updatedAt", iso8601(t.updated_at)},
          {"lastRun", view.last_run ? runJson(*view.last_run) : json(nullptr)}};
}

json targetJson(const TaskTargetResult& r) {
  return {{"kind", toString(r.target.kind)},
          {"id", r.target.id},
          {"result", toString(r.result)},
          {"detail", r.detail},
          {"step", r.step},
          {"commandId", r.command_id ? json(*r.command_id) : json(nullptr)},
          {"updatedAt", optionalTime(r.updated_at)}};
}

std::optional<std::vector<std::int64_t>> ids(const json& value) {
  if (!value.is_array()) return std::nullopt;
  std::vector<std::int64_t> out;
  for (const auto& v : value) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1) return std::nullopt;
    out.push_back(v.get<std::int64_t>());
  }
  return out;
}

// A POST or PUT body: every field of the task (PUT replaces it).
Outcome<TaskInput> parseTaskBody(const json& body) {
  const auto bad = [](const std::string& message) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input", message};
  };
  TaskInput in;
  bool has_schedule = false;
  for (const auto& [key, value] : body.items()) {
    if (key == "name" || key == "type" || key == "timeZone") {
      if (!value.is_string()) return bad(key + ": must be a string");
      (key == "name" ? in.name : key == "type" ? in.type : in.time_zone) = value.get<std::string>();
    } else if (key == "parameters") {
      if (!value.is_object()) return bad("parameters: must be an object");
      in.parameters = value;
    } else if (key == "notification") {
      auto notification = notificationFromJson(value);
      if (!notification) return notification.error();
      in.notification = *notification;
    } else if (key == "active") {
      if (!value.is_boolean()) return bad("active: must be true or false");
      in.active = value.get<bool>();
    } else if (key == "schedule") {
      auto schedule = scheduleFromJson(value);
      if (!schedule) return schedule.error();
      in.schedule = *schedule;
      has_schedule = true;
    } else if (key == "targets") {
      if (!value.is_object()) return bad("targets: must be an object");
      for (const auto& [kind, list] : value.items()) {
        auto* out = kind == "deviceIds"  ? &in.targets.device_ids
                    : kind == "groupIds" ? &in.targets.group_ids
                    : kind == "agentIds" ? &in.targets.agent_ids
                                         : nullptr;
        const auto parsed = ids(list);
        if (out == nullptr || !parsed) {
          return bad("targets." + kind + ": send deviceIds, groupIds or agentIds as lists of ids");
        }
        *out = *parsed;
      }
    } else {
      return bad("\"" + key + "\" is not a task field");
    }
  }
  if (in.name.empty()) return bad("name: required");
  if (in.type.empty()) return bad("type: required");
  if (!has_schedule) return bad("schedule: required");
  return in;
}

// ?offset=&limit= (limit 1..500, default 50).
Outcome<std::pair<std::size_t, std::size_t>> page(const RouteContext& ctx) {
  std::size_t offset = 0;
  std::size_t limit = 50;
  for (const auto& [name, value] : ctx.request.queryParams()) {
    std::size_t number = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    const bool ok = ec == std::errc() && end == value.data() + value.size();
    if (name == "offset" && ok) {
      offset = number;
    } else if (name == "limit" && ok && number >= 1 && number <= kMaxPage) {
      limit = number;
    } else {
      return Problem{ErrorKind::kInvalidInput, "invalid_input",
                     "query: offset (0 or more) and limit (1 to 500) only"};
    }
  }
  return std::pair{offset, limit};
}

// The routes on one task or run by id that answer a task or a run.
template <typename T>
RouteHandler byId(std::function<Outcome<T>(std::int64_t)> call, int status,
                  std::function<json(const T&)> to_json) {
  return [call = std::move(call), status, to_json = std::move(to_json)](
             RouteContext& ctx, const net::Responder& respond) {
    const auto id = idParam(ctx);
    if (!id) return respond(badId());
    respondOutcome<T>(call(*id), status, respond, to_json);
  };
}

}  // namespace

// Tasks (decision 0024): Device Managers with the tasks grant change them, Users read them.
void addTaskRoutes(Router& router, const RouteEnv& env) {
  TaskEngine& tasks = env.deps.tasks;
  spdlog::logger& audit = env.audit;

  router.add({"GET", "/api/v1/task-types", Access::view(Grant::kTasks),
              [&tasks](RouteContext&, const net::Responder& respond) {
                respond(jsonResponse(200, {{"items", tasks.typeNames()}}));
              }});

  router.add({"GET", "/api/v1/tasks", Access::view(Grant::kTasks),
              [&tasks](RouteContext&, const net::Responder& respond) {
                json items = json::array();
                for (const auto& view : tasks.list()) items.push_back(taskJson(view));
                respond(jsonResponse(200, {{"items", items}}));
              }});

  router.add({"POST", "/api/v1/tasks", Access::manage(Grant::kTasks),
              [&tasks, &audit](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto input = parseTaskBody(body.value);
                if (!input) return respond(problemResponse(input.error()));
                const auto created = tasks.create(*input);
                if (created) {
                  audit.info("task created id={} type={} by={}", created->record.id,
                             created->record.type, ctx.auth->user.username);
                }
                respondOutcome<TaskView>(created, 201, respond, taskJson);
              }});

  router.add({"POST", "/api/v1/task-schedules/preview", Access::manage(Grant::kTasks),
              [&tasks](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto schedule = scheduleFromJson(body.value.value("schedule", json()));
                if (!schedule) return respond(problemResponse(schedule.error()));
                const auto zone = body.value.value("timeZone", json(""));
                if (!zone.is_string()) {
                  return respond(
                      problemResponse(400, "invalid_input", "timeZone: must be a string"));
                }
                const auto runs = tasks.preview(*schedule, zone.get<std::string>(), 5);
                if (!runs) return respond(problemResponse(runs.error()));
                json items = json::array();
                for (const auto t : *runs) items.push_back(iso8601(t));
                respond(jsonResponse(200, {{"items", items}}));
              }});

  router.add({"GET", "/api/v1/tasks/{id}", Access::view(Grant::kTasks),
              byId<TaskView>([&tasks](std::int64_t id) { return tasks.find(id); }, 200, taskJson)});

  router.add({"PUT", "/api/v1/tasks/{id}", Access::manage(Grant::kTasks),
              [&tasks, &audit](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto input = parseTaskBody(body.value);
                if (!input) return respond(problemResponse(input.error()));
                const auto updated = tasks.update(*id, *input);
                if (updated) audit.info("task updated id={} by={}", *id, ctx.auth->user.username);
                respondOutcome<TaskView>(updated, 200, respond, taskJson);
              }});

  router.add({"DELETE", "/api/v1/tasks/{id}", Access::manage(Grant::kTasks),
              [&tasks, &audit](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto removed = tasks.remove(*id);
                if (!removed) return respond(problemResponse(removed.error()));
                audit.info("task deleted id={} by={}", *id, ctx.auth->user.username);
                respond(emptyResponse(204));
              }});

  const std::vector<std::pair<const char*, std::function<Outcome<TaskView>(std::int64_t)>>>
      task_actions{
          {"duplicate", [&tasks](std::int64_t id) { return tasks.duplicate(id); }},
          {"activate", [&tasks](std::int64_t id) { return tasks.setActive(id, true); }},
          {"deactivate", [&tasks](std::int64_t id) { return tasks.setActive(id, false); }},
      };
  for (const auto& [action, call] : task_actions) {
    router.add({"POST", std::string("/api/v1/tasks/{id}/") + action, Access::manage(Grant::kTasks),
                [call, action = std::string(action), &audit](RouteContext& ctx,
                                                             const net::Responder& respond) {
                  const auto id = idParam(ctx);
                  if (!id) return respond(badId());
                  const auto done = call(*id);
                  if (done) {
                    audit.info("task {} id={} by={}", action, *id, ctx.auth->user.username);
                  }
                  respondOutcome<TaskView>(done, action == "duplicate" ? 201 : 200, respond,
                                           taskJson);
                }});
  }

  router.add({"POST", "/api/v1/tasks/{id}/run", Access::manage(Grant::kTasks),
              [&tasks, &audit](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto run = tasks.runNow(*id);
                if (run) audit.info("task run id={} by={}", *id, ctx.auth->user.username);
                respondOutcome<TaskRun>(run, 202, respond, runJson);
              }});

  const auto list_runs = [&tasks](std::optional<std::int64_t> task_id, RouteContext& ctx,
                                  const net::Responder& respond) {
    const auto p = page(ctx);
    if (!p) return respond(problemResponse(p.error()));
    if (task_id && !tasks.find(*task_id))
      return respond(problemResponse(tasks.find(*task_id).error()));
    json items = json::array();
    for (const auto& run : tasks.runs(task_id, p->first, p->second)) items.push_back(runJson(run));
    respond(jsonResponse(200, {{"items", items}}));
  };
  router.add({"GET", "/api/v1/tasks/{id}/runs", Access::view(Grant::kTasks),
              [list_runs](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                list_runs(*id, ctx, respond);
              }});
  router.add({"GET", "/api/v1/task-runs", Access::view(Grant::kTasks),
              [list_runs](RouteContext& ctx, const net::Responder& respond) {
                list_runs(std::nullopt, ctx, respond);
              }});

  router.add({"GET", "/api/v1/task-runs/{id}", Access::view(Grant::kTasks),
              [&tasks](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto p = page(ctx);
                if (!p) return respond(problemResponse(p.error()));
                const auto run = tasks.run(*id);
                if (!run) return respond(problemResponse(run.error()));
                const auto targets = tasks.runTargets(*id, p->first, p->second);
                if (!targets) return respond(problemResponse(targets.error()));
                auto out = runJson(*run);
                out["targets"] = json::array();
                for (const auto& r : targets->first) out["targets"].push_back(targetJson(r));
                out["targetTotal"] = targets->second;
                respond(jsonResponse(200, out));
              }});

  router.add({"POST", "/api/v1/task-runs/{id}/cancel", Access::manage(Grant::kTasks),
              [&tasks, &audit](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto run = tasks.cancel(*id);
                if (run)
                  audit.info("task run cancelled run={} by={}", *id, ctx.auth->user.username);
                respondOutcome<TaskRun>(run, 200, respond, runJson);
              }});

  router.add({"POST", "/api/v1/task-runs/{id}/recover", Access::manage(Grant::kTasks),
              [&tasks, &audit](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto task = tasks.recover(*id);
                if (task) {
                  audit.info("recovery task created id={} from run={} by={}", task->record.id, *id,
                             ctx.auth->user.username);
                }
                respondOutcome<TaskView>(task, 201, respond, taskJson);
              }});

  router.add({"GET", "/api/v1/settings/task-history", Access::kSystemManager,
              [&tasks](RouteContext&, const net::Responder& respond) {
                respond(jsonResponse(200, {{"days", tasks.historyDays()}}));
              }});
  router.add(
      {"PUT", "/api/v1/settings/task-history", Access::kSystemManager,
       [&tasks](RouteContext& ctx, const net::Responder& respond) {
         auto body = parseJsonObjectBody(ctx.request);
         if (body.error) return respond(*body.error);
         const auto days = body.value.value("days", json());
         if (!days.is_number_integer() || body.value.size() != 1) {
           return respond(problemResponse(400, "invalid_input", "days: required, a whole number"));
         }
         const auto before = tasks.historyDays();
         const auto saved = tasks.setHistoryDays(days.get<int>());
         if (saved) ctx.audit->change({{"days", before}}, {{"days", *saved}});
         respondOutcome<int>(saved, 200, respond, [](const int& d) { return json{{"days", d}}; });
       }});
}

}  // namespace pw::manager::api
