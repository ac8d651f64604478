#pragma once
// The consumables report's arithmetic (decision 0030): each supply's current level from its
// daily level history, whether it is empty or low, when it will run out at its recent rate
// (core daysToEmpty), and the order list: supplies grouped by printer model and supply.
// Pure: level histories in, rows out.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manager/core/monitoring.hpp"

namespace pw::manager::reports {

/// empty: 0 %; low: at most the low threshold; ok: above it; unknown: no percentage (the
/// device only says "some remaining", or nothing).
enum class SupplyCondition { kEmpty, kLow, kOk, kUnknown };
std::string_view toString(SupplyCondition condition);  ///< "empty", "low", "ok", "unknown"
SupplyCondition conditionOf(const SupplyLevel& level, int low_percent);

struct CurrentSupply {
  SupplyLevel level;  ///< the latest reading of the supply
  SupplyCondition condition = SupplyCondition::kUnknown;
  std::optional<double> days_to_empty;  ///< core daysToEmpty over the history
};

/// One entry per supply (by index, in index order) from a device's level history (any order):
/// the latest level, its condition and the forecast.
std::vector<CurrentSupply> currentSupplies(const std::vector<SupplyLevelPoint>& history,
                                           int low_percent);

/// Whether the supply needs ordering within the horizon: empty now, or expected to be empty
/// within horizon_days at its recent rate.
bool needsOrder(const CurrentSupply& supply, int horizon_days);

/// One line of the order list: a model and a supply (description and colorant as the printers
/// name it), over the devices of that model that have it.
struct SupplyOrderLine {
  std::string model;
  std::string description;
  std::string colorant;
  int devices = 0;   ///< devices with this supply
  int empty = 0;     ///< of which empty now
  int low = 0;       ///< of which low (not empty)
  int to_order = 0;  ///< of which needsOrder
  friend bool operator==(const SupplyOrderLine&, const SupplyOrderLine&) = default;
};

/// Adds one device's supplies to the order list (kept sorted by model, description, colorant).
void addToOrderList(std::vector<SupplyOrderLine>& lines, std::string_view model,
                    const std::vector<CurrentSupply>& supplies, int horizon_days);

}  // namespace pw::manager::reports
