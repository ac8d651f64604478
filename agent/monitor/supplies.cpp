// Supplies, trays and bins: straight column reads. The one rule worth stating is the
// percentage: only level >= 0 over capacity > 0 (percentOf); -1/-2/-3 stay states, so a
// "some remaining" toner is never shown as a made-up 50 %.
#include "agent/monitor/supplies.hpp"

#include <map>

namespace pw::agent::monitor {

namespace {

const std::string kSuppliesEntry = "1.3.6.1.2.1.43.11.1.1";
const std::string kColorantEntry = "1.3.6.1.2.1.43.12.1.1";
const std::string kInputEntry = "1.3.6.1.2.1.43.8.2.1";
const std::string kOutputEntry = "1.3.6.1.2.1.43.9.2.1";

const std::vector<CodeName> kSupplyClasses = {{1, "other"}, {3, "consumed"}, {4, "filled"}};
const std::vector<CodeName> kSupplyTypes = {{1, "other"},
                                            {2, "unknown"},
                                            {3, "toner"},
                                            {4, "wasteToner"},
                                            {5, "ink"},
                                            {6, "inkCartridge"},
                                            {7, "inkRibbon"},
                                            {8, "wasteInk"},
                                            {9, "opc"},
                                            {10, "developer"},
                                            {11, "fuserOil"},
                                            {12, "solidWax"},
                                            {13, "ribbonWax"},
                                            {14, "wasteWax"},
                                            {15, "fuser"},
                                            {16, "coronaWire"},
                                            {17, "fuserOilWick"},
                                            {18, "cleanerUnit"},
                                            {19, "fuserCleaningPad"},
                                            {20, "transferUnit"},
                                            {21, "tonerCartridge"},
                                            {22, "fuserOiler"},
                                            {23, "water"},
                                            {24, "wasteWater"},
                                            {25, "glueWaterAdditive"},
                                            {26, "wastePaper"},
                                            {27, "bindingSupply"},
                                            {28, "bandingSupply"},
                                            {29, "stitchingWire"},
                                            {30, "shrinkWrap"},
                                            {31, "paperWrap"},
                                            {32, "staples"},
                                            {33, "inserts"},
                                            {34, "covers"},
                                            {35, "matteToner"},
                                            {36, "matteInk"}};
// PrtMarkerSuppliesSupplyUnitTC and PrtCapacityUnitTC share their codes.
const std::vector<CodeName> kUnits = {{1, "other"},
                                      {2, "unknown"},
                                      {3, "tenThousandthsOfInches"},
                                      {4, "micrometers"},
                                      {7, "impressions"},
                                      {8, "sheets"},
                                      {11, "hours"},
                                      {12, "thousandthsOfOunces"},
                                      {13, "tenthsOfGrams"},
                                      {14, "hundrethsOfFluidOunces"},
                                      {15, "tenthsOfMilliliters"},
                                      {16, "feet"},
                                      {17, "meters"},
                                      {18, "items"},
                                      {19, "percent"}};
const std::vector<CodeName> kInputTypes = {{1, "other"},
                                           {2, "unknown"},
                                           {3, "sheetFeedAutoRemovableTray"},
                                           {4, "sheetFeedAutoNonRemovableTray"},
                                           {5, "sheetFeedManual"},
                                           {6, "continuousRoll"},
                                           {7, "continuousFanFold"}};
const std::vector<CodeName> kOutputTypes = {{1, "other"},
                                            {2, "unknown"},
                                            {3, "removableBin"},
                                            {4, "unRemovableBin"},
                                            {5, "continuousRollDevice"},
                                            {6, "mailBox"},
                                            {7, "continuousFanFold"}};

// A coded column: the raw code (0 when absent) and its name ("" when absent).
std::pair<std::int64_t, std::string> coded(const TableRow& row, std::uint32_t column,
                                           const std::vector<CodeName>& names) {
  const auto code = row.integer(column);
  if (!code) return {0, ""};
  return {*code, codeName(*code, names)};
}

// The columns prtInputTable and prtOutputTable share, by their numbers in each table.
struct PaperColumns {
  std::uint32_t name;
  std::uint32_t type;
  std::uint32_t capacity_unit;
  std::uint32_t max_capacity;
  std::uint32_t status;
  const std::vector<CodeName>& types;
};

// An input tray's or output bin's shared fields from its row.
template <typename PaperUnit>
PaperUnit readPaperUnit(const TableRow& row, const PaperColumns& columns) {
  PaperUnit unit;
  unit.index = row.indexText();
  unit.name = row.text(columns.name).value_or("");
  std::tie(unit.type_code, unit.type) = coded(row, columns.type, columns.types);
  unit.capacity_unit = coded(row, columns.capacity_unit, kUnits).second;
  unit.max_capacity = Amount::from(row.integer(columns.max_capacity));
  unit.status = row.integer(columns.status);
  return unit;
}

// prtMarkerColorantValue by "hrDeviceIndex.colorantIndex".
std::map<std::string, std::string> colorants(const identify::OidValues& values) {
  std::map<std::string, std::string> out;
  for (const TableRow& row : tableRows(values, kColorantEntry)) {
    if (auto name = row.text(4)) out[row.indexText()] = std::move(*name);
  }
  return out;
}

}  // namespace

std::vector<Supply> readSupplies(const identify::OidValues& values) {
  const auto colorant_names = colorants(values);
  std::vector<Supply> out;
  for (const TableRow& row : tableRows(values, kSuppliesEntry)) {
    Supply supply;
    supply.index = row.indexText();
    supply.description = row.text(6).value_or("");
    std::tie(supply.class_code, supply.supply_class) = coded(row, 4, kSupplyClasses);
    std::tie(supply.type_code, supply.type) = coded(row, 5, kSupplyTypes);
    std::tie(supply.unit_code, supply.unit) = coded(row, 7, kUnits);
    supply.max_capacity = Amount::from(row.integer(8));
    supply.level = Amount::from(row.integer(9));
    supply.percent = percentOf(supply.level, supply.max_capacity);
    if (const auto colorant = row.integer(3); colorant && *colorant > 0 && row.index.size() == 2) {
      supply.colorant_index = *colorant;
      const auto it =
          colorant_names.find(std::to_string(row.index.front()) + "." + std::to_string(*colorant));
      if (it != colorant_names.end()) supply.colorant = it->second;
    }
    out.push_back(std::move(supply));
  }
  return out;
}

std::vector<InputTray> readInputTrays(const identify::OidValues& values) {
  std::vector<InputTray> out;
  for (const TableRow& row : tableRows(values, kInputEntry)) {
    auto tray = readPaperUnit<InputTray>(row, {13, 2, 8, 9, 11, kInputTypes});
    tray.level = Amount::from(row.integer(10));
    tray.percent = percentOf(tray.level, tray.max_capacity);
    tray.media_name = row.text(12).value_or("");
    out.push_back(std::move(tray));
  }
  return out;
}

std::vector<OutputBin> readOutputBins(const identify::OidValues& values) {
  std::vector<OutputBin> out;
  for (const TableRow& row : tableRows(values, kOutputEntry)) {
    auto bin = readPaperUnit<OutputBin>(row, {7, 2, 3, 4, 6, kOutputTypes});
    bin.remaining = Amount::from(row.integer(5));
    bin.percent_remaining = percentOf(bin.remaining, bin.max_capacity);
    out.push_back(std::move(bin));
  }
  return out;
}

}  // namespace pw::agent::monitor
