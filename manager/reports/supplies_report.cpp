#include "manager/reports/supplies_report.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace pw::manager::reports {

std::string_view toString(SupplyCondition condition) {
  switch (condition) {
    case SupplyCondition::kEmpty: return "empty";
    case SupplyCondition::kLow: return "low";
    case SupplyCondition::kOk: return "ok";
    case SupplyCondition::kUnknown: return "unknown";
  }
  return "unknown";
}

SupplyCondition conditionOf(const SupplyLevel& level, int low_percent) {
  if (!level.percent) return SupplyCondition::kUnknown;
  if (*level.percent <= 0) return SupplyCondition::kEmpty;
  return *level.percent <= low_percent ? SupplyCondition::kLow : SupplyCondition::kOk;
}

std::vector<CurrentSupply> currentSupplies(const std::vector<SupplyLevelPoint>& history,
                                           int low_percent) {
  std::map<std::string, std::vector<SupplyLevelPoint>> by_supply;
  for (const auto& point : history) by_supply[point.level.index].push_back(point);
  std::vector<CurrentSupply> out;
  for (auto& [index, points] : by_supply) {
    std::sort(points.begin(), points.end(),
              [](const auto& a, const auto& b) { return a.read_at < b.read_at; });
    CurrentSupply supply;
    supply.level = points.back().level;
    supply.condition = conditionOf(supply.level, low_percent);
    supply.days_to_empty = daysToEmpty(points);
    out.push_back(std::move(supply));
  }
  return out;
}

bool needsOrder(const CurrentSupply& supply, int horizon_days) {
  if (supply.condition == SupplyCondition::kEmpty) return true;
  return supply.days_to_empty && *supply.days_to_empty <= horizon_days;
}

void addToOrderList(std::vector<SupplyOrderLine>& lines, std::string_view model,
                    const std::vector<CurrentSupply>& supplies, int horizon_days) {
  const auto key = [](const SupplyOrderLine& line) {
    return std::tie(line.model, line.description, line.colorant);
  };
  for (const auto& supply : supplies) {
    SupplyOrderLine wanted{std::string(model), supply.level.description, supply.level.colorant};
    auto it = std::lower_bound(lines.begin(), lines.end(), wanted,
                               [&](const auto& a, const auto& b) { return key(a) < key(b); });
    if (it == lines.end() || key(*it) != key(wanted)) it = lines.insert(it, std::move(wanted));
    ++it->devices;
    if (supply.condition == SupplyCondition::kEmpty) ++it->empty;
    if (supply.condition == SupplyCondition::kLow) ++it->low;
    if (needsOrder(supply, horizon_days)) ++it->to_order;
  }
}

}  // namespace pw::manager::reports
