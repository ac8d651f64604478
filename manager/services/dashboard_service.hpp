#pragma once
// Dashboards and their panels' data. The shared dashboard and each user's are stored as their
// REST documents; one nobody saved yet is defaultDashboard(). Panel data is aggregated by the
// storage (DashboardStore) over managed devices; days-to-empty and Agent status are added here.
// The page trend reads every managed device's daily counters of the period (3 million rows for
// 100,000 devices and 30 days, seconds of work), while they change at most a few times a day:
// its daily sums are kept kTrendCacheTtl per period. Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/core/clock.hpp"
#include "manager/core/dashboard.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/agent_service.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

struct DashboardView {
  Dashboard dashboard;
  std::optional<Clock::TimePoint> updated_at;  ///< empty: never saved (the default layout)
};

struct StatusBreakdownData {
  std::map<std::string, std::int64_t> counts;  ///< every kStatusCategories entry
  std::int64_t total = 0;
};
struct DevicesWithErrorsData {
  std::vector<DeviceInError> devices;
};
struct LowSuppliesData {
  std::int64_t threshold_percent = 0;
  std::int64_t total = 0;  ///< devices at or below the threshold, also beyond the list
  std::vector<LowSupply> devices;
};
struct CounterTrendData {
  std::string interval;  ///< day | week
  std::int64_t from_day = 0;
  std::int64_t to_day = 0;
  std::vector<DailyPages> points;  ///< days (or Mondays) with readings, oldest first
};
struct AgentHealth {
  AgentView agent;
  std::int64_t devices = 0;
  std::optional<std::int64_t> outbox_records;
  std::optional<Clock::TimePoint> sampled_at;
};
struct AgentHealthData {
  std::vector<AgentHealth> agents;
};
using PanelData = std::variant<StatusBreakdownData, DevicesWithErrorsData, LowSuppliesData,
                               CounterTrendData, AgentHealthData>;

/// The panels as the REST API shows them: [{"type","title","size","options"}].
nlohmann::json panelsToJson(const Dashboard& dashboard);
/// {"panels": [...]} → a dashboard, or the message of a 400 naming the field (unknown fields,
/// types, sizes and options included). Not yet checked by validateDashboard.
std::variant<Dashboard, std::string> dashboardFromJson(const nlohmann::json& body);

class DashboardService {
 public:
  /// How long the page trend's daily sums of one period are reused.
  static constexpr std::chrono::minutes kTrendCacheTtl{10};

  DashboardService(DashboardStore& store, MonitoringStore& readings, AgentService& agents,
                   const Clock& clock);

  /// The shared dashboard (no user) or a user's.
  Outcome<DashboardView> get(std::optional<std::int64_t> user_id);
  /// invalid_input naming the panel and field (validateDashboard).
  Outcome<DashboardView> save(std::optional<std::int64_t> user_id, const Dashboard& dashboard);
  /// invalid_input naming an unknown or bad option.
  Outcome<PanelData> panelData(PanelType type, const PanelOptions& options);

 private:
  LowSuppliesData lowSupplies(const PanelOptions& options);
  std::vector<DailyPages> fleetPages(std::int64_t from_day, std::int64_t to_day);

  struct CachedTrend {
    std::int64_t from_day = 0;
    std::int64_t to_day = 0;
    Clock::TimePoint computed_at;
    std::vector<DailyPages> days;
  };

  DashboardStore& store_;
  MonitoringStore& readings_;
  AgentService& agents_;
  const Clock& clock_;
  std::mutex trend_mutex_;
  std::vector<CachedTrend> trends_;  ///< by period; a handful at most (panels' day counts)
};

}  // namespace pw::manager
