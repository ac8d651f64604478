#pragma once
// Consumables from the Printer MIB (RFC 3805): prtMarkerSuppliesTable with its colorant from
// prtMarkerColorantTable, input trays (prtInputTable) and output bins (prtOutputTable).
// Levels keep the RFC's special values as explicit states (Amount): a percentage exists only
// when the capacity is a positive number and the level a real amount. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agent/identify/snmp_value.hpp"
#include "agent/monitor/mib_table.hpp"

namespace pw::agent::monitor {

struct Supply {
  std::string index;  ///< "hrDeviceIndex.prtMarkerSuppliesIndex", e.g. "1.13"
  std::string description;
  std::int64_t class_code = 0;  ///< PrtMarkerSuppliesClassTC; 0 when absent
  std::string
      supply_class;  ///< "consumed" (3), "filled" (4: waste receptacles), "other"; "" absent
  std::int64_t type_code = 0;  ///< PrtMarkerSuppliesTypeTC; 0 when absent
  std::string type;            ///< "toner", "wasteToner", "ink", "opc", ...; "" absent
  std::int64_t unit_code = 0;  ///< PrtMarkerSuppliesSupplyUnitTC; 0 when absent
  std::string unit;            ///< "percent", "impressions", "tenthsOfGrams", ...; "" absent
  Amount max_capacity;         ///< kOther here means "no restriction"
  Amount level;
  std::optional<int> percent;                  ///< level / max, see percentOf()
  std::optional<std::int64_t> colorant_index;  ///< 0 (none) is left out
  std::string colorant;  ///< prtMarkerColorantValue, e.g. "black"; "" when none

  bool operator==(const Supply&) const = default;
};

struct InputTray {
  std::string index;  ///< "hrDeviceIndex.prtInputIndex"
  std::string name;   ///< prtInputName; "" when absent
  std::int64_t type_code = 0;
  std::string type;           ///< "sheetFeedAutoRemovableTray", "sheetFeedManual", ...; "" absent
  std::string capacity_unit;  ///< "sheets", "items", ...; "" absent
  Amount max_capacity;
  Amount level;  ///< prtInputCurrentLevel
  std::optional<int> percent;
  std::optional<std::int64_t> status;  ///< PrtSubUnitStatusTC bits, raw
  std::string media_name;              ///< prtInputMediaName

  bool operator==(const InputTray&) const = default;
};

struct OutputBin {
  std::string index;  ///< "hrDeviceIndex.prtOutputIndex"
  std::string name;
  std::int64_t type_code = 0;
  std::string type;  ///< "removableBin", "unRemovableBin", ...; "" absent
  std::string capacity_unit;
  Amount max_capacity;
  Amount remaining;  ///< prtOutputRemainingCapacity: space left
  std::optional<int> percent_remaining;
  std::optional<std::int64_t> status;

  bool operator==(const OutputBin&) const = default;
};

std::vector<Supply> readSupplies(const identify::OidValues& values);
std::vector<InputTray> readInputTrays(const identify::OidValues& values);
std::vector<OutputBin> readOutputBins(const identify::OidValues& values);

}  // namespace pw::agent::monitor
