// DashboardService on the real SQLite engine: the default layout until one is saved, the REST
// document read and written with errors naming the field, the shared and a user's dashboards
// kept apart, panel options checked, zero-filled status categories, days-to-empty of a low
// supply from its daily levels, and every Agent in the health panel.
#include "manager/services/dashboard_service.hpp"

#include <gtest/gtest.h>

#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

std::string parseError(const json& body) {
  auto parsed = dashboardFromJson(body);
  const auto* error = std::get_if<std::string>(&parsed);
  return error ? *error : "";
}

TEST(DashboardJson, ErrorsNameTheField) {
  EXPECT_EQ(parseError(json::parse(R"({"panels":[{"type":"statusBreakdown"}]})")), "");
  EXPECT_EQ(parseError(json::parse(R"({"panels":[], "owner": 1})")),
            "unknown field \"owner\"; send panels");
  EXPECT_EQ(parseError(json::parse(R"({})")),
            "panels is required: a list of {type, title, size, options}");
  EXPECT_EQ(parseError(json::parse(R"({"panels":[{"type":"statusBreakdown"},{"type":"clock"}]})")),
            "panels[1].type: unknown panel type \"clock\" (statusBreakdown, devicesWithErrors, "
            "lowSupplies, counterTrends, agentHealth)");
  EXPECT_EQ(parseError(json::parse(R"({"panels":[{"type":"lowSupplies","size":"huge"}]})")),
            "panels[0].size must be small, medium or large");
  EXPECT_EQ(parseError(json::parse(R"({"panels":[{"type":"lowSupplies","colour":"red"}]})")),
            "panels[0]: unknown field \"colour\"; send type, title, size and options");
  EXPECT_EQ(
      parseError(json::parse(R"({"panels":[{"type":"lowSupplies","options":{"limit":true}}]})")),
      "panels[0].options.limit must be a whole number or a word");

  Dashboard d = defaultDashboard();
  d.panels[0].title = "Fleet";
  d.panels[3].options["days"] = std::int64_t{14};
  d.panels[3].options["interval"] = std::string("week");
  auto round_trip = dashboardFromJson(json{{"panels", panelsToJson(d)}});
  ASSERT_TRUE(std::holds_alternative<Dashboard>(round_trip));
  EXPECT_EQ(std::get<Dashboard>(round_trip), d);
}

class DashboardServiceTest : public ::testing::Test {
 protected:
  std::int64_t device(const std::string& ip) {
    DiscoveryReport r;
    r.identity = {"HP", "M507", "S" + ip, "1", ""};
    r.ip_address = ip;
    return storage.upsertDevice(r, clock.now()).id;
  }

  testing::TempDir dir;
  FakeClock clock{fromUnixSeconds(20'000 * 86'400)};
  SqliteStorage storage{dir.path() / "m.db"};
  ManagerPki pki{dir.path() / "pki", {}, clock};
  CommandQueue commands{clock};
  AgentService agents{storage, pki, commands, clock, AgentServiceSettings{30s}};
  DashboardService service{storage, storage, agents, clock};
};

TEST_F(DashboardServiceTest, DefaultUntilSavedSharedAndMineApart) {
  const auto user = *storage.createUser({"ann", "x", Role::kSystemManager, false}, clock.now());
  auto shared = service.get(std::nullopt);
  ASSERT_TRUE(shared);
  EXPECT_EQ(shared->dashboard, defaultDashboard());
  EXPECT_FALSE(shared->updated_at);

  Dashboard mine;
  mine.panels.push_back(
      {PanelType::kCounterTrends, "Pages", PanelSize::kLarge, {{"days", std::int64_t{90}}}});
  const auto saved = service.save(user, mine);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->updated_at, clock.now());
  EXPECT_EQ(service.get(user)->dashboard, mine);
  EXPECT_EQ(service.get(std::nullopt)->dashboard, defaultDashboard());

  mine.panels[0].options["days"] = std::int64_t{1};
  const auto refused = service.save(user, mine);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "invalid_input");
  EXPECT_EQ(refused.error().message,
            "panels[0].options.days must be a whole number between 7 and 365");
}

TEST_F(DashboardServiceTest, PanelOptionsAreChecked) {
  const auto bad = service.panelData(PanelType::kDevicesWithErrors, {{"top", std::int64_t{5}}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(
      bad.error().message,
      "unknown option \"top\" for panel type devicesWithErrors (it takes limit, minSeverity)");
}

TEST_F(DashboardServiceTest, StatusBreakdownNamesEveryCategory) {
  const auto id = device("10.0.0.1");
  DeviceSnapshot s;
  s.device_id = id;
  s.read_at = clock.now();
  s.status = CurrentStatus{};
  s.status->status = {"error", "on", {"jammed"}};
  storage.ingestSnapshots({s});
  device("10.0.0.2");
  const auto data = service.panelData(PanelType::kStatusBreakdown, {});
  ASSERT_TRUE(data);
  const auto& breakdown = std::get<StatusBreakdownData>(*data);
  EXPECT_EQ(breakdown.total, 2);
  EXPECT_EQ(breakdown.counts.size(), kStatusCategories.size());
  EXPECT_EQ(breakdown.counts.at("error"), 1);
  EXPECT_EQ(breakdown.counts.at("unknown"), 1);
  EXPECT_EQ(breakdown.counts.at("ok"), 0);

  const auto errors = service.panelData(PanelType::kDevicesWithErrors, {});
  ASSERT_TRUE(errors);
  ASSERT_EQ(std::get<DevicesWithErrorsData>(*errors).devices.size(), 1u);
  EXPECT_EQ(std::get<DevicesWithErrorsData>(*errors).devices[0].id, id);
}

TEST_F(DashboardServiceTest, LowSuppliesWithDaysToEmpty) {
  const auto id = device("10.0.0.3");
  for (const std::int64_t percent : {30, 22, 14, 6}) {
    DeviceSnapshot s;
    s.device_id = id;
    s.read_at = clock.now();
    s.answered = true;
    s.supplies_json = "{}";
    s.supply_levels = {{"1.1", "Black Toner", "black", "value", percent},
                       {"1.2", "Waste", "", "value", 90}};
    s.lowest_percent = percent;
    storage.ingestSnapshots({s});
    clock.advance(24h);
  }
  const auto data =
      service.panelData(PanelType::kLowSupplies, {{"thresholdPercent", std::int64_t{10}}});
  ASSERT_TRUE(data);
  const auto& low = std::get<LowSuppliesData>(*data);
  EXPECT_EQ(low.threshold_percent, 10);
  ASSERT_EQ(low.devices.size(), 1u);
  EXPECT_EQ(low.devices[0].supply, "Black Toner");
  ASSERT_TRUE(low.devices[0].days_to_empty);
  EXPECT_NEAR(*low.devices[0].days_to_empty, 0.75, 0.01);  // 8 points a day, 6 left
}

TEST_F(DashboardServiceTest, PageTrendIsReusedForItsPeriodUntilItExpires) {
  const auto id = device("10.0.0.4");
  const auto reading = [&](std::int64_t total) {
    DeviceSnapshot s;
    s.device_id = id;
    s.read_at = clock.now();
    s.answered = true;
    s.counters = CounterValues{};
    s.counters->values[0] = total;
    storage.ingestSnapshots({s});
  };
  const auto pages = [&]() {
    const auto data = service.panelData(PanelType::kCounterTrends, {{"days", std::int64_t{7}}});
    EXPECT_TRUE(data);
    const auto& points = std::get<CounterTrendData>(*data).points;
    return points.empty() ? std::int64_t{-1} : points.back().pages;
  };
  reading(100);
  clock.advance(24h);
  reading(150);
  EXPECT_EQ(pages(), 50);
  reading(180);            // a later reading the same day
  EXPECT_EQ(pages(), 50);  // reused
  // Another period is computed on its own.
  const auto other = service.panelData(PanelType::kCounterTrends, {{"days", std::int64_t{8}}});
  ASSERT_TRUE(other);
  EXPECT_EQ(std::get<CounterTrendData>(*other).points.back().pages, 80);
  clock.advance(DashboardService::kTrendCacheTtl);
  EXPECT_EQ(pages(), 80);
}

TEST_F(DashboardServiceTest, AgentHealthListsEveryAgent) {
  ASSERT_TRUE(agents.create("east", false));
  ASSERT_TRUE(agents.create("west", false));
  const auto data = service.panelData(PanelType::kAgentHealth, {});
  ASSERT_TRUE(data);
  const auto& health = std::get<AgentHealthData>(*data);
  ASSERT_EQ(health.agents.size(), 2u);
  EXPECT_EQ(health.agents[0].agent.agent.name, "east");
  EXPECT_EQ(health.agents[0].agent.status, AgentStatus::kInactive);
  EXPECT_EQ(health.agents[0].devices, 0);
}

}  // namespace
}  // namespace pw::manager
