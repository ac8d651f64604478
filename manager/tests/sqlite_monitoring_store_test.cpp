// Monitoring storage in the SQLite engine, on a real temporary file with the real migrations:
// status edges (a change closes the open edge and opens one; an unchanged reading touches
// none; a late reading leaves the status alone), daily rows (last reading of the day wins),
// summaries for the device list, skipped unknown devices, and the purge on a FakeClock.
#include <gtest/gtest.h>

#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

constexpr std::int64_t kDay = 86'400;

class SqliteMonitoringStore : public ::testing::Test {
 protected:
  void SetUp() override {
    DiscoveryReport r;
    r.identity = {"HP", "M507", "SER1", "1.0", "00:00:00:00:00:01"};
    r.ip_address = "10.0.0.1";
    device_ = storage_.upsertDevice(r, clock_.now()).id;
  }

  DeviceSnapshot status(std::string severity, std::vector<std::string> conditions = {},
                        std::string power = "on") {
    DeviceSnapshot s;
    s.device_id = device_;
    s.read_at = clock_.now();
    CurrentStatus current;
    current.status = {std::move(severity), std::move(power), std::move(conditions)};
    s.status = current;
    return s;
  }

  std::vector<StatusEdge> edges() {
    return storage_.statusEdges(device_, fromUnixSeconds(0), clock_.now() + 24h);
  }

  TempDir dir_;
  FakeClock clock_{fromUnixSeconds(1000 * kDay)};
  SqliteStorage storage_{dir_.path() / "m.db"};
  std::int64_t device_ = 0;
};

TEST_F(SqliteMonitoringStore, StatusChangesAreEdges) {
  EXPECT_EQ(storage_.ingestSnapshots({status("ok")}), 1u);
  const auto first = clock_.now();
  clock_.advance(5min);
  storage_.ingestSnapshots({status("ok")});  // unchanged: no edge touched
  ASSERT_EQ(edges().size(), 1u);
  EXPECT_FALSE(edges()[0].ended_at.has_value());
  EXPECT_EQ(storage_.currentStatus(device_)->since, first);
  EXPECT_EQ(storage_.currentStatus(device_)->read_at, clock_.now());

  clock_.advance(5min);
  const auto jam_at = clock_.now();
  storage_.ingestSnapshots({status("error", {"jammed"})});
  clock_.advance(5min);
  const auto cleared_at = clock_.now();
  storage_.ingestSnapshots({status("ok")});

  const auto list = edges();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].status.severity, "ok");
  EXPECT_EQ(list[0].ended_at, jam_at);
  EXPECT_EQ(list[1].status.conditions, std::vector<std::string>{"jammed"});
  EXPECT_EQ(list[1].started_at, jam_at);
  EXPECT_EQ(list[1].ended_at, cleared_at);
  EXPECT_FALSE(list[2].ended_at.has_value());
  EXPECT_EQ(storage_.currentStatus(device_)->since, cleared_at);

  // Only the edges overlapping the asked range.
  const auto jam_only = storage_.statusEdges(device_, jam_at + 1s, cleared_at);
  ASSERT_EQ(jam_only.size(), 1u);
  EXPECT_EQ(jam_only[0].status.severity, "error");
}

TEST_F(SqliteMonitoringStore, ALateReadingLeavesTheStatusAlone) {
  storage_.ingestSnapshots({status("ok")});
  auto late = status("error", {"jammed"});
  late.read_at = clock_.now() - 1h;
  storage_.ingestSnapshots({late});
  EXPECT_EQ(storage_.currentStatus(device_)->status.severity, "ok");
  EXPECT_EQ(edges().size(), 1u);
}

TEST_F(SqliteMonitoringStore, NoResponseIsAPowerStateEdge) {
  storage_.ingestSnapshots({status("ok")});
  clock_.advance(1min);
  auto silent = status("unknown", {}, "no_response");
  silent.status->error_kind = "timeout";
  storage_.ingestSnapshots({silent});
  const auto current = storage_.currentStatus(device_);
  EXPECT_EQ(current->status.power, "no_response");
  EXPECT_EQ(current->error_kind, "timeout");
  EXPECT_EQ(edges().size(), 2u);
}

TEST_F(SqliteMonitoringStore, DailyRowsKeepTheLastReadingOfTheDay) {
  DeviceSnapshot s;
  s.device_id = device_;
  s.read_at = clock_.now();
  s.counters = CounterValues{};
  s.counters->values[0] = 100;
  s.counters->units[0] = "impressions";
  s.counters_json = R"({"normalized":{}})";
  s.supplies_json = R"({"items":[]})";
  s.supply_levels = {{"1.1", "Black", "black", "value", 80}};
  s.lowest_percent = 80;
  s.lowest_state = "value";
  storage_.ingestSnapshots({s});
  s.read_at += 2h;
  s.counters->values[0] = 150;
  s.supply_levels[0].percent = 78;
  storage_.ingestSnapshots({s});
  auto earlier = s;  // a delivery from earlier that day arriving late
  earlier.read_at -= 1h;
  earlier.counters->values[0] = 120;
  storage_.ingestSnapshots({earlier});
  s.read_at += 24h;
  s.counters->values[0] = 400;
  storage_.ingestSnapshots({s});

  const auto days = storage_.dailyCounters(device_, 0, 2000);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].day, 1000);
  EXPECT_EQ(days[0].counters.values[0], 150);
  EXPECT_EQ(days[0].counters.units[0], "impressions");
  EXPECT_FALSE(days[0].counters.values[1].has_value());
  EXPECT_EQ(days[1].counters.values[0], 400);
  const auto levels = storage_.supplyLevels(device_, 0);
  ASSERT_EQ(levels.size(), 2u);
  EXPECT_EQ(levels[0].level.percent, 78);

  const auto summaries = storage_.monitoringSummaries({device_, device_ + 1});
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].second.lowest_percent, 80);
}

TEST_F(SqliteMonitoringStore, CounterHistoriesStartAtTheBaselineAndCarryTheReportedSerial) {
  const auto counters = [&](std::int64_t total) {
    DeviceSnapshot s;
    s.device_id = device_;
    s.read_at = clock_.now();
    s.counters = CounterValues{};
    s.counters->values[0] = total;
    return s;
  };
  storage_.ingestSnapshots({counters(100)});  // day 1000, serial not reported yet
  clock_.advance(24h * 5);
  // The identity part names another serial than the registered one (a replaced engine behind
  // the same MAC): the record keeps SER1, the counter rows that follow carry SER2.
  auto replaced = counters(7000);
  IdentityReading identity;
  identity.identity = {"HP", "M507", "SER2", "1.0", "00:00:00:00:00:01"};
  identity.macs = {"00:00:00:00:00:01"};
  replaced.identity = identity;
  storage_.ingestSnapshots({replaced});  // day 1005
  clock_.advance(24h);
  storage_.ingestSnapshots({counters(7010)});  // day 1006
  EXPECT_EQ(storage_.findDevice(device_)->identity.serial, "SER1");

  std::vector<std::pair<std::int64_t, std::vector<DailyCounters>>> seen;
  storage_.counterHistories({device_ + 1, device_}, 1003, 1006,
                            [&](std::int64_t id, const std::vector<DailyCounters>& rows) {
                              seen.emplace_back(id, rows);
                            });
  ASSERT_EQ(seen.size(), 1u);  // the unknown device has no rows
  ASSERT_EQ(seen[0].second.size(), 3u);
  EXPECT_EQ(seen[0].second[0].day, 1000);  // the baseline, before the span
  EXPECT_EQ(seen[0].second[0].serial, "");
  EXPECT_EQ(seen[0].second[1].serial, "SER2");
  EXPECT_EQ(seen[0].second[2].serial, "SER2");
  EXPECT_EQ(seen[0].second[2].counters.values[0], 7010);
  const auto latest = storage_.latestCounters({device_, device_ + 1});
  ASSERT_EQ(latest.size(), 1u);
  EXPECT_EQ(latest[0].second.day, 1006);
  EXPECT_EQ(latest[0].second.counters.values[0], 7010);
}

TEST_F(SqliteMonitoringStore, ReadingsOfUnknownDevicesAreSkipped) {
  auto s = status("ok");
  s.device_id = device_ + 100;
  EXPECT_EQ(storage_.ingestSnapshots({s, status("ok")}), 1u);
}

TEST_F(SqliteMonitoringStore, PurgeDeletesOnlyWhatIsPastRetention) {
  storage_.ingestSnapshots({status("ok")});
  DeviceSnapshot counters;
  counters.device_id = device_;
  counters.read_at = clock_.now();
  counters.counters = CounterValues{};
  counters.counters->values[0] = 1;
  storage_.ingestSnapshots({counters});
  clock_.advance(24h * 10);
  storage_.ingestSnapshots({status("error", {"jammed"})});  // closes the first edge now
  counters.read_at = clock_.now();
  storage_.ingestSnapshots({counters});

  // 5 days: the first edge ended just now and the old counter day stays out of reach.
  auto purged = storage_.purgeMonitoringHistory(purgeCutoffs({5, 5, 5}, clock_.now()));
  EXPECT_EQ(purged.status_edges, 0);
  EXPECT_EQ(purged.counter_days, 1);
  EXPECT_EQ(storage_.dailyCounters(device_, 0, 5000).size(), 1u);

  clock_.advance(24h * 6);
  storage_.ingestSnapshots({status("ok")});
  purged = storage_.purgeMonitoringHistory(purgeCutoffs({5, 5, 5}, clock_.now()));
  EXPECT_EQ(purged.status_edges, 1);  // the edge that ended 6 days ago; the others stay
  EXPECT_EQ(edges().size(), 2u);
  EXPECT_FALSE(edges().back().ended_at.has_value());
}

TEST_F(SqliteMonitoringStore, DeletingADeviceDeletesItsMonitoring) {
  storage_.ingestSnapshots({status("ok")});
  ASSERT_EQ(storage_.removeDevice(device_), DeviceChange::kDone);
  ASSERT_EQ(storage_.deleteDevice(device_), DeviceChange::kDone);
  EXPECT_FALSE(storage_.currentStatus(device_).has_value());
  EXPECT_TRUE(edges().empty());
}

}  // namespace
}  // namespace pw::manager
