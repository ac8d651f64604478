// The dashboard aggregations in the SQLite engine, on a real temporary file with the real
// migrations: devices seeded with statuses, supplies and daily counters through the monitoring
// ingest, then counted per status category, listed by severity and duration, by lowest supply,
// and summed into the fleet's pages per day. Unmanaged and removed devices never count.
#include <gtest/gtest.h>

#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

constexpr std::int64_t kDay = 86'400;

class SqliteDashboardStore : public ::testing::Test {
 protected:
  std::int64_t addDevice(const std::string& name, DeviceState state = DeviceState::kManaged) {
    DiscoveryReport r;
    ++serial_;
    r.identity = {"HP", "M507", "SER" + std::to_string(serial_), "1.0",
                  "00:00:00:00:01:" + std::to_string(10 + serial_)};
    r.ip_address = "10.0.0." + std::to_string(serial_);
    r.name = name;
    r.state_if_new = state;
    return storage_.upsertDevice(r, clock_.now()).id;
  }

  void setStatus(std::int64_t device, std::string severity, std::string power = "on",
                 std::vector<std::string> conditions = {}) {
    DeviceSnapshot s;
    s.device_id = device;
    s.read_at = clock_.now();
    s.answered = power != "no_response";
    CurrentStatus current;
    current.status = {std::move(severity), std::move(power), std::move(conditions)};
    s.status = current;
    ASSERT_EQ(storage_.ingestSnapshots({s}), 1u);
  }

  void setSupplies(std::int64_t device, std::int64_t black, std::int64_t cyan) {
    DeviceSnapshot s;
    s.device_id = device;
    s.read_at = clock_.now();
    s.answered = true;
    s.supplies_json = "{}";
    s.supply_levels = {{"1.1", "Black Toner", "black", "value", black},
                       {"1.2", "Cyan Toner", "cyan", "value", cyan}};
    s.lowest_percent = std::min(black, cyan);
    ASSERT_EQ(storage_.ingestSnapshots({s}), 1u);
  }

  void setTotal(std::int64_t device, std::int64_t total) {
    DeviceSnapshot s;
    s.device_id = device;
    s.read_at = clock_.now();
    s.answered = true;
    CounterValues values;
    values.values[0] = total;
    values.units[0] = "impressions";
    s.counters = values;
    s.counters_json = "{}";
    ASSERT_EQ(storage_.ingestSnapshots({s}), 1u);
  }

  TempDir dir_;
  FakeClock clock_{fromUnixSeconds(1000 * kDay + 3600)};
  SqliteStorage storage_{dir_.path() / "m.db"};
  int serial_ = 0;
};

TEST_F(SqliteDashboardStore, DashboardsAreSharedOrPerUser) {
  const auto user = storage_.createUser({"ann", "x", Role::kSystemManager, false}, clock_.now());
  ASSERT_TRUE(user);
  EXPECT_FALSE(storage_.findDashboard(std::nullopt));
  EXPECT_FALSE(storage_.findDashboard(*user));
  storage_.saveDashboard(std::nullopt, R"({"panels":[]})", clock_.now());
  clock_.advance(1min);
  storage_.saveDashboard(*user, R"({"panels":[1]})", clock_.now());
  clock_.advance(1min);
  storage_.saveDashboard(std::nullopt, R"({"panels":[2]})", clock_.now());
  EXPECT_EQ(storage_.findDashboard(std::nullopt)->first, R"({"panels":[2]})");
  EXPECT_EQ(storage_.findDashboard(std::nullopt)->second, clock_.now());
  EXPECT_EQ(storage_.findDashboard(*user)->first, R"({"panels":[1]})");
}

TEST_F(SqliteDashboardStore, StatusBreakdownCountsManagedDevicesPerCategory) {
  setStatus(addDevice("jam"), "error", "on", {"jammed"});
  setStatus(addDevice("jam2"), "error");
  setStatus(addDevice("service"), "service_call");
  setStatus(addDevice("toner"), "warning", "sleep");  // the severity wins over sleeping
  setStatus(addDevice("asleep"), "ok", "sleep");
  setStatus(addDevice("fine"), "ok");
  setStatus(addDevice("off"), "unknown", "no_response");
  addDevice("never read");
  setStatus(addDevice("unmanaged", DeviceState::kUnmanaged), "error");
  const auto removed = addDevice("removed");
  setStatus(removed, "error");
  ASSERT_EQ(storage_.removeDevice(removed), DeviceChange::kDone);

  const std::map<std::string, std::int64_t> expected = {
      {"error", 2}, {"service_call", 1}, {"warning", 1}, {"sleep", 1},
      {"ok", 1},    {"no_response", 1},  {"unknown", 1}};
  EXPECT_EQ(storage_.statusBreakdown(), expected);
}

TEST_F(SqliteDashboardStore, DevicesInErrorWorstFirstThenLongest) {
  const auto late_error = addDevice("late error");
  const auto early_error = addDevice("early error");
  const auto service = addDevice("service");
  const auto warning = addDevice("warning");
  setStatus(early_error, "error", "on", {"jammed", "door_open"});
  clock_.advance(10min);
  setStatus(warning, "warning");
  setStatus(late_error, "error");
  clock_.advance(10min);
  setStatus(service, "service_call");
  setStatus(addDevice("fine"), "ok");

  const auto errors = storage_.devicesInError({"service_call", "error"}, 10);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].id, service);
  EXPECT_EQ(errors[1].id, early_error);
  EXPECT_EQ(errors[1].conditions, (std::vector<std::string>{"jammed", "door_open"}));
  EXPECT_EQ(errors[1].since, clock_.now() - 20min);
  EXPECT_EQ(errors[1].name, "early error");
  EXPECT_EQ(errors[2].id, late_error);
  const auto with_warnings = storage_.devicesInError({"service_call", "error", "warning"}, 4);
  ASSERT_EQ(with_warnings.size(), 4u);
  EXPECT_EQ(with_warnings[3].id, warning);
  EXPECT_EQ(storage_.devicesInError({"service_call", "error"}, 1).size(), 1u);
}

TEST_F(SqliteDashboardStore, LowSuppliesByLowestLevelWithTheSupply) {
  const auto cyan_low = addDevice("cyan low");
  const auto black_empty = addDevice("black empty");
  const auto full = addDevice("full");
  setSupplies(cyan_low, 80, 8);
  setSupplies(black_empty, 0, 50);
  setSupplies(full, 90, 90);
  const auto unmanaged = addDevice("unmanaged", DeviceState::kUnmanaged);
  setSupplies(unmanaged, 1, 1);

  const auto [total, devices] = storage_.lowSupplies(10, 10);
  EXPECT_EQ(total, 2);
  ASSERT_EQ(devices.size(), 2u);
  EXPECT_EQ(devices[0].device_id, black_empty);
  EXPECT_EQ(devices[0].supply, "Black Toner");
  EXPECT_EQ(devices[0].percent, 0);
  EXPECT_EQ(devices[1].device_id, cyan_low);
  EXPECT_EQ(devices[1].supply, "Cyan Toner");
  EXPECT_EQ(devices[1].supply_index, "1.2");
  EXPECT_EQ(devices[1].colorant, "cyan");
  // The total counts beyond the list's limit.
  const auto [total_one, one] = storage_.lowSupplies(10, 1);
  EXPECT_EQ(total_one, 2);
  EXPECT_EQ(one.size(), 1u);
  EXPECT_EQ(storage_.lowSupplies(0, 10).first, 1);
}

TEST_F(SqliteDashboardStore, FleetPagesPerDayFromDailyCounters) {
  const auto a = addDevice("a");
  const auto b = addDevice("b");
  const auto unmanaged = addDevice("unmanaged", DeviceState::kUnmanaged);
  const auto first_day = 1000;
  setTotal(a, 1000);
  setTotal(b, 500);
  setTotal(unmanaged, 1);
  clock_.advance(24h);
  setTotal(a, 1100);
  setTotal(b, 20);  // a reset: 20 pages since
  setTotal(unmanaged, 900);
  clock_.advance(24h);
  setTotal(a, 1090);  // a glitch: nothing used
  clock_.advance(24h);
  setTotal(a, 1150);  // against the kept baseline 1100
  setTotal(b, 30);

  const auto days = storage_.fleetPages(first_day + 1, first_day + 3);
  ASSERT_EQ(days.size(), 3u);
  EXPECT_EQ(days[0].day, first_day + 1);
  EXPECT_EQ(days[0].pages, 100 + 20);
  EXPECT_EQ(days[0].devices, 2);
  EXPECT_EQ(days[1].pages, 0);
  EXPECT_EQ(days[2].pages, 50 + 10);
  // Only the day before a period is read as its baseline: device b, read two days before,
  // starts its chain on the period's day; device a counts from its glitched reading.
  const auto last = storage_.fleetPages(first_day + 3, first_day + 3);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].pages, 60);
  EXPECT_EQ(last[0].devices, 1);
}

TEST_F(SqliteDashboardStore, AgentLoadsCountManagedDevices) {
  const auto agent = storage_.createAgent("east", true, {"hash", "sealed"}, clock_.now());
  ASSERT_TRUE(agent);
  for (int i = 0; i < 3; ++i) {
    DiscoveryReport r;
    r.agent_id = *agent;
    r.identity = {"HP", "M507", "A" + std::to_string(i), "1.0", ""};
    r.ip_address = "10.1.0." + std::to_string(i);
    r.state_if_new = i == 2 ? DeviceState::kUnmanaged : DeviceState::kManaged;
    storage_.upsertDevice(r, clock_.now());
  }
  const auto loads = storage_.agentLoads();
  ASSERT_EQ(loads.size(), 1u);
  EXPECT_EQ(loads[0].agent_id, *agent);
  EXPECT_EQ(loads[0].devices, 2);
  EXPECT_FALSE(loads[0].outbox_records.has_value());
}

}  // namespace
}  // namespace pw::manager
