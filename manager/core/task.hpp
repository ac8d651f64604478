#pragma once
// User tasks: what is stored about a task, its runs and each target's result, and the rules
// on them that need no I/O (the run's overall result, the batch rule, the target limit).
// The engine that runs them is services/task_engine.hpp; see decision 0024.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/mail.hpp"

namespace pw::manager {

/// At most this many targets once groups are resolved (guide L3930).
inline constexpr std::size_t kMaxTaskTargets = 5000;

enum class TaskTargetKind { kDevice, kAgent };
const char* toString(TaskTargetKind kind);  ///< "device", "agent"

enum class TaskRunState { kScheduled, kRunning, kCompleted, kCancelled };
const char* toString(TaskRunState state);  ///< "scheduled", "running", "completed", "cancelled"
std::optional<TaskRunState> taskRunStateFromString(std::string_view text);

/// A target's result. kPending and kRunning are not final; the others are.
enum class TargetResult {
  kPending,
  kRunning,
  kSuccess,
  kError,
  kTimeout,
  kAuthenticationError,
  kCancelled,
};
/// "pending", "running", "success", "error", "timeout", "authenticationError", "cancelled"
const char* toString(TargetResult result);
std::optional<TargetResult> targetResultFromString(std::string_view text);
inline bool isFinal(TargetResult r) {
  return r != TargetResult::kPending && r != TargetResult::kRunning;
}

/// What the administrator chose; groups are resolved to devices when a run starts.
struct TaskTargets {
  std::vector<std::int64_t> device_ids;
  std::vector<std::int64_t> group_ids;
  std::vector<std::int64_t> agent_ids;
  friend bool operator==(const TaskTargets&, const TaskTargets&) = default;
};

/// When a finished run is mailed (guide L3910-L3914).
enum class NotifyWhen { kAlways, kFailure };  ///< failure: the run's result is not Success

/// Who hears of a task's finished runs, and whether the per-target details go along as a CSV;
/// the mail's language (kTextLanguages) and priority.
struct TaskNotification {
  static constexpr std::size_t kMaxRecipients = 20;
  std::vector<std::string> to;  ///< mail addresses; empty: nobody is told
  NotifyWhen when = NotifyWhen::kAlways;
  bool attach_details = false;
  std::string language = "en";
  MailPriority priority = MailPriority::kNormal;
  friend bool operator==(const TaskNotification&, const TaskNotification&) = default;
};

struct TaskRecord {
  std::int64_t id = 0;
  std::string name;
  std::string type;             ///< a registered task type ("restart-printers", "batch", ...)
  std::string parameters_json;  ///< checked by the type
  std::string schedule_json;    ///< the REST form of the TaskSchedule
  std::string time_zone;        ///< IANA name; empty: the Manager's zone
  bool active = true;
  TaskTargets targets;
  std::string notification_json = "{}";         ///< the REST form of the TaskNotification
  std::optional<Clock::TimePoint> next_run_at;  ///< nullopt: not due (inactive, run now, ended)
  Clock::TimePoint created_at;
  Clock::TimePoint updated_at;
};

struct TaskRun {
  std::int64_t id = 0;
  std::optional<std::int64_t> task_id;  ///< nullopt once the task was deleted
  std::string task_name;                ///< as it was when the run started
  std::string task_type;
  TaskRunState state = TaskRunState::kScheduled;
  std::optional<std::string> detail;  ///< why a run ended without running (too many targets)
  Clock::TimePoint created_at;
  std::optional<Clock::TimePoint> started_at;
  std::optional<Clock::TimePoint> ended_at;
  std::map<TargetResult, std::int64_t> counts;  ///< targets by result (read from the rows)
};

struct TargetRef {
  TaskTargetKind kind = TaskTargetKind::kDevice;
  std::int64_t id = 0;
  friend auto operator<=>(const TargetRef&, const TargetRef&) = default;
};

struct TaskTargetResult {
  TargetRef target;
  TargetResult result = TargetResult::kPending;
  std::string detail;
  int step = 0;                            ///< the (batch) step the result is from, 0-based
  std::optional<std::int64_t> command_id;  ///< the Agent command carrying it, once sent
  std::optional<Clock::TimePoint> updated_at;
};

/// The run's result from its targets' (guide L4149): Error when any target ended in error or
/// authentication error, else Timeout when any timed out, else Success; nullopt while a
/// target is unfinished. Cancelled targets do not count against it.
std::optional<TargetResult> overallResult(const std::map<TargetResult, std::int64_t>& counts);

/// A batch target whose step (of `step_count`) failed before the last step gets Error (L4017–L4023:
/// the later steps do not run and the batch shows "Error"); the detail keeps the step's own result.
TaskTargetResult batchFailure(const TaskTargetResult& step_result, int step_count);

class TaskStore {
 public:
  virtual ~TaskStore() = default;
  virtual std::vector<TaskRecord> listTasks() = 0;
  virtual std::optional<TaskRecord> findTask(std::int64_t id) = 0;
  /// Stores a new task (its id is ignored); returns the id.
  virtual std::int64_t createTask(const TaskRecord& task) = 0;
  /// False when the task does not exist.
  virtual bool updateTask(const TaskRecord& task) = 0;
  /// Deletes the task; its runs stay in the history without it. False when it did not exist.
  virtual bool deleteTask(std::int64_t id) = 0;
  virtual void setNextRun(std::int64_t task_id, std::optional<Clock::TimePoint> at) = 0;
  /// Active tasks whose next run is at or before `now`.
  virtual std::vector<TaskRecord> dueTasks(Clock::TimePoint now) = 0;

  /// Stores a new run of the task (its id ignored); returns the id.
  virtual std::int64_t createRun(const TaskRun& run) = 0;
  virtual std::optional<TaskRun> findRun(std::int64_t run_id) = 0;
  /// Newest first; all tasks' runs when task_id is nullopt.
  virtual std::vector<TaskRun> listRuns(std::optional<std::int64_t> task_id, std::size_t offset,
                                        std::size_t limit) = 0;
  virtual std::vector<TaskRun> runsInState(TaskRunState state) = 0;
  virtual void setRunState(std::int64_t run_id, TaskRunState state,
                           std::optional<Clock::TimePoint> started_at,
                           std::optional<Clock::TimePoint> ended_at,
                           std::optional<std::string> detail) = 0;
  /// Adds the run's targets, all pending, in one transaction.
  virtual void addRunTargets(std::int64_t run_id, const std::vector<TargetRef>& targets) = 0;
  /// Records a target's result unless it is already final (a late answer after a cancel or a
  /// restart changes nothing). False when nothing was written.
  virtual bool setTargetResult(std::int64_t run_id, const TaskTargetResult& result,
                               Clock::TimePoint now) = 0;
  /// Marks the targets running under the Agent command that carries them.
  virtual void setTargetsRunning(std::int64_t run_id, const std::vector<TargetRef>& targets,
                                 int step, std::optional<std::int64_t> command_id,
                                 Clock::TimePoint now) = 0;
  /// Gives the run's unfinished targets this result and detail: those already sent to an
  /// Agent (a command id recorded for their step) when `sent`, else the others. Returns how
  /// many.
  virtual std::size_t finishTargets(std::int64_t run_id, bool sent, TargetResult result,
                                    const std::string& detail, Clock::TimePoint now) = 0;
  /// A page of the run's targets (by kind, then id) and how many there are.
  virtual std::pair<std::vector<TaskTargetResult>, std::int64_t> runTargets(std::int64_t run_id,
                                                                            std::size_t offset,
                                                                            std::size_t limit) = 0;
  /// Deletes finished runs that ended before `before`; returns how many.
  virtual std::size_t purgeRuns(Clock::TimePoint before) = 0;
};

}  // namespace pw::manager
