#include "manager/services/task_engine.hpp"

#include <algorithm>

#include "manager/services/task_json.hpp"
#include "manager/services/zone_rules.hpp"

namespace pw::manager {
namespace {

constexpr std::size_t kMaxNameLength = 200;
constexpr const char* kInterrupted = "interrupted by a Manager restart";
constexpr auto kPurgeEvery = std::chrono::hours{1};

Problem invalid(const std::string& message) {
  return Problem{ErrorKind::kInvalidInput, "invalid_input", message};
}

Problem notFound(const std::string& what) {
  return Problem{ErrorKind::kNotFound, "not_found", what + " not found"};
}

CivilDateTime dateOnly(CivilDateTime t) {
  t.hour = 0;
  t.minute = 0;
  return t;
}

}  // namespace

TaskEngine::TaskEngine(TaskStore& store, SettingsStore& settings, const Clock& clock,
                       time::TimeZone server_zone, ResolveGroup resolve_group)
    : store_(store),
      settings_(settings),
      clock_(clock),
      server_zone_(std::move(server_zone)),
      resolve_group_(std::move(resolve_group)) {}

void TaskEngine::registerType(const std::string& name, std::shared_ptr<TaskType> type) {
  types_[name] = std::move(type);
}

std::vector<std::string> TaskEngine::typeNames() const {
  std::vector<std::string> names{kBatchType};
  for (const auto& [name, type] : types_) names.push_back(name);
  return names;
}

void TaskEngine::addRunObserver(RunObserver observer) {
  std::lock_guard lock(mutex_);
  observers_.push_back(std::move(observer));
}

std::optional<time::TimeZone> TaskEngine::zoneOf(const std::string& name) const {
  return name.empty() ? std::optional(server_zone_) : time::TimeZone::named(name);
}

std::optional<Problem> TaskEngine::validateParameters(const std::string& type,
                                                      const nlohmann::json& p) {
  if (type != kBatchType) {
    const auto it = types_.find(type);
    if (it == types_.end()) return invalid("type: unknown task type \"" + type + "\"");
    return it->second->validate(p);
  }
  // A batch: {"steps":[{"name","type","parameters"}]}, device types only (L3980).
  if (!p.is_object() || !p.contains("steps") || !p["steps"].is_array() || p["steps"].empty() ||
      p["steps"].size() > static_cast<std::size_t>(kMaxBatchSteps)) {
    return invalid("parameters.steps: must list 1 to 20 steps");
  }
  for (std::size_t i = 0; i < p["steps"].size(); ++i) {
    const auto& step = p["steps"][i];
    const auto where = "parameters.steps[" + std::to_string(i) + "]";
    if (!step.is_object() || !step.contains("type") || !step["type"].is_string()) {
      return invalid(where + ".type: required");
    }
    const auto it = types_.find(step["type"].get<std::string>());
    if (it == types_.end() || it->second->targetKind() != TaskTargetKind::kDevice) {
      return invalid(where + ".type: must be a task type for devices");
    }
    if (auto problem = it->second->validate(step.value("parameters", nlohmann::json::object()))) {
      problem->message = where + "." + problem->message;
      return problem;
    }
  }
  return std::nullopt;
}

Outcome<TaskRecord> TaskEngine::validated(const TaskInput& input, std::optional<std::int64_t> id) {
  if (input.name.empty() || input.name.size() > kMaxNameLength) {
    return invalid("name: must be 1 to 200 characters");
  }
  if (auto problem = validateParameters(input.type, input.parameters)) return *problem;
  if (!zoneOf(input.time_zone)) return invalid("timeZone: unknown time zone");
  if (auto problem = validateSchedule(input.schedule)) {
    return invalid("schedule." + problem->field + ": " + problem->message);
  }
  const auto kind =
      input.type == kBatchType ? TaskTargetKind::kDevice : types_.at(input.type)->targetKind();
  const auto& t = input.targets;
  if (kind == TaskTargetKind::kAgent && (!t.device_ids.empty() || !t.group_ids.empty())) {
    return invalid("targets: this task type takes Agents");
  }
  if (kind == TaskTargetKind::kDevice && !t.agent_ids.empty()) {
    return invalid("targets: this task type takes devices and groups");
  }
  if (t.device_ids.size() + t.group_ids.size() + t.agent_ids.size() > kMaxTaskTargets) {
    return invalid("targets: at most 5,000 may be chosen");
  }
  if (t.device_ids.empty() && t.group_ids.empty() && t.agent_ids.empty()) {
    return invalid("targets: choose at least one target");
  }
  TaskRecord record;
  record.id = id.value_or(0);
  record.name = input.name;
  record.type = input.type;
  record.parameters_json = input.parameters.dump();
  record.schedule_json = scheduleToJson(input.schedule).dump();
  record.time_zone = input.time_zone;
  record.active = input.active;
  record.targets = input.targets;
  record.notification_json = notificationToJson(input.notification).dump();
  return record;
}

std::optional<Clock::TimePoint> TaskEngine::nextRunOf(const TaskRecord& task,
                                                      Clock::TimePoint after) {
  if (!task.active) return std::nullopt;
  auto schedule = scheduleFromJson(nlohmann::json::parse(task.schedule_json));
  const auto zone = zoneOf(task.time_zone);
  if (!schedule || !zone) return std::nullopt;
  const IanaZoneRules rules(*zone);
  if (schedule->kind != ScheduleKind::kOnce) {
    // Intervals count from the start bound's date, else from the day the task was created.
    schedule->at =
        schedule->starts ? dateOnly(*schedule->starts) : dateOnly(rules.toCivil(task.created_at));
  }
  return nextRun(*schedule, rules, after);
}

Outcome<TaskView> TaskEngine::viewOf(TaskRecord record) {
  TaskView view;
  auto schedule = scheduleFromJson(nlohmann::json::parse(record.schedule_json));
  if (!schedule) return schedule.error();
  view.schedule = *schedule;
  view.parameters = nlohmann::json::parse(record.parameters_json);
  // Stored by validated(), so it parses; "{}" (tasks from before it existed) is nobody.
  if (auto notification = notificationFromJson(nlohmann::json::parse(record.notification_json))) {
    view.notification = *notification;
  }
  if (record.id != 0) {
    if (auto runs = store_.listRuns(record.id, 0, 1); !runs.empty()) view.last_run = runs.front();
  }
  view.record = std::move(record);
  return view;
}

Outcome<TaskView> TaskEngine::store(TaskRecord record, bool created) {
  const auto now = clock_.now();
  record.updated_at = now;
  if (created) record.created_at = now;
  record.next_run_at = nextRunOf(record, now);
  if (created) {
    record.id = store_.createTask(record);
  } else if (!store_.updateTask(record)) {
    return notFound("task");
  }
  // "Execute now" runs once, when the task is saved active (L3897).
  if (record.active && nlohmann::json::parse(record.schedule_json).value("kind", "") == "now") {
    startOrQueue(record);
  }
  return viewOf(std::move(record));
}

Outcome<TaskView> TaskEngine::create(const TaskInput& input) {
  auto record = validated(input, std::nullopt);
  if (!record) return record.error();
  return store(std::move(*record), true);
}

Outcome<TaskView> TaskEngine::update(std::int64_t id, const TaskInput& input) {
  const auto existing = store_.findTask(id);
  if (!existing) return notFound("task");
  auto record = validated(input, id);
  if (!record) return record.error();
  record->created_at = existing->created_at;
  return store(std::move(*record), false);
}

Outcome<TaskView> TaskEngine::duplicate(std::int64_t id) {
  auto record = store_.findTask(id);
  if (!record) return notFound("task");
  record->name = record->name.substr(0, kMaxNameLength - 7) + " - Copy";
  record->active = false;
  return store(std::move(*record), true);
}

Outcome<TaskView> TaskEngine::setActive(std::int64_t id, bool active) {
  auto record = store_.findTask(id);
  if (!record) return notFound("task");
  record->active = active;
  return store(std::move(*record), false);
}

Outcome<bool> TaskEngine::remove(std::int64_t id) {
  if (!store_.findTask(id)) return notFound("task");
  for (const auto state : {TaskRunState::kScheduled, TaskRunState::kRunning}) {
    for (const auto& run : store_.runsInState(state)) {
      if (run.task_id == id) (void)cancel(run.id);
    }
  }
  return store_.deleteTask(id);
}

std::vector<TaskView> TaskEngine::list() {
  std::vector<TaskView> out;
  for (auto& record : store_.listTasks()) {
    if (auto view = viewOf(std::move(record))) out.push_back(std::move(*view));
  }
  return out;
}

Outcome<TaskView> TaskEngine::find(std::int64_t id) {
  auto record = store_.findTask(id);
  if (!record) return notFound("task");
  return viewOf(std::move(*record));
}

Outcome<TaskRun> TaskEngine::runNow(std::int64_t id) {
  const auto record = store_.findTask(id);
  if (!record) return notFound("task");
  return startOrQueue(*record);
}

TaskRun TaskEngine::startOrQueue(const TaskRecord& task) {
  TaskRun run;
  run.task_id = task.id;
  run.task_name = task.name;
  run.task_type = task.type;
  run.state = TaskRunState::kScheduled;
  run.created_at = clock_.now();
  bool busy = false;
  {
    std::lock_guard lock(mutex_);
    busy = std::any_of(active_.begin(), active_.end(),
                       [&task](const auto& entry) { return entry.second.task.id == task.id; });
    run.id = store_.createRun(run);
    if (!busy) active_[run.id] = ActiveRun{task, {}, 0, {}, {}};
  }
  if (!busy) startRun(run.id, task);
  return store_.findRun(run.id).value_or(run);
}

Outcome<std::vector<TargetRef>> TaskEngine::resolveTargets(const TaskRecord& task,
                                                           TaskTargetKind kind) {
  std::set<TargetRef> targets;
  if (kind == TaskTargetKind::kAgent) {
    for (const auto id : task.targets.agent_ids) targets.insert({TaskTargetKind::kAgent, id});
  } else {
    for (const auto id : task.targets.device_ids) targets.insert({TaskTargetKind::kDevice, id});
    for (const auto group : task.targets.group_ids) {
      // A group deleted since the task was saved has no devices left to run on.
      if (auto devices = resolve_group_(group)) {
        for (const auto id : *devices) targets.insert({TaskTargetKind::kDevice, id});
      }
    }
  }
  if (targets.size() > kMaxTaskTargets) {
    return invalid("the targets resolve to " + std::to_string(targets.size()) +
                   " devices; at most 5,000 are allowed");
  }
  return std::vector<TargetRef>(targets.begin(), targets.end());
}

void TaskEngine::startRun(std::int64_t run_id, const TaskRecord& task) {
  const auto now = clock_.now();
  std::vector<Step> steps;
  const auto parameters = nlohmann::json::parse(task.parameters_json);
  if (task.type == kBatchType) {
    for (const auto& step : parameters["steps"]) {
      steps.push_back(
          {step["type"].get<std::string>(), step.value("parameters", nlohmann::json::object())});
    }
  } else {
    steps.push_back({task.type, parameters});
  }
  const auto type = types_.find(steps.front().type);
  auto targets = type == types_.end()
                     ? Outcome<std::vector<TargetRef>>(invalid("unknown task type"))
                     : resolveTargets(task, type->second->targetKind());
  if (!targets || targets->empty()) {
    store_.setRunState(
        run_id, TaskRunState::kCompleted, now, now,
        targets ? "no targets: the groups have no devices" : targets.error().message);
    finishRun(run_id, task.id);
    return;
  }
  store_.addRunTargets(run_id, *targets);
  store_.setRunState(run_id, TaskRunState::kRunning, now, std::nullopt, std::nullopt);
  {
    std::lock_guard lock(mutex_);
    auto& active = active_[run_id];
    active.task = task;
    active.steps = steps;
    active.step = 0;
    active.outstanding = {targets->begin(), targets->end()};
    active.passed.clear();
  }
  startStep(run_id, 0, steps.front(), std::move(*targets));
}

void TaskEngine::startStep(std::int64_t run_id, int step, const Step& what,
                           std::vector<TargetRef> targets) {
  store_.setTargetsRunning(run_id, targets, step, std::nullopt, clock_.now());
  TaskStep work;
  work.run_id = run_id;
  work.step = step;
  work.parameters = what.parameters;
  work.targets = std::move(targets);
  work.sent = [this, run_id, step](const std::vector<TargetRef>& sent, std::int64_t command_id) {
    store_.setTargetsRunning(run_id, sent, step, command_id, clock_.now());
  };
  work.report = [this, run_id, step](TargetRef target, TargetResult result, std::string detail) {
    onReport(run_id, step, target, result, std::move(detail));
  };
  types_.at(what.type)->start(std::move(work));
}

void TaskEngine::onReport(std::int64_t run_id, int step, TargetRef target, TargetResult result,
                          std::string detail) {
  std::optional<std::pair<int, std::vector<TargetRef>>> next_step;
  Step next_what;
  bool finished = false;
  std::optional<std::int64_t> task_id;
  {
    std::lock_guard lock(mutex_);
    const auto it = active_.find(run_id);
    // A run cancelled meanwhile, or a second report for the target: nothing changes.
    if (it == active_.end() || it->second.step != step ||
        it->second.outstanding.erase(target) == 0) {
      return;
    }
    auto& active = it->second;
    const int step_count = static_cast<int>(active.steps.size());
    const bool last_step = step + 1 >= step_count;
    if (result == TargetResult::kSuccess && !last_step) {
      active.passed.push_back(target);  // stays running: the next step decides its result
    } else {
      TaskTargetResult r{target, result, std::move(detail), step, std::nullopt, std::nullopt};
      store_.setTargetResult(run_id, batchFailure(r, step_count), clock_.now());
    }
    if (active.outstanding.empty()) {
      if (!last_step && !active.passed.empty()) {
        active.step = step + 1;
        active.outstanding = {active.passed.begin(), active.passed.end()};
        next_step.emplace(step + 1, std::move(active.passed));
        active.passed.clear();
        next_what = active.steps[static_cast<std::size_t>(step + 1)];
      } else {
        finished = true;
        task_id = active.task.id;
        active_.erase(it);
      }
    }
  }
  if (next_step) {
    startStep(run_id, next_step->first, next_what, std::move(next_step->second));
  } else if (finished) {
    store_.setRunState(run_id, TaskRunState::kCompleted, std::nullopt, clock_.now(), std::nullopt);
    finishRun(run_id, task_id);
  }
}

void TaskEngine::finishRun(std::int64_t run_id, std::optional<std::int64_t> task_id) {
  std::vector<RunObserver> observers;
  std::optional<TaskRecord> queued_task;
  std::optional<std::int64_t> queued_run;
  {
    std::lock_guard lock(mutex_);
    active_.erase(run_id);
    observers = observers_;
    // The oldest run of the same task waiting behind this one starts now, unless another of
    // its runs still runs (a queued run was cancelled).
    const bool busy = std::any_of(active_.begin(), active_.end(), [&task_id](const auto& entry) {
      return entry.second.task.id == task_id;
    });
    if (task_id && !busy) {
      for (const auto& run : store_.runsInState(TaskRunState::kScheduled)) {
        if (run.task_id == task_id && run.id != run_id && !active_.contains(run.id)) {
          if ((queued_task = store_.findTask(*task_id))) {
            queued_run = run.id;
            active_[run.id] = ActiveRun{*queued_task, {}, 0, {}, {}};
          }
          break;
        }
      }
    }
  }
  if (const auto run = store_.findRun(run_id)) {
    for (const auto& observer : observers) observer(*run);
  }
  if (queued_run) startRun(*queued_run, *queued_task);
}

Outcome<TaskRun> TaskEngine::cancel(std::int64_t run_id) {
  const auto run = store_.findRun(run_id);
  if (!run) return notFound("run");
  if (run->state != TaskRunState::kScheduled && run->state != TaskRunState::kRunning) {
    return Problem{ErrorKind::kConflict, "run_finished", "the run has already ended"};
  }
  {
    std::lock_guard lock(mutex_);
    active_.erase(run_id);  // later reports are ignored
  }
  const auto now = clock_.now();
  store_.finishTargets(run_id, false, TargetResult::kCancelled,
                       "cancelled before it was sent to the Agent", now);
  store_.finishTargets(run_id, true, TargetResult::kCancelled,
                       "cancelled after it was sent to the Agent: the operation may have been done",
                       now);
  store_.setRunState(run_id, TaskRunState::kCancelled, std::nullopt, now, std::nullopt);
  finishRun(run_id, run->task_id);
  return store_.findRun(run_id).value_or(*run);
}

Outcome<TaskView> TaskEngine::recover(std::int64_t run_id) {
  const auto run = store_.findRun(run_id);
  if (!run) return notFound("run");
  const auto task = run->task_id ? store_.findTask(*run->task_id) : std::nullopt;
  if (!task) return Problem{ErrorKind::kConflict, "task_deleted", "the run's task was deleted"};
  TaskRecord recovery = *task;
  recovery.targets = {};
  for (std::size_t offset = 0;; offset += kMaxTaskTargets) {
    const auto [page, total] = store_.runTargets(run_id, offset, kMaxTaskTargets);
    for (const auto& r : page) {
      if (r.result != TargetResult::kError && r.result != TargetResult::kTimeout &&
          r.result != TargetResult::kAuthenticationError) {
        continue;
      }
      auto& ids = r.target.kind == TaskTargetKind::kAgent ? recovery.targets.agent_ids
                                                          : recovery.targets.device_ids;
      ids.push_back(r.target.id);
    }
    if (page.empty() || offset + page.size() >= static_cast<std::size_t>(total)) break;
  }
  if (recovery.targets.device_ids.empty() && recovery.targets.agent_ids.empty()) {
    return Problem{ErrorKind::kConflict, "nothing_to_recover", "no target of the run failed"};
  }
  recovery.name = task->name.substr(0, kMaxNameLength - 11) + " - Recovery";
  recovery.active = false;  // edited, then activated (L4147–L4165)
  return store(std::move(recovery), true);
}

std::vector<TaskRun> TaskEngine::runs(std::optional<std::int64_t> task_id, std::size_t offset,
                                      std::size_t limit) {
  return store_.listRuns(task_id, offset, limit);
}

Outcome<TaskRun> TaskEngine::run(std::int64_t run_id) {
  auto run = store_.findRun(run_id);
  if (!run) return notFound("run");
  return std::move(*run);
}

Outcome<std::pair<std::vector<TaskTargetResult>, std::int64_t>> TaskEngine::runTargets(
    std::int64_t run_id, std::size_t offset, std::size_t limit) {
  if (!store_.findRun(run_id)) return notFound("run");
  return store_.runTargets(run_id, offset, limit);
}

Outcome<std::vector<Clock::TimePoint>> TaskEngine::preview(const TaskSchedule& schedule,
                                                           const std::string& time_zone,
                                                           std::size_t count) {
  const auto zone = zoneOf(time_zone);
  if (!zone) return invalid("timeZone: unknown time zone");
  if (auto problem = validateSchedule(schedule)) {
    return invalid("schedule." + problem->field + ": " + problem->message);
  }
  TaskRecord draft;
  draft.schedule_json = scheduleToJson(schedule).dump();
  draft.time_zone = time_zone;
  draft.created_at = clock_.now();
  std::vector<Clock::TimePoint> out;
  auto after = clock_.now();
  while (out.size() < count) {
    const auto next = nextRunOf(draft, after);
    if (!next) break;
    out.push_back(*next);
    after = *next;
  }
  return out;
}

int TaskEngine::historyDays() {
  const auto text = settings_.findSetting(kHistorySettingKey);
  if (!text) return kDefaultHistoryDays;
  const auto json = nlohmann::json::parse(*text, nullptr, false);
  return json.is_object() && json.contains("days") && json["days"].is_number_integer()
             ? json["days"].get<int>()
             : kDefaultHistoryDays;
}

Outcome<int> TaskEngine::setHistoryDays(int days) {
  if (days < kMinRetentionDays || days > kMaxRetentionDays) {
    return invalid("historyDays: must be between 1 and 3650");
  }
  settings_.saveSetting(kHistorySettingKey, nlohmann::json{{"days", days}}.dump());
  return days;
}

void TaskEngine::tick() {
  for (const auto& [name, type] : types_) type->poll();
  const auto now = clock_.now();
  for (const auto& task : store_.dueTasks(now)) {
    // Runs missed while the Manager was stopped collapse into this one.
    store_.setNextRun(task.id, nextRunOf(task, now));
    startOrQueue(task);
  }
  if (!last_purge_ || now - *last_purge_ >= kPurgeEvery) {
    last_purge_ = now;
    store_.purgeRuns(now - std::chrono::days{historyDays()});
  }
}

void TaskEngine::recoverAfterRestart() {
  const auto now = clock_.now();
  for (const auto state : {TaskRunState::kRunning, TaskRunState::kScheduled}) {
    for (const auto& run : store_.runsInState(state)) {
      store_.finishTargets(run.id, false, TargetResult::kError,
                           std::string(kInterrupted) + " before it was sent to the Agent", now);
      store_.finishTargets(run.id, true, TargetResult::kError,
                           std::string(kInterrupted) +
                               ": the operation may have been done, its result was not received",
                           now);
      store_.setRunState(
          run.id, TaskRunState::kCompleted, std::nullopt, now,
          state == TaskRunState::kScheduled
              ? std::optional<std::string>(std::string(kInterrupted) + " before the run started")
              : std::nullopt);
    }
  }
}

}  // namespace pw::manager
