#include "manager/services/dashboard_service.hpp"

#include <algorithm>

#include "manager/services/monitoring_service.hpp"

namespace pw::manager {
namespace {

using nlohmann::json;

Problem invalidInput(std::string message) {
  return Problem{ErrorKind::kInvalidInput, "invalid_input", std::move(message)};
}

std::string typeNames() {
  std::string out;
  for (const auto type : kPanelTypes) out.append(out.empty() ? "" : ", ").append(toString(type));
  return out;
}

std::variant<Panel, std::string> panelFromJson(const json& item, const std::string& where) {
  if (!item.is_object()) return where + " must be an object";
  Panel panel;
  if (!item.contains("type") || !item["type"].is_string()) {
    return where + ".type is required (" + typeNames() + ")";
  }
  const auto type = panelTypeFromString(item["type"].get<std::string>());
  if (!type) {
    return where + ".type: unknown panel type \"" + item["type"].get<std::string>() + "\" (" +
           typeNames() + ")";
  }
  panel.type = *type;
  for (const auto& [key, value] : item.items()) {
    if (key == "type") continue;
    if (key == "title") {
      if (!value.is_string()) return where + ".title must be text";
      panel.title = value.get<std::string>();
    } else if (key == "size") {
      const auto size =
          value.is_string() ? panelSizeFromString(value.get<std::string>()) : std::nullopt;
      if (!size) return where + ".size must be small, medium or large";
      panel.size = *size;
    } else if (key == "options") {
      if (!value.is_object()) return where + ".options must be an object";
      for (const auto& [name, option] : value.items()) {
        if (option.is_number_integer()) {
          panel.options[name] = option.get<std::int64_t>();
        } else if (option.is_string()) {
          panel.options[name] = option.get<std::string>();
        } else {
          return where + ".options." + name + " must be a whole number or a word";
        }
      }
    } else {
      return where + ": unknown field \"" + key + "\"; send type, title, size and options";
    }
  }
  return panel;
}

}  // namespace

json panelsToJson(const Dashboard& dashboard) {
  json panels = json::array();
  for (const auto& panel : dashboard.panels) {
    json options = json::object();
    for (const auto& [name, value] : panel.options) {
      std::visit([&options, &name](const auto& v) { options[name] = v; }, value);
    }
    panels.push_back({{"type", toString(panel.type)},
                      {"title", panel.title},
                      {"size", toString(panel.size)},
                      {"options", options}});
  }
  return panels;
}

std::variant<Dashboard, std::string> dashboardFromJson(const json& body) {
  if (!body.is_object()) return "the body must be {\"panels\": [...]}";
  for (const auto& [key, value] : body.items()) {
    if (key != "panels") return "unknown field \"" + key + "\"; send panels";
  }
  if (!body.contains("panels") || !body["panels"].is_array()) {
    return "panels is required: a list of {type, title, size, options}";
  }
  Dashboard dashboard;
  const auto& panels = body["panels"];
  for (std::size_t i = 0; i < panels.size(); ++i) {
    auto panel = panelFromJson(panels[i], "panels[" + std::to_string(i) + "]");
    if (auto* error = std::get_if<std::string>(&panel)) return *error;
    dashboard.panels.push_back(std::get<Panel>(std::move(panel)));
  }
  return dashboard;
}

DashboardService::DashboardService(DashboardStore& store, MonitoringStore& readings,
                                   AgentService& agents, const Clock& clock)
    : store_(store), readings_(readings), agents_(agents), clock_(clock) {}

Outcome<DashboardView> DashboardService::get(std::optional<std::int64_t> user_id) {
  const auto stored = store_.findDashboard(user_id);
  if (!stored) return DashboardView{defaultDashboard(), std::nullopt};
  const auto body = json::parse(stored->first, nullptr, false);
  auto parsed = dashboardFromJson(body);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    return Problem{ErrorKind::kInternal, "internal",
                   "The stored dashboard is unreadable: " + *error};
  }
  return DashboardView{std::get<Dashboard>(std::move(parsed)), stored->second};
}

Outcome<DashboardView> DashboardService::save(std::optional<std::int64_t> user_id,
                                              const Dashboard& dashboard) {
  if (auto error = validateDashboard(dashboard); !error.empty()) return invalidInput(error);
  const auto now = clock_.now();
  store_.saveDashboard(user_id, json{{"panels", panelsToJson(dashboard)}}.dump(), now);
  return DashboardView{dashboard, now};
}

Outcome<PanelData> DashboardService::panelData(PanelType type, const PanelOptions& given) {
  if (auto error = validatePanelOptions(type, given, ""); !error.empty()) {
    return invalidInput(error);
  }
  const auto options = effectiveOptions(type, given);
  switch (type) {
    case PanelType::kStatusBreakdown: {
      StatusBreakdownData data;
      for (const auto category : kStatusCategories) data.counts[std::string(category)] = 0;
      for (const auto& [category, count] : store_.statusBreakdown()) {
        data.counts[category] += count;
        data.total += count;
      }
      return PanelData(std::move(data));
    }
    case PanelType::kDevicesWithErrors: {
      // Worst first: the minimum severity and everything worse.
      std::vector<std::string> severities = {"service_call"};
      const auto minimum = wordOption(options, "minSeverity");
      if (minimum != "service_call") severities.emplace_back("error");
      if (minimum == "warning") severities.emplace_back("warning");
      return PanelData(DevicesWithErrorsData{store_.devicesInError(
          severities, static_cast<std::size_t>(integerOption(options, "limit")))});
    }
    case PanelType::kLowSupplies: return PanelData(lowSupplies(options));
    case PanelType::kCounterTrends: {
      CounterTrendData data;
      data.interval = wordOption(options, "interval");
      data.to_day = dayOf(clock_.now());
      data.from_day = data.to_day - integerOption(options, "days") + 1;
      data.points = fleetPages(data.from_day, data.to_day);
      if (data.interval == "week") data.points = weeklyPages(data.points);
      return PanelData(std::move(data));
    }
    case PanelType::kAgentHealth: {
      AgentHealthData data;
      const auto loads = store_.agentLoads();
      for (auto& view : agents_.list()) {
        AgentHealth row{std::move(view), 0, std::nullopt, std::nullopt};
        const auto load = std::find_if(loads.begin(), loads.end(), [&](const AgentLoad& l) {
          return l.agent_id == row.agent.agent.id;
        });
        if (load != loads.end()) {
          row.devices = load->devices;
          row.outbox_records = load->outbox_records;
          row.sampled_at = load->sampled_at;
        }
        data.agents.push_back(std::move(row));
      }
      return PanelData(std::move(data));
    }
  }
  return invalidInput("unknown panel type");
}

std::vector<DailyPages> DashboardService::fleetPages(std::int64_t from_day, std::int64_t to_day) {
  const auto now = clock_.now();
  {
    std::lock_guard lock(trend_mutex_);
    std::erase_if(trends_,
                  [&](const CachedTrend& c) { return now - c.computed_at >= kTrendCacheTtl; });
    for (const auto& cached : trends_) {
      if (cached.from_day == from_day && cached.to_day == to_day) return cached.days;
    }
  }
  // Computed outside the lock: two panels asking at once both compute, which is harmless.
  auto days = store_.fleetPages(from_day, to_day);
  std::lock_guard lock(trend_mutex_);
  trends_.push_back({from_day, to_day, now, days});
  return days;
}

LowSuppliesData DashboardService::lowSupplies(const PanelOptions& options) {
  LowSuppliesData data;
  data.threshold_percent = integerOption(options, "thresholdPercent");
  auto [total, devices] = store_.lowSupplies(
      data.threshold_percent, static_cast<std::size_t>(integerOption(options, "limit")));
  data.total = total;
  const auto from_day = dayOf(clock_.now()) - MonitoringService::kRateWindowDays;
  for (auto& item : devices) {
    if (item.supply_index.empty()) continue;
    std::vector<SupplyLevelPoint> history;
    for (auto& point : readings_.supplyLevels(item.device_id, from_day)) {
      if (point.level.index == item.supply_index) history.push_back(std::move(point));
    }
    item.days_to_empty = daysToEmpty(history);
  }
  data.devices = std::move(devices);
  return data;
}

}  // namespace pw::manager
