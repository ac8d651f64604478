// The built-in task scheduler on a fake clock with the real SQLite store: intervals, the
// communication windows in a DST-observing zone, "execute now", managed devices by Agent.
#include "manager/services/builtin_task_scheduler.hpp"

#include <gtest/gtest.h>

#include "common/crypto/certificates.hpp"
#include "manager/services/agent_service.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

struct Started {
  std::int64_t agent_id;
  std::vector<std::int64_t> devices;
  BuiltInTask task;
};

class BuiltInTaskSchedulerTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  const time::TimeZone berlin = *time::TimeZone::named("Europe/Berlin");
  FakeClock clock{berlin.fromLocal(2026, 3, 28, 21, 0)};  // a Saturday evening before DST
  SqliteStorage storage{dir.path() / "m.db"};
  ManagerPki pki{dir.path() / "pki", {}, clock};
  CommandQueue commands{clock};
  AgentService agents{storage, pki, commands, clock, AgentServiceSettings{30s}};
  MonitoringSettingsService settings{storage};
  std::vector<Started> started;
  int devices_made = 0;
  BuiltInTaskScheduler scheduler{
      settings, storage, clock, berlin,
      [this](std::int64_t agent, const std::vector<std::int64_t>& devices, BuiltInTask task) {
        started.push_back({agent, devices, task});
      }};

  std::int64_t device(std::optional<std::int64_t> agent, const std::string& serial,
                      DeviceState state = DeviceState::kManaged) {
    DiscoveryReport r;
    r.agent_id = agent;
    r.identity = {"HP", "M507", serial, "1.0", ""};
    r.ip_address = "10.0.0." + std::to_string(++devices_made);
    r.state_if_new = state;
    return storage.upsertDevice(r, clock.now()).id;
  }

  std::vector<BuiltInTask> tasksStarted() {
    std::vector<BuiltInTask> out;
    for (const auto& s : started) {
      if (out.empty() || out.back() != s.task) out.push_back(s.task);
    }
    return out;
  }
};

TEST_F(BuiltInTaskSchedulerTest, StartsDueTasksForManagedDevicesOnePollPerAgent) {
  const auto a = agents.create("a", false)->view.agent.id;
  const auto b = agents.create("b", false)->view.agent.id;
  const auto a1 = device(a, "S1");
  const auto a2 = device(a, "S2");
  const auto b1 = device(b, "S3");
  device(b, "S4", DeviceState::kUnmanaged);
  device(std::nullopt, "S5");  // no Agent reaches it

  EXPECT_EQ(scheduler.tick(),
            (std::vector<BuiltInTask>{
                BuiltInTask::kMonitorPrinters, BuiltInTask::kRetrievePrinterInformation,
                BuiltInTask::kRetrieveCounters, BuiltInTask::kCheckAddressBook,
                BuiltInTask::kCheckDeviceSettings}));
  ASSERT_EQ(started.size(), 10u);
  EXPECT_EQ(started[0].agent_id, a);
  EXPECT_EQ(started[0].devices, (std::vector<std::int64_t>{a1, a2}));
  EXPECT_EQ(started[1].agent_id, b);
  EXPECT_EQ(started[1].devices, (std::vector<std::int64_t>{b1}));

  started.clear();
  clock.advance(4min);
  EXPECT_TRUE(scheduler.tick().empty());
  clock.advance(1min);  // status every 5 minutes
  EXPECT_EQ(scheduler.tick(), (std::vector<BuiltInTask>{BuiltInTask::kMonitorPrinters}));
  EXPECT_EQ(settings.task(BuiltInTask::kMonitorPrinters).last_started, clock.now());
}

TEST_F(BuiltInTaskSchedulerTest, WindowBoundTasksWaitForTheWindowInLocalTimeAcrossDst) {
  const auto a = agents.create("a", false)->view.agent.id;
  device(a, "S1");
  CommunicationWindows windows;
  windows.standard = {{60, 4 * 60}};                                 // 01:00-04:00 local
  windows.exceptions[0] = std::vector<TimeWindow>{};                 // never on Sundays
  windows.exceptions[6] = std::vector<TimeWindow>{{22 * 60, 1440}};  // Saturdays from 22:00
  ASSERT_TRUE(settings.setWindows(windows));
  // Only the window-bound tasks are left on.
  for (const auto task : {BuiltInTask::kRetrievePrinterInformation, BuiltInTask::kCheckAddressBook,
                          BuiltInTask::kCheckDeviceSettings}) {
    ASSERT_TRUE(settings.updateTask(task, {false, {}}));
  }

  EXPECT_TRUE(scheduler.tick().empty());  // Saturday 21:00: outside
  clock.set(berlin.fromLocal(2026, 3, 28, 22, 0));
  EXPECT_EQ(scheduler.tick(), (std::vector<BuiltInTask>{BuiltInTask::kMonitorPrinters,
                                                        BuiltInTask::kRetrieveCounters}));
  // Sunday 29 March, the night clocks jump from 02:00 to 03:00: Sunday has no window.
  clock.set(berlin.fromLocal(2026, 3, 29, 3, 30));
  EXPECT_TRUE(scheduler.tick().empty());
  // Monday 01:30 CEST (23:30 UTC on Sunday): inside the standard window, in local time.
  clock.set(berlin.fromLocal(2026, 3, 30, 1, 30));
  EXPECT_EQ(berlin.toLocal(clock.now()).weekday, 1);
  EXPECT_EQ(scheduler.tick(), (std::vector<BuiltInTask>{BuiltInTask::kMonitorPrinters,
                                                        BuiltInTask::kRetrieveCounters}));
}

TEST_F(BuiltInTaskSchedulerTest, ExecuteNowIgnoresIntervalSwitchAndWindows) {
  const auto a = agents.create("a", false)->view.agent.id;
  device(a, "S1");
  CommunicationWindows never;
  never.standard = {};
  ASSERT_TRUE(settings.setWindows(never));
  EXPECT_EQ(scheduler.tick(), (std::vector<BuiltInTask>{BuiltInTask::kRetrievePrinterInformation,
                                                        BuiltInTask::kCheckAddressBook,
                                                        BuiltInTask::kCheckDeviceSettings}));
  started.clear();
  ASSERT_TRUE(scheduler.runNow(BuiltInTask::kRetrieveCounters));
  ASSERT_TRUE(settings.updateTask(BuiltInTask::kCheckAddressBook, {false, {}}));
  ASSERT_TRUE(scheduler.runNow(BuiltInTask::kCheckAddressBook));
  EXPECT_EQ(tasksStarted(), (std::vector<BuiltInTask>{BuiltInTask::kRetrieveCounters,
                                                      BuiltInTask::kCheckAddressBook}));
  EXPECT_EQ(BuiltInTaskScheduler::monitorParts(BuiltInTask::kRetrieveCounters),
            std::vector<std::string>{"counters"});
  EXPECT_EQ(BuiltInTaskScheduler::monitorParts(BuiltInTask::kRetrievePrinterInformation),
            (std::vector<std::string>{"identity", "supplies"}));
  EXPECT_EQ(BuiltInTaskScheduler::checkedFunction(BuiltInTask::kCheckDeviceSettings),
            "deviceSettings");
}

}  // namespace
}  // namespace pw::manager
