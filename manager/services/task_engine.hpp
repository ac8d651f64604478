#pragma once
// The task engine: user tasks of every registered type, their schedules, runs and per-target
// results (decision 0024). Thread-safe.
//
// A run resolves the task's targets when it starts (groups through ResolveGroup, at most
// kMaxTaskTargets), stores them pending and hands them to the task type (TaskType::start). The
// type reports each target once, from any thread; a batch task runs its steps in order, each
// step only on the targets that succeeded the one before (guide L4017–L4023). One run per
// task at a time: a run due while another runs waits as "scheduled". Results only move from
// unfinished to final, so an answer after a cancel or a restart changes nothing. At start,
// recoverAfterRestart() gives the targets of runs a stop interrupted a truthful Error.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/core/clock.hpp"
#include "common/time/time_zone.hpp"
#include "manager/core/storage.hpp"
#include "manager/core/task.hpp"
#include "manager/core/task_schedule.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// One step of a run, as a task type receives it.
struct TaskStep {
  std::int64_t run_id = 0;
  int step = 0;
  nlohmann::json parameters;
  std::vector<TargetRef> targets;
  /// Tells the engine which Agent command carries these targets (shown with their result).
  std::function<void(const std::vector<TargetRef>& targets, std::int64_t command_id)> sent;
  /// A target's result; call exactly once per target, from any thread, even inside start().
  std::function<void(TargetRef target, TargetResult result, std::string detail)> report;
};

/// What a kind of task does. Implementations are thread-safe.
class TaskType {
 public:
  virtual ~TaskType() = default;
  [[nodiscard]] virtual TaskTargetKind targetKind() const = 0;
  /// The problem with the parameters (the field named), or nullopt when they are valid.
  [[nodiscard]] virtual std::optional<Problem> validate(const nlohmann::json& parameters) const = 0;
  virtual void start(TaskStep step) = 0;
  /// Called on every engine tick: a type that follows work done elsewhere (a discovery run)
  /// checks it here and reports the targets that finished.
  virtual void poll() {}
};

/// A task as the console edits it.
struct TaskInput {
  std::string name;
  std::string type;
  nlohmann::json parameters = nlohmann::json::object();
  TaskSchedule schedule;
  std::string time_zone;  ///< IANA; empty: the Manager's
  bool active = true;
  TaskTargets targets;
  TaskNotification notification;
};

struct TaskView {
  TaskRecord record;
  TaskSchedule schedule;
  nlohmann::json parameters;
  TaskNotification notification;
  std::optional<TaskRun> last_run;
};

class TaskEngine {
 public:
  static constexpr const char* kBatchType = "batch";
  static constexpr const char* kHistorySettingKey = "tasks.history";
  static constexpr int kDefaultHistoryDays = 90;
  static constexpr int kMaxBatchSteps = 20;

  using ResolveGroup = std::function<Outcome<std::vector<std::int64_t>>(std::int64_t group_id)>;
  /// Told of every run that ended (completed or cancelled): the notification hook.
  using RunObserver = std::function<void(const TaskRun& run)>;

  TaskEngine(TaskStore& store, SettingsStore& settings, const Clock& clock,
             time::TimeZone server_zone, ResolveGroup resolve_group);

  /// Registers a type under its name (before the engine is used). "batch" is built in.
  void registerType(const std::string& name, std::shared_ptr<TaskType> type);
  [[nodiscard]] std::vector<std::string> typeNames() const;
  /// Adds an observer of finished runs (called outside the engine's lock).
  void addRunObserver(RunObserver observer);

  // Tasks. Errors: invalid_input naming the field, not_found.
  Outcome<TaskView> create(const TaskInput& input);
  Outcome<TaskView> update(std::int64_t id, const TaskInput& input);
  /// "<name> - Copy", inactive (guide L4072–L4079).
  Outcome<TaskView> duplicate(std::int64_t id);
  Outcome<TaskView> setActive(std::int64_t id, bool active);
  /// Deletes the task, cancelling its unfinished runs; the history keeps its runs.
  Outcome<bool> remove(std::int64_t id);
  std::vector<TaskView> list();
  Outcome<TaskView> find(std::int64_t id);

  /// Starts a run now (or queues it behind the running one).
  Outcome<TaskRun> runNow(std::int64_t id);
  /// Cancels a scheduled or running run: targets not done become cancelled. conflict
  /// run_finished when it already ended.
  Outcome<TaskRun> cancel(std::int64_t run_id);
  /// A new, inactive task of the same kind with only the run's failed targets (Error, Timeout,
  /// Authentication Error), to edit and activate. conflict nothing_to_recover when none failed.
  Outcome<TaskView> recover(std::int64_t run_id);

  std::vector<TaskRun> runs(std::optional<std::int64_t> task_id, std::size_t offset,
                            std::size_t limit);
  Outcome<TaskRun> run(std::int64_t run_id);
  Outcome<std::pair<std::vector<TaskTargetResult>, std::int64_t>> runTargets(std::int64_t run_id,
                                                                             std::size_t offset,
                                                                             std::size_t limit);

  /// The next `count` run times of a schedule in a zone (the editor's preview).
  Outcome<std::vector<Clock::TimePoint>> preview(const TaskSchedule& schedule,
                                                 const std::string& time_zone, std::size_t count);

  int historyDays();
  Outcome<int> setHistoryDays(int days);

  /// Starts the due tasks and purges history older than historyDays(). Call every few seconds,
  /// from one thread.
  void tick();
  /// At Manager start: runs left running or scheduled by the previous process end truthfully.
  void recoverAfterRestart();

 private:
  struct Step {
    std::string type;
    nlohmann::json parameters;
  };
  struct ActiveRun {
    TaskRecord task;
    std::vector<Step> steps;
    int step = 0;
    std::set<TargetRef> outstanding;  ///< not yet reported in this step
    std::vector<TargetRef> passed;    ///< succeeded this step (a batch's next step takes them)
  };

  Outcome<TaskRecord> validated(const TaskInput& input, std::optional<std::int64_t> id);
  std::optional<Problem> validateParameters(const std::string& type, const nlohmann::json& p);
  std::optional<time::TimeZone> zoneOf(const std::string& name) const;
  std::optional<Clock::TimePoint> nextRunOf(const TaskRecord& task, Clock::TimePoint after);
  Outcome<TaskView> viewOf(TaskRecord record);
  Outcome<TaskView> store(TaskRecord record, bool created);
  TaskRun startOrQueue(const TaskRecord& task);
  void startRun(std::int64_t run_id, const TaskRecord& task);
  void startStep(std::int64_t run_id, int step, const Step& what, std::vector<TargetRef> targets);
  void onReport(std::int64_t run_id, int step, TargetRef target, TargetResult result,
                std::string detail);
  /// Tells the observers and starts the task's next queued run, if any.
  void finishRun(std::int64_t run_id, std::optional<std::int64_t> task_id);
  Outcome<std::vector<TargetRef>> resolveTargets(const TaskRecord& task, TaskTargetKind kind);

  TaskStore& store_;
  SettingsStore& settings_;
  const Clock& clock_;
  const time::TimeZone server_zone_;
  const ResolveGroup resolve_group_;
  std::map<std::string, std::shared_ptr<TaskType>> types_;
  std::vector<RunObserver> observers_;
  std::mutex mutex_;
  std::map<std::int64_t, ActiveRun> active_;  // by run id
  std::optional<Clock::TimePoint> last_purge_;
};

}  // namespace pw::manager
