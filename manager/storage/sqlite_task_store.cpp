// TaskStore on SQLite (tables tasks, task_targets, task_runs, task_run_targets of migration
// 0019).
#include <sqlite3.h>

#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {

using sqlite::Statement;
using sqlite::Transaction;

namespace {

constexpr const char* kTaskColumns =
    "id, name, type, parameters, schedule, time_zone, active, next_run_at, created_at, "
    "updated_at, notification";
constexpr const char* kRunColumns =
    "id, task_id, task_name, task_type, state, detail, created_at, started_at, ended_at";

std::optional<std::int64_t> seconds(const std::optional<Clock::TimePoint>& t) {
  return t ? std::optional<std::int64_t>(toUnixSeconds(*t)) : std::nullopt;
}

std::optional<Clock::TimePoint> optionalTime(const Statement& s, int column) {
  return s.isNull(column) ? std::nullopt : std::optional(s.time(column));
}

TaskRecord readTask(const Statement& s) {
  TaskRecord t;
  t.id = s.integer(0);
  t.name = s.text(1);
  t.type = s.text(2);
  t.parameters_json = s.text(3);
  t.schedule_json = s.text(4);
  t.time_zone = s.text(5);
  t.active = s.integer(6) != 0;
  t.next_run_at = optionalTime(s, 7);
  t.created_at = s.time(8);
  t.updated_at = s.time(9);
  t.notification_json = s.text(10);
  return t;
}

TaskRun readRun(const Statement& s) {
  TaskRun r;
  r.id = s.integer(0);
  if (!s.isNull(1)) r.task_id = s.integer(1);
  r.task_name = s.text(2);
  r.task_type = s.text(3);
  r.state = taskRunStateFromString(s.text(4)).value_or(TaskRunState::kCompleted);
  if (!s.isNull(5)) r.detail = s.text(5);
  r.created_at = s.time(6);
  r.started_at = optionalTime(s, 7);
  r.ended_at = optionalTime(s, 8);
  return r;
}

TaskTargetKind targetKindOf(const std::string& text) {
  return text == "agent" ? TaskTargetKind::kAgent : TaskTargetKind::kDevice;
}

void writeTargets(sqlite3* db, std::int64_t task_id, const TaskTargets& targets) {
  Statement(db, "DELETE FROM task_targets WHERE task_id = ?").bind(task_id).step();
  Statement insert(db,
                   "INSERT OR IGNORE INTO task_targets (task_id, kind, target_id) "
                   "VALUES (?, ?, ?)");
  for (const auto& [kind, ids] :
       {std::pair{"device", &targets.device_ids}, std::pair{"group", &targets.group_ids},
        std::pair{"agent", &targets.agent_ids}}) {
    for (const auto id : *ids) {
      insert.reset().bind(task_id).bind(std::string(kind)).bind(id).step();
    }
  }
}

TaskTargets readTargets(sqlite3* db, std::int64_t task_id) {
  TaskTargets targets;
  Statement s(db,
              "SELECT kind, target_id FROM task_targets WHERE task_id = ? "
              "ORDER BY kind, target_id");
  s.bind(task_id);
  while (s.step()) {
    const auto kind = s.text(0);
    auto& ids = kind == "group"   ? targets.group_ids
                : kind == "agent" ? targets.agent_ids
                                  : targets.device_ids;
    ids.push_back(s.integer(1));
  }
  return targets;
}

void readCounts(sqlite3* db, TaskRun& run) {
  Statement s(db, "SELECT result, COUNT(*) FROM task_run_targets WHERE run_id = ? GROUP BY result");
  s.bind(run.id);
  while (s.step()) {
    if (const auto result = targetResultFromString(s.text(0))) run.counts[*result] = s.integer(1);
  }
}

}  // namespace

std::vector<TaskRecord> SqliteStorage::listTasks() {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kTaskColumns + " FROM tasks ORDER BY id");
  std::vector<TaskRecord> out;
  while (s.step()) out.push_back(readTask(s));
  for (auto& t : out) t.targets = readTargets(db_, t.id);
  return out;
}

std::optional<TaskRecord> SqliteStorage::findTask(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kTaskColumns + " FROM tasks WHERE id = ?");
  s.bind(id);
  if (!s.step()) return std::nullopt;
  auto task = readTask(s);
  task.targets = readTargets(db_, id);
  return task;
}

std::int64_t SqliteStorage::createTask(const TaskRecord& task) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  Statement(db_,
            "INSERT INTO tasks (name, type, parameters, schedule, time_zone, active, next_run_at, "
            "created_at, updated_at, notification) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(task.name)
      .bind(task.type)
      .bind(task.parameters_json)
      .bind(task.schedule_json)
      .bind(task.time_zone)
      .bind(std::int64_t{task.active ? 1 : 0})
      .bind(seconds(task.next_run_at))
      .bind(task.created_at)
      .bind(task.updated_at)
      .bind(task.notification_json)
      .step();
  const auto id = sqlite3_last_insert_rowid(db_);
  writeTargets(db_, id, task.targets);
  tx.commit();
  return id;
}

bool SqliteStorage::updateTask(const TaskRecord& task) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  Statement(db_,
            "UPDATE tasks SET name = ?, type = ?, parameters = ?, schedule = ?, time_zone = ?, "
            "active = ?, next_run_at = ?, updated_at = ?, notification = ? WHERE id = ?")
      .bind(task.name)
      .bind(task.type)
      .bind(task.parameters_json)
      .bind(task.schedule_json)
      .bind(task.time_zone)
      .bind(std::int64_t{task.active ? 1 : 0})
      .bind(seconds(task.next_run_at))
      .bind(task.updated_at)
      .bind(task.notification_json)
      .bind(task.id)
      .step();
  if (sqlite3_changes(db_) == 0) return false;
  writeTargets(db_, task.id, task.targets);
  tx.commit();
  return true;
}

bool SqliteStorage::deleteTask(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Statement(db_, "DELETE FROM tasks WHERE id = ?").bind(id).step();
  return sqlite3_changes(db_) > 0;
}

void SqliteStorage::setNextRun(std::int64_t task_id, std::optional<Clock::TimePoint> at) {
  std::lock_guard lock(mutex_);
  Statement(db_, "UPDATE tasks SET next_run_at = ? WHERE id = ?")
      .bind(seconds(at))
      .bind(task_id)
      .step();
}

std::vector<TaskRecord> SqliteStorage::dueTasks(Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kTaskColumns +
                       " FROM tasks WHERE active = 1 AND next_run_at IS NOT NULL AND "
                       "next_run_at <= ? ORDER BY next_run_at, id");
  s.bind(now);
  std::vector<TaskRecord> out;
  while (s.step()) out.push_back(readTask(s));
  for (auto& t : out) t.targets = readTargets(db_, t.id);
  return out;
}

std::int64_t SqliteStorage::createRun(const TaskRun& run) {
  std::lock_guard lock(mutex_);
  Statement(db_,
            "INSERT INTO task_runs (task_id, task_name, task_type, state, detail, created_at, "
            "started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(run.task_id)
      .bind(run.task_name)
      .bind(run.task_type)
      .bind(std::string(toString(run.state)))
      .bind(run.detail)
      .bind(run.created_at)
      .bind(seconds(run.started_at))
      .bind(seconds(run.ended_at))
      .step();
  return sqlite3_last_insert_rowid(db_);
}

std::optional<TaskRun> SqliteStorage::findRun(std::int64_t run_id) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kRunColumns + " FROM task_runs WHERE id = ?");
  s.bind(run_id);
  if (!s.step()) return std::nullopt;
  auto run = readRun(s);
  readCounts(db_, run);
  return run;
}

std::vector<TaskRun> SqliteStorage::listRuns(std::optional<std::int64_t> task_id,
                                             std::size_t offset, std::size_t limit) {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kRunColumns +
                       " FROM task_runs WHERE (?1 IS NULL OR task_id = ?1) ORDER BY id DESC "
                       "LIMIT ? OFFSET ?");
  s.bind(task_id).bind(static_cast<std::int64_t>(limit)).bind(static_cast<std::int64_t>(offset));
  std::vector<TaskRun> out;
  while (s.step()) out.push_back(readRun(s));
  for (auto& run : out) readCounts(db_, run);
  return out;
}

std::vector<TaskRun> SqliteStorage::runsInState(TaskRunState state) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              std::string("SELECT ") + kRunColumns + " FROM task_runs WHERE state = ? ORDER BY id");
  s.bind(std::string(toString(state)));
  std::vector<TaskRun> out;
  while (s.step()) out.push_back(readRun(s));
  return out;
}

void SqliteStorage::setRunState(std::int64_t run_id, TaskRunState state,
                                std::optional<Clock::TimePoint> started_at,
                                std::optional<Clock::TimePoint> ended_at,
                                std::optional<std::string> detail) {
  std::lock_guard lock(mutex_);
  Statement(db_,
            "UPDATE task_runs SET state = ?, started_at = COALESCE(?, started_at), "
            "ended_at = COALESCE(?, ended_at), detail = COALESCE(?, detail) WHERE id = ?")
      .bind(std::string(toString(state)))
      .bind(seconds(started_at))
      .bind(seconds(ended_at))
      .bind(detail)
      .bind(run_id)
      .step();
}

void SqliteStorage::addRunTargets(std::int64_t run_id, const std::vector<TargetRef>& targets) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  Statement insert(db_,
                   "INSERT OR IGNORE INTO task_run_targets (run_id, target_kind, target_id, "
                   "result) VALUES (?, ?, ?, 'pending')");
  for (const auto& t : targets) {
    insert.reset().bind(run_id).bind(std::string(toString(t.kind))).bind(t.id).step();
  }
  tx.commit();
}

bool SqliteStorage::setTargetResult(std::int64_t run_id, const TaskTargetResult& r,
                                    Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Statement(db_,
            "UPDATE task_run_targets SET result = ?, detail = ?, step = ?, "
            "command_id = COALESCE(?, command_id), updated_at = ? WHERE run_id = ? AND "
            "target_kind = ? AND target_id = ? AND result IN ('pending', 'running')")
      .bind(std::string(toString(r.result)))
      .bind(r.detail)
      .bind(std::int64_t{r.step})
      .bind(r.command_id)
      .bind(now)
      .bind(run_id)
      .bind(std::string(toString(r.target.kind)))
      .bind(r.target.id)
      .step();
  return sqlite3_changes(db_) > 0;
}

void SqliteStorage::setTargetsRunning(std::int64_t run_id, const std::vector<TargetRef>& targets,
                                      int step, std::optional<std::int64_t> command_id,
                                      Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  Statement update(db_,
                   "UPDATE task_run_targets SET result = 'running', step = ?, command_id = ?, "
                   "updated_at = ? WHERE run_id = ? AND target_kind = ? AND target_id = ? AND "
                   "result IN ('pending', 'running', 'success')");
  for (const auto& t : targets) {
    update.reset()
        .bind(std::int64_t{step})
        .bind(command_id)
        .bind(now)
        .bind(run_id)
        .bind(std::string(toString(t.kind)))
        .bind(t.id)
        .step();
  }
  tx.commit();
}

std::size_t SqliteStorage::finishTargets(std::int64_t run_id, bool sent, TargetResult result,
                                         const std::string& detail, Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Statement(db_,
            "UPDATE task_run_targets SET result = ?, detail = ?, updated_at = ? "
            "WHERE run_id = ? AND result IN ('pending', 'running') AND "
            "(command_id IS NOT NULL) = ?")
      .bind(std::string(toString(result)))
      .bind(detail)
      .bind(now)
      .bind(run_id)
      .bind(std::int64_t{sent ? 1 : 0})
      .step();
  return static_cast<std::size_t>(sqlite3_changes(db_));
}

std::pair<std::vector<TaskTargetResult>, std::int64_t> SqliteStorage::runTargets(
    std::int64_t run_id, std::size_t offset, std::size_t limit) {
  std::lock_guard lock(mutex_);
  Statement s(db_,
              "SELECT target_kind, target_id, result, detail, step, command_id, updated_at "
              "FROM task_run_targets WHERE run_id = ? ORDER BY target_kind DESC, target_id "
              "LIMIT ? OFFSET ?");
  s.bind(run_id).bind(static_cast<std::int64_t>(limit)).bind(static_cast<std::int64_t>(offset));
  std::vector<TaskTargetResult> out;
  while (s.step()) {
    TaskTargetResult r;
    r.target = {targetKindOf(s.text(0)), s.integer(1)};
    r.result = targetResultFromString(s.text(2)).value_or(TargetResult::kError);
    r.detail = s.text(3);
    r.step = static_cast<int>(s.integer(4));
    if (!s.isNull(5)) r.command_id = s.integer(5);
    r.updated_at = optionalTime(s, 6);
    out.push_back(std::move(r));
  }
  Statement count(db_, "SELECT COUNT(*) FROM task_run_targets WHERE run_id = ?");
  count.bind(run_id).step();
  return {std::move(out), count.integer(0)};
}

std::size_t SqliteStorage::purgeRuns(Clock::TimePoint before) {
  std::lock_guard lock(mutex_);
  Statement(db_, "DELETE FROM task_runs WHERE state IN ('completed', 'cancelled') AND ended_at < ?")
      .bind(before)
      .step();
  return static_cast<std::size_t>(sqlite3_changes(db_));
}

}  // namespace pw::manager
