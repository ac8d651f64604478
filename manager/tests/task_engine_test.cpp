// TaskEngine on the real SQLite engine and a fake clock, with a fake task type standing for
// the Agent channel (TaskType is our own interface): the test decides when and how each
// target answers. Covers schedules on the tick, cancel, recover, batch stop-on-failure,
// queued runs, history retention and the truth after a Manager restart.
#include "manager/services/task_engine.hpp"

#include <gtest/gtest.h>

#include "manager/services/task_json.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

// Keeps every step it is given; the test answers for the targets.
class FakeType final : public TaskType {
 public:
  explicit FakeType(TaskTargetKind kind = TaskTargetKind::kDevice) : kind_(kind) {}
  [[nodiscard]] TaskTargetKind targetKind() const override { return kind_; }
  [[nodiscard]] std::optional<Problem> validate(const nlohmann::json& p) const override {
    if (p.contains("mode") && p["mode"] != "restart") {
      return Problem{ErrorKind::kInvalidInput, "invalid_input", "parameters.mode: bad"};
    }
    return std::nullopt;
  }
  void start(TaskStep step) override {
    std::lock_guard lock(mutex);
    steps.push_back(std::move(step));
  }
  TaskStep take() {
    std::lock_guard lock(mutex);
    EXPECT_FALSE(steps.empty());
    auto step = std::move(steps.front());
    steps.erase(steps.begin());
    return step;
  }
  std::mutex mutex;
  std::vector<TaskStep> steps;

 private:
  TaskTargetKind kind_;
};

class TaskEngineTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  // 2026-06-01 10:00 UTC
  FakeClock clock{time::TimeZone::utc().fromLocal(2026, 6, 1, 10, 0)};
  std::unique_ptr<SqliteStorage> storage = std::make_unique<SqliteStorage>(dir.path() / "m.db");
  std::map<std::int64_t, std::vector<std::int64_t>> groups;
  std::shared_ptr<FakeType> restart = std::make_shared<FakeType>();
  std::shared_ptr<FakeType> counters = std::make_shared<FakeType>();
  std::shared_ptr<FakeType> discovery = std::make_shared<FakeType>(TaskTargetKind::kAgent);
  std::unique_ptr<TaskEngine> engine = makeEngine();
  std::vector<TaskRun> finished;

  std::unique_ptr<TaskEngine> makeEngine() {
    auto e =
        std::make_unique<TaskEngine>(*storage, *storage, clock, time::TimeZone::utc(),
                                     [this](std::int64_t id) -> Outcome<std::vector<std::int64_t>> {
                                       if (!groups.contains(id))
                                         return Problem{ErrorKind::kNotFound, "not_found", "group"};
                                       return groups[id];
                                     });
    e->registerType("restart-printers", restart);
    e->registerType("retrieve-counters", counters);
    e->registerType("discovery", discovery);
    e->addRunObserver([this](const TaskRun& run) { finished.push_back(run); });
    return e;
  }

  TaskInput input(const std::string& type, TaskTargets targets, TaskSchedule schedule = {}) {
    TaskInput in;
    in.name = "Night restart";
    in.type = type;
    in.schedule = schedule;
    in.targets = std::move(targets);
    return in;
  }

  std::map<std::int64_t, TaskTargetResult> results(std::int64_t run_id) {
    std::map<std::int64_t, TaskTargetResult> out;
    const auto page = engine->runTargets(run_id, 0, 100);
    for (const auto& r : page->first) out[r.target.id] = r;
    return out;
  }

  static TargetRef device(std::int64_t id) { return {TaskTargetKind::kDevice, id}; }
};

TEST_F(TaskEngineTest, RunNowResolvesGroupsAndRecordsEachTarget) {
  groups[7] = {3, 4};
  const auto task = engine->create(input("restart-printers", {{1, 3}, {7}, {}}));
  ASSERT_TRUE(task) << task.error().message;
  auto step = restart->take();         // "now": started when saved
  ASSERT_EQ(step.targets.size(), 3U);  // 1, 3, 4: device 3 once
  step.sent({device(1), device(3)}, 41);
  step.report(device(1), TargetResult::kSuccess, "");
  step.report(device(3), TargetResult::kAuthenticationError, "write community refused");
  EXPECT_EQ(engine->run(step.run_id)->state, TaskRunState::kRunning);
  step.report(device(4), TargetResult::kTimeout, "no answer");
  step.report(device(4), TargetResult::kSuccess, "a second answer changes nothing");

  const auto run = engine->run(step.run_id);
  EXPECT_EQ(run->state, TaskRunState::kCompleted);
  EXPECT_EQ(overallResult(run->counts), TargetResult::kError);
  auto r = results(step.run_id);
  EXPECT_EQ(r[1].result, TargetResult::kSuccess);
  EXPECT_EQ(r[1].command_id, 41);
  EXPECT_EQ(r[3].result, TargetResult::kAuthenticationError);
  EXPECT_EQ(r[3].detail, "write community refused");
  EXPECT_EQ(r[4].result, TargetResult::kTimeout);
  ASSERT_EQ(finished.size(), 1U);  // the notification hook, once
  EXPECT_EQ(finished[0].id, step.run_id);
  EXPECT_EQ(engine->find(task->record.id)->last_run->id, step.run_id);
}

TEST_F(TaskEngineTest, ValidationNamesTheField) {
  EXPECT_EQ(engine->create(input("reboot-everything", {{1}, {}, {}})).error().message,
            "type: unknown task type \"reboot-everything\"");
  EXPECT_EQ(engine->create(input("restart-printers", {})).error().message,
            "targets: choose at least one target");
  EXPECT_EQ(engine->create(input("restart-printers", {{}, {}, {2}})).error().message,
            "targets: this task type takes devices and groups");
  EXPECT_EQ(engine->create(input("discovery", {{1}, {}, {}})).error().message,
            "targets: this task type takes Agents");
  auto bad = input("restart-printers", {{1}, {}, {}});
  bad.parameters = {{"mode", "explode"}};
  EXPECT_EQ(engine->create(bad).error().message, "parameters.mode: bad");
  bad.parameters = nlohmann::json::object();
  bad.time_zone = "Mars/Base";
  EXPECT_EQ(engine->create(bad).error().message, "timeZone: unknown time zone");
  TaskTargets many;
  for (int i = 0; i < 5001; ++i) many.device_ids.push_back(i + 1);
  EXPECT_EQ(engine->create(input("restart-printers", many)).error().message,
            "targets: at most 5,000 may be chosen");
}

TEST_F(TaskEngineTest, NotificationIsStoredWithTheTaskAndItsCopies) {
  auto in = input("restart-printers", {{1}, {}, {}});
  in.notification = {{"ops@example.org", "lead@example.org"},
                     NotifyWhen::kFailure,
                     true,
                     "ja",
                     MailPriority::kHigh};
  const auto task = engine->create(in);
  ASSERT_TRUE(task) << task.error().message;
  EXPECT_EQ(engine->find(task->record.id)->notification, in.notification);
  EXPECT_EQ(engine->duplicate(task->record.id)->notification, in.notification);
  in.notification = {};
  EXPECT_EQ(engine->update(task->record.id, in)->notification, TaskNotification{});

  const auto parsed = notificationFromJson(
      {{"to", {"a@example.org"}}, {"when", "failure"}, {"attachDetails", true}});
  ASSERT_TRUE(parsed);
  // Stored before language and priority existed: English, normal.
  EXPECT_EQ(notificationToJson(*parsed), (nlohmann::json{{"to", {"a@example.org"}},
                                                         {"when", "failure"},
                                                         {"attachDetails", true},
                                                         {"language", "en"},
                                                         {"priority", "normal"}}));
  const auto german = notificationFromJson({{"language", "de"}, {"priority", "low"}});
  ASSERT_TRUE(german);
  EXPECT_EQ((std::pair{german->language, german->priority}),
            (std::pair{std::string("de"), MailPriority::kLow}));
  EXPECT_EQ(notificationFromJson({{"language", "pt"}}).error().message,
            "notification.language: one of en, fr, de, it, es, ja");
  EXPECT_EQ(notificationFromJson({{"priority", "urgent"}}).error().message,
            "notification.priority: high, normal or low");
  EXPECT_EQ(notificationFromJson({{"to", {"not an address"}}}).error().message,
            "notification.to: \"not an address\" is not a mail address");
  EXPECT_EQ(notificationFromJson({{"when", "sometimes"}}).error().message,
            "notification.when: always or failure");
  EXPECT_EQ(notificationFromJson({{"cc", nlohmann::json::array()}}).error().message,
            "notification.cc: not a notification field");
  EXPECT_EQ(notificationFromJson(nlohmann::json::array({"x"})).error().message,
            "notification.to: the notification must be an object");
}

TEST_F(TaskEngineTest, GroupsResolvingToMoreThanFiveThousandFailTheRun) {
  for (int i = 0; i < 5001; ++i) groups[1].push_back(i + 1);
  const auto task = engine->create(input("restart-printers", {{}, {1}, {}}));
  ASSERT_TRUE(task);
  const auto runs = engine->runs(task->record.id, 0, 10);
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].state, TaskRunState::kCompleted);
  EXPECT_EQ(runs[0].detail, "the targets resolve to 5001 devices; at most 5,000 are allowed");
  EXPECT_TRUE(restart->steps.empty());
}

TEST_F(TaskEngineTest, ScheduledTaskRunsOnTheTickAndComputesItsNextRun) {
  TaskSchedule daily;
  daily.kind = ScheduleKind::kDaily;
  daily.hour = 2;
  daily.minute = 30;
  auto in = input("restart-printers", {{1}, {}, {}}, daily);
  in.time_zone = "Europe/Paris";
  const auto task = engine->create(in);
  ASSERT_TRUE(task) << task.error().message;
  // 2026-06-02 02:30 CEST = 00:30 UTC.
  EXPECT_EQ(task->record.next_run_at, time::TimeZone::utc().fromLocal(2026, 6, 2, 0, 30));
  engine->tick();
  EXPECT_TRUE(restart->steps.empty());
  clock.set(time::TimeZone::utc().fromLocal(2026, 6, 2, 0, 30));
  engine->tick();
  ASSERT_EQ(restart->steps.size(), 1U);
  EXPECT_EQ(engine->find(task->record.id)->record.next_run_at,
            time::TimeZone::utc().fromLocal(2026, 6, 3, 0, 30));
  // Inactive: no next run.
  EXPECT_FALSE(engine->setActive(task->record.id, false)->record.next_run_at);
  const auto preview = engine->preview(daily, "America/New_York", 2);
  ASSERT_EQ(preview->size(), 2U);
  EXPECT_EQ((*preview)[0], time::TimeZone::utc().fromLocal(2026, 6, 2, 6, 30));
}

TEST_F(TaskEngineTest, CancelMarksTargetsNotDoneAndIgnoresLateAnswers) {
  engine->create(input("restart-printers", {{1, 2, 3}, {}, {}}));
  auto step = restart->take();
  step.report(device(1), TargetResult::kSuccess, "");
  step.sent({device(2)}, 9);
  const auto cancelled = engine->cancel(step.run_id);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->state, TaskRunState::kCancelled);
  step.report(device(2), TargetResult::kSuccess, "late");
  auto r = results(step.run_id);
  EXPECT_EQ(r[1].result, TargetResult::kSuccess);
  EXPECT_EQ(r[2].result, TargetResult::kCancelled);
  EXPECT_EQ(r[2].detail,
            "cancelled after it was sent to the Agent: the operation may have been done");
  EXPECT_EQ(r[3].result, TargetResult::kCancelled);
  EXPECT_EQ(engine->cancel(step.run_id).error().code, "run_finished");
  EXPECT_EQ(finished.size(), 1U);
}

TEST_F(TaskEngineTest, ARunDueWhileAnotherRunsWaitsAndCanBeCancelled) {
  const auto task = engine->create(input("restart-printers", {{1}, {}, {}}));
  auto first = restart->take();
  const auto queued = engine->runNow(task->record.id);
  EXPECT_EQ(queued->state, TaskRunState::kScheduled);
  const auto third = engine->runNow(task->record.id);
  EXPECT_EQ(engine->cancel(queued->id)->state, TaskRunState::kCancelled);
  EXPECT_TRUE(restart->steps.empty());  // the first still runs
  first.report(device(1), TargetResult::kSuccess, "");
  auto next = restart->take();  // the third starts when the first ends
  EXPECT_EQ(next.run_id, third->id);
}

TEST_F(TaskEngineTest, RecoverMakesAnInactiveTaskOfTheFailedTargetsOnly) {
  const auto task = engine->create(input("restart-printers", {{1, 2, 3, 4}, {}, {}}));
  auto step = restart->take();
  step.report(device(1), TargetResult::kSuccess, "");
  step.report(device(2), TargetResult::kError, "refused");
  step.report(device(3), TargetResult::kTimeout, "");
  step.report(device(4), TargetResult::kAuthenticationError, "");
  const auto recovery = engine->recover(step.run_id);
  ASSERT_TRUE(recovery) << recovery.error().message;
  EXPECT_EQ(recovery->record.name, "Night restart - Recovery");
  EXPECT_FALSE(recovery->record.active);
  EXPECT_EQ(recovery->record.targets.device_ids, (std::vector<std::int64_t>{2, 3, 4}));
  EXPECT_TRUE(restart->steps.empty());  // inactive: not run

  engine->runNow(task->record.id);
  auto ok = restart->take();
  for (const auto& t : ok.targets) ok.report(t, TargetResult::kSuccess, "");
  EXPECT_EQ(engine->recover(ok.run_id).error().code, "nothing_to_recover");
}

TEST_F(TaskEngineTest, DuplicateIsAnInactiveCopy) {
  const auto task = engine->create(input("restart-printers", {{1}, {}, {}}));
  const auto copy = engine->duplicate(task->record.id);
  EXPECT_EQ(copy->record.name, "Night restart - Copy");
  EXPECT_FALSE(copy->record.active);
  EXPECT_EQ(copy->record.targets, task->record.targets);
  EXPECT_NE(copy->record.id, task->record.id);
  EXPECT_EQ(engine->list().size(), 2U);
}

TEST_F(TaskEngineTest, BatchStopsAtTheFirstFailedStepPerDevice) {
  auto in = input("batch", {{1, 2, 3}, {}, {}});
  in.parameters = {{"steps",
                    {{{"name", "counters"}, {"type", "retrieve-counters"}},
                     {{"name", "restart"}, {"type", "restart-printers"}}}}};
  ASSERT_TRUE(engine->create(in));
  auto first = counters->take();
  EXPECT_EQ(first.targets.size(), 3U);
  first.report(device(1), TargetResult::kSuccess, "");
  first.report(device(2), TargetResult::kTimeout, "no answer");
  EXPECT_TRUE(restart->steps.empty());
  first.report(device(3), TargetResult::kSuccess, "");
  auto second = restart->take();
  ASSERT_EQ(second.targets, (std::vector<TargetRef>{device(1), device(3)}));
  second.report(device(1), TargetResult::kSuccess, "");
  second.report(device(3), TargetResult::kError, "not supported");
  auto r = results(first.run_id);
  EXPECT_EQ(r[1].result, TargetResult::kSuccess);
  EXPECT_EQ(r[1].step, 1);
  EXPECT_EQ(r[2].result, TargetResult::kError);  // L4021: failed step 1 -> "Error"
  EXPECT_EQ(r[2].detail, "step 1 ended with timeout: no answer; later steps not run");
  EXPECT_EQ(r[3].result, TargetResult::kError);  // the last step's own result
  EXPECT_EQ(r[3].detail, "not supported");
  EXPECT_EQ(engine->run(first.run_id)->state, TaskRunState::kCompleted);

  auto bad = in;
  bad.parameters["steps"][1]["type"] = "discovery";
  EXPECT_EQ(engine->create(bad).error().message,
            "parameters.steps[1].type: must be a task type for devices");
}

TEST_F(TaskEngineTest, ARestartLeavesEveryTargetWithATruthfulResult) {
  const auto task = engine->create(input("restart-printers", {{1, 2, 3}, {}, {}}));
  auto step = restart->take();
  step.report(device(1), TargetResult::kSuccess, "");
  step.sent({device(2)}, 5);
  const auto queued = engine->runNow(task->record.id);
  // The Manager stops; a new process opens the same database.
  engine.reset();
  storage = std::make_unique<SqliteStorage>(dir.path() / "m.db");
  engine = makeEngine();
  engine->recoverAfterRestart();
  auto r = results(step.run_id);
  EXPECT_EQ(r[1].result, TargetResult::kSuccess);
  EXPECT_EQ(r[2].result, TargetResult::kError);
  EXPECT_EQ(r[2].detail,
            "interrupted by a Manager restart: the operation may have been done, its result was "
            "not received");
  EXPECT_EQ(r[2].command_id, 5);
  EXPECT_EQ(r[3].result, TargetResult::kError);
  EXPECT_EQ(r[3].detail, "interrupted by a Manager restart before it was sent to the Agent");
  EXPECT_EQ(engine->run(step.run_id)->state, TaskRunState::kCompleted);
  EXPECT_EQ(engine->run(queued->id)->state, TaskRunState::kCompleted);
  EXPECT_EQ(engine->run(queued->id)->detail,
            "interrupted by a Manager restart before the run started");
  // An answer for the old process's command arriving now changes nothing.
  EXPECT_FALSE(storage->setTargetResult(
      step.run_id, {device(2), TargetResult::kSuccess, "late", 0, 5, std::nullopt}, clock.now()));
  EXPECT_EQ(results(step.run_id)[2].result, TargetResult::kError);
}

TEST_F(TaskEngineTest, HistoryOlderThanTheRetentionIsPurgedOnTheTick) {
  EXPECT_EQ(engine->historyDays(), TaskEngine::kDefaultHistoryDays);
  EXPECT_FALSE(engine->setHistoryDays(0));
  ASSERT_TRUE(engine->setHistoryDays(7));
  const auto task = engine->create(input("restart-printers", {{1}, {}, {}}));
  auto step = restart->take();
  step.report(device(1), TargetResult::kSuccess, "");
  clock.advance(std::chrono::days{6});
  engine->tick();
  EXPECT_EQ(engine->runs(task->record.id, 0, 10).size(), 1U);
  clock.advance(std::chrono::days{2});
  engine->tick();
  EXPECT_TRUE(engine->runs(task->record.id, 0, 10).empty());
}

TEST_F(TaskEngineTest, DeletingATaskCancelsItsRunAndKeepsTheHistory) {
  const auto task = engine->create(input("restart-printers", {{1}, {}, {}}));
  auto step = restart->take();
  ASSERT_TRUE(engine->remove(task->record.id));
  EXPECT_EQ(engine->find(task->record.id).error().code, "not_found");
  const auto run = engine->run(step.run_id);
  EXPECT_EQ(run->state, TaskRunState::kCancelled);
  EXPECT_FALSE(run->task_id);
  EXPECT_EQ(run->task_name, "Night restart");
}

TEST(TaskScheduleJson, RoundTripsAndNamesTheBadField) {
  const auto json = nlohmann::json::parse(
      R"({"kind":"monthly","every":2,"time":"08:15","weekOfMonth":"last","weekday":5,)"
      R"("starts":"2026-01-01T00:00"})");
  const auto s = scheduleFromJson(json);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->week_of_month, kLast);
  EXPECT_EQ(scheduleToJson(*s), json);
  EXPECT_EQ(scheduleFromJson(nlohmann::json::parse(R"({"kind":"weekly","time":"08:00"})"))
                .error()
                .message,
            "schedule.weekdays: must list days of the week, 0 (Sunday) to 6 (Saturday)");
  EXPECT_EQ(scheduleFromJson(nlohmann::json::parse(R"({"kind":"once","at":"2026-02-30T10:00"})"))
                .error()
                .message,
            "schedule.at: must be a valid date");
}

}  // namespace
}  // namespace pw::manager
