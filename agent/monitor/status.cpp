// Design note — folding device status into the product's model
//
// Inputs, all optional: hrDeviceStatus and hrPrinterStatus of the printer's hrDevice row,
// the hrPrinterDetectedErrorState bits, and the prtAlertTable rows.
//
// Severity = the highest of
//   - each error-state bit's own severity (kBitSeverity below): the "low"/"near full"/tray
//     empty/maintenance-due bits are warnings, the rest errors, serviceRequested a service call;
//   - each alert's severity: critical(3) is an error, and a service call when its training
//     level is fieldService(5) (only a technician can clear it); warning(4), binary change
//     event(5) and other(1) are warnings; a power-saver alert (code 23) is not a problem;
//   - hrDeviceStatus: down(5) an error, warning(3) and testing(4) warnings, running(2) ok.
//     (A printer may say "warning" with no bit set, e.g. the Ricoh recording: that is a warning
//     without a named condition.)
// When none of these objects says anything (absent, or hrDeviceStatus / hrPrinterStatus
// "unknown") the severity is kUnknown, otherwise at least kOk.
//
// Why not also trained/management training levels as service calls (the reference guide's
// notification filter selects them): the simulator and real printers mark operator-level
// problems such as "offline" as trained; treating those as service calls would page a
// technician for a button press.
//
// Power state: kUnknown without any status object; kSleep when an alert says the printer is
// in power saver (subunitPowerSaver, 23); otherwise kOn. "No response" and "conflict" are
// decided by the caller, which knows whether the device answered and at which MAC.
#include "agent/monitor/status.hpp"

#include <algorithm>
#include <array>

#include "agent/monitor/mib_table.hpp"

namespace pw::agent::monitor {

namespace {

const std::string kHrDeviceStatus = "1.3.6.1.2.1.25.3.2.1.5";
const std::string kHrPrinterEntry = "1.3.6.1.2.1.25.3.5.1";
const std::string kPrtAlertEntry = "1.3.6.1.2.1.43.18.1.1";

constexpr std::size_t kErrorStateBits = 15;
constexpr std::array<Severity, kErrorStateBits> kBitSeverity = {
    Severity::kWarning,      // lowPaper
    Severity::kError,        // noPaper
    Severity::kWarning,      // lowToner
    Severity::kError,        // noToner
    Severity::kError,        // doorOpen
    Severity::kError,        // jammed
    Severity::kError,        // offline
    Severity::kServiceCall,  // serviceRequested
    Severity::kError,        // inputTrayMissing
    Severity::kError,        // outputTrayMissing
    Severity::kError,        // markerSupplyMissing
    Severity::kWarning,      // outputNearFull
    Severity::kError,        // outputFull
    Severity::kWarning,      // inputTrayEmpty
    Severity::kWarning,      // overduePreventMaint
};

constexpr std::int64_t kAlertCritical = 3;
constexpr std::int64_t kTrainingFieldService = 5;
constexpr std::int64_t kCodePowerSaver = 23;

const std::vector<CodeName> kSeverityNames = {
    {1, "other"}, {3, "critical"}, {4, "warning"}, {5, "warningBinaryChangeEvent"}};
const std::vector<CodeName> kTrainingNames = {{1, "other"},
                                              {2, "unknown"},
                                              {3, "untrained"},
                                              {4, "trained"},
                                              {5, "fieldService"},
                                              {6, "management"},
                                              {7, "noInterventionRequired"}};
const std::vector<CodeName> kGroupNames = {{1, "other"},
                                           {2, "unknown"},
                                           {3, "hostResourcesMIBStorageTable"},
                                           {4, "hostResourcesMIBDeviceTable"},
                                           {5, "generalPrinter"},
                                           {6, "cover"},
                                           {7, "localization"},
                                           {8, "input"},
                                           {9, "output"},
                                           {10, "marker"},
                                           {11, "markerSupplies"},
                                           {12, "markerColorant"},
                                           {13, "mediaPath"},
                                           {14, "channel"},
                                           {15, "interpreter"},
                                           {16, "consoleDisplayBuffer"},
                                           {17, "consoleLights"},
                                           {18, "alert"},
                                           {30, "finDevice"},
                                           {31, "finSupply"},
                                           {32, "finSupplyMediaInput"},
                                           {33, "finAttribute"}};

struct AlertCode {
  std::int64_t code;
  std::string_view name;
  std::optional<Condition> condition;
};
// PrtAlertCodeTC (RFC 3805), with the condition a code means where there is one.
const std::vector<AlertCode> kAlertCodes = {
    {1, "other", {}},
    {2, "unknown", {}},
    {3, "coverOpen", Condition::kDoorOpen},
    {4, "coverClosed", {}},
    {5, "interlockOpen", Condition::kDoorOpen},
    {6, "interlockClosed", {}},
    {7, "configurationChange", {}},
    {8, "jam", Condition::kJammed},
    {9, "subunitMissing", {}},
    {10, "subunitLifeAlmostOver", Condition::kOverduePreventMaint},
    {11, "subunitLifeOver", Condition::kOverduePreventMaint},
    {12, "subunitAlmostEmpty", {}},
    {13, "subunitEmpty", {}},
    {14, "subunitAlmostFull", {}},
    {15, "subunitFull", {}},
    {16, "subunitNearLimit", {}},
    {17, "subunitAtLimit", {}},
    {18, "subunitOpened", Condition::kDoorOpen},
    {19, "subunitClosed", {}},
    {20, "subunitTurnedOn", {}},
    {21, "subunitTurnedOff", {}},
    {22, "subunitOffline", Condition::kOffline},
    {23, "subunitPowerSaver", {}},
    {24, "subunitWarmingUp", {}},
    {25, "subunitAdded", {}},
    {26, "subunitRemoved", {}},
    {27, "subunitResourceAdded", {}},
    {28, "subunitResourceRemoved", {}},
    {29, "subunitRecoverableFailure", {}},
    {30, "subunitUnrecoverableFailure", Condition::kServiceRequested},
    {31, "subunitRecoverableStorageError", {}},
    {32, "subunitUnrecoverableStorageError", Condition::kServiceRequested},
    {33, "subunitMotorFailure", Condition::kServiceRequested},
    {34, "subunitMemoryExhausted", {}},
    {35, "subunitUnderTemperature", {}},
    {36, "subunitOverTemperature", {}},
    {37, "subunitTimingFailure", Condition::kServiceRequested},
    {38, "subunitThermistorFailure", Condition::kServiceRequested},
    {501, "doorOpen", Condition::kDoorOpen},
    {502, "doorClosed", {}},
    {503, "poweredUp", {}},
    {504, "poweredDown", {}},
    {505, "printerNMSReset", {}},
    {506, "printerManualReset", {}},
    {507, "printerReadyToPrint", {}},
    {801, "inputMediaTrayMissing", Condition::kInputTrayMissing},
    {802, "inputMediaSizeChange", {}},
    {803, "inputMediaWeightChange", {}},
    {804, "inputMediaTypeChange", {}},
    {805, "inputMediaColorChange", {}},
    {806, "inputMediaFormPartsChange", {}},
    {807, "inputMediaSupplyLow", Condition::kLowPaper},
    {808, "inputMediaSupplyEmpty", Condition::kNoPaper},
    {809, "inputManualInputRequest", {}},
    {810, "inputTrayPositionFailure", {}},
    {811, "inputTrayElevationFailure", {}},
    {812, "inputCannotFeedSizeSelected", {}},
    {901, "outputMediaTrayMissing", Condition::kOutputTrayMissing},
    {902, "outputMediaTrayAlmostFull", Condition::kOutputNearFull},
    {903, "outputMediaTrayFull", Condition::kOutputFull},
    {904, "outputMailboxSelectFailure", {}},
    {1001, "markerFuserUnderTemperature", {}},
    {1002, "markerFuserOverTemperature", {}},
    {1003, "markerFuserTimingFailure", Condition::kServiceRequested},
    {1004, "markerFuserThermistorFailure", Condition::kServiceRequested},
    {1005, "markerAdjustingPrintQuality", {}},
    {1101, "markerTonerEmpty", Condition::kNoToner},
    {1102, "markerInkEmpty", Condition::kNoToner},
    {1103, "markerPrintRibbonEmpty", Condition::kNoToner},
    {1104, "markerTonerAlmostEmpty", Condition::kLowToner},
    {1105, "markerInkAlmostEmpty", Condition::kLowToner},
    {1106, "markerPrintRibbonAlmostEmpty", Condition::kLowToner},
    {1107, "markerWasteTonerReceptacleAlmostFull", Condition::kWasteAlmostFull},
    {1108, "markerWasteInkReceptacleAlmostFull", Condition::kWasteAlmostFull},
    {1109, "markerWasteTonerReceptacleFull", Condition::kWasteFull},
    {1110, "markerWasteInkReceptacleFull", Condition::kWasteFull},
    {1111, "markerOpcLifeAlmostOver", Condition::kOverduePreventMaint},
    {1112, "markerOpcLifeOver", Condition::kOverduePreventMaint},
    {1113, "markerDeveloperAlmostEmpty", Condition::kLowToner},
    {1114, "markerDeveloperEmpty", Condition::kNoToner},
    {1115, "markerTonerCartridgeMissing", Condition::kMarkerSupplyMissing},
    {1301, "mediaPathMediaTrayMissing", Condition::kOutputTrayMissing},
    {1302, "mediaPathMediaTrayAlmostFull", Condition::kOutputNearFull},
    {1303, "mediaPathMediaTrayFull", Condition::kOutputFull},
    {1304, "mediaPathCannotDuplexMediaSelected", {}},
    {1501, "interpreterMemoryIncrease", {}},
    {1502, "interpreterMemoryDecrease", {}},
    {1503, "interpreterCartridgeAdded", {}},
    {1504, "interpreterCartridgeDeleted", {}},
    {1505, "interpreterResourceAdded", {}},
    {1506, "interpreterResourceDeleted", {}},
    {1507, "interpreterResourceUnavailable", {}},
    {1509, "interpreterComplexPageEncountered", {}},
    {1801, "alertRemovalOfBinaryChangeEntry", {}},
};

const AlertCode* findAlertCode(std::int64_t code) {
  const auto it = std::find_if(kAlertCodes.begin(), kAlertCodes.end(),
                               [code](const AlertCode& entry) { return entry.code == code; });
  return it == kAlertCodes.end() ? nullptr : &*it;
}

Severity alertSeverity(std::int64_t severity_level, std::int64_t training_level,
                       std::int64_t code) {
  if (code == kCodePowerSaver) return Severity::kOk;
  if (severity_level != kAlertCritical) return Severity::kWarning;
  return training_level == kTrainingFieldService ? Severity::kServiceCall : Severity::kError;
}

Alert readAlert(const TableRow& row) {
  Alert alert;
  alert.index = row.indexText();
  alert.severity_level = row.integer(2).value_or(0);
  alert.severity_level_name = codeName(alert.severity_level, kSeverityNames);
  alert.training_level = row.integer(3).value_or(0);
  alert.training_level_name =
      alert.training_level == 0 ? std::string() : codeName(alert.training_level, kTrainingNames);
  alert.group = row.integer(4).value_or(0);
  alert.group_name = codeName(alert.group, kGroupNames);
  alert.group_index = row.integer(5).value_or(0);
  alert.location = row.integer(6).value_or(0);
  alert.code = row.integer(7).value_or(0);
  const AlertCode* code = findAlertCode(alert.code);
  alert.code_name = code ? std::string(code->name) : codeName(alert.code, {});
  if (code) alert.condition = code->condition;
  alert.description = row.text(8).value_or("");
  if (const auto ticks = row.integer(9); ticks && *ticks >= 0 && *ticks <= 0xffffffffLL) {
    alert.time_ticks = static_cast<std::uint32_t>(*ticks);
  }
  alert.severity = alertSeverity(alert.severity_level, alert.training_level, alert.code);
  return alert;
}

}  // namespace

std::string_view toString(Condition condition) noexcept {
  switch (condition) {
    case Condition::kLowPaper: return "low_paper";
    case Condition::kNoPaper: return "no_paper";
    case Condition::kLowToner: return "low_toner";
    case Condition::kNoToner: return "no_toner";
    case Condition::kDoorOpen: return "door_open";
    case Condition::kJammed: return "jammed";
    case Condition::kOffline: return "offline";
    case Condition::kServiceRequested: return "service_requested";
    case Condition::kInputTrayMissing: return "input_tray_missing";
    case Condition::kOutputTrayMissing: return "output_tray_missing";
    case Condition::kMarkerSupplyMissing: return "marker_supply_missing";
    case Condition::kOutputNearFull: return "output_near_full";
    case Condition::kOutputFull: return "output_full";
    case Condition::kInputTrayEmpty: return "input_tray_empty";
    case Condition::kOverduePreventMaint: return "overdue_preventive_maintenance";
    case Condition::kWasteAlmostFull: return "waste_almost_full";
    case Condition::kWasteFull: return "waste_full";
  }
  return "unknown";
}

std::string_view toString(Severity severity) noexcept {
  switch (severity) {
    case Severity::kUnknown: return "unknown";
    case Severity::kOk: return "ok";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
    case Severity::kServiceCall: return "service_call";
  }
  return "unknown";
}

std::string_view toString(PowerState power) noexcept {
  switch (power) {
    case PowerState::kUnknown: return "unknown";
    case PowerState::kOn: return "on";
    case PowerState::kSleep: return "sleep";
  }
  return "unknown";
}

std::vector<Condition> decodeErrorState(std::string_view bytes) {
  std::vector<Condition> out;
  for (std::size_t bit = 0; bit < kErrorStateBits && bit / 8 < bytes.size(); ++bit) {
    const auto byte = static_cast<unsigned char>(bytes[bit / 8]);
    if (byte & (0x80U >> (bit % 8))) out.push_back(static_cast<Condition>(bit));
  }
  return out;
}

StatusReading readStatus(const identify::OidValues& values) {
  StatusReading out;
  const std::vector<TableRow> printers = tableRows(values, kHrPrinterEntry);
  std::uint32_t device = 1;
  for (const TableRow& row : printers) {
    if (row.index.size() == 1) {
      device = row.index.front();
      break;
    }
  }
  out.device_status = integerAt(values, kHrDeviceStatus + "." + std::to_string(device));
  const std::string instance = "." + std::to_string(device);
  out.printer_status = integerAt(values, kHrPrinterEntry + ".1" + instance);
  if (const auto it = values.find(kHrPrinterEntry + ".2" + instance);
      it != values.end() && it->second.type == identify::SnmpType::kOctetString) {
    out.error_state = it->second.data;
    out.error_flags = decodeErrorState(it->second.data);
  }
  for (const TableRow& row : tableRows(values, kPrtAlertEntry)) {
    out.alerts.push_back(readAlert(row));
  }

  // hrDeviceStatus unknown(1) and hrPrinterStatus unknown(2) say nothing.
  const bool device_known = out.device_status && *out.device_status != 1;
  const bool printer_known = out.printer_status && *out.printer_status != 2;
  const bool known = device_known || printer_known || out.error_state || !out.alerts.empty();
  if (!known) return out;

  Severity severity = Severity::kOk;
  const auto raise = [&severity](Severity candidate) { severity = std::max(severity, candidate); };
  if (out.device_status == 5) raise(Severity::kError);
  if (out.device_status == 3 || out.device_status == 4) raise(Severity::kWarning);
  std::vector<Condition> conditions = out.error_flags;
  for (const Condition flag : out.error_flags) {
    raise(kBitSeverity[static_cast<std::size_t>(flag)]);
  }
  out.power = PowerState::kOn;
  for (const Alert& alert : out.alerts) {
    raise(alert.severity);
    if (alert.condition) conditions.push_back(*alert.condition);
    if (alert.code == kCodePowerSaver) out.power = PowerState::kSleep;
  }
  std::sort(conditions.begin(), conditions.end());
  conditions.erase(std::unique(conditions.begin(), conditions.end()), conditions.end());
  out.severity = severity;
  out.conditions = std::move(conditions);
  return out;
}

}  // namespace pw::agent::monitor
