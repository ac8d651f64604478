#pragma once
// Device status from the Host Resources MIB (hrDeviceStatus, hrPrinterStatus,
// hrPrinterDetectedErrorState) and the Printer MIB alert table, folded into the product's
// model: one severity (service call > error > warning > ok), the current conditions and the
// power state. Pure; see status.cpp for the folding rules.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/identify/snmp_value.hpp"

namespace pw::agent::monitor {

enum class Severity { kUnknown, kOk, kWarning, kError, kServiceCall };
enum class PowerState { kUnknown, kOn, kSleep };

/// Conditions a person at the printer would name. The first fifteen are the
/// hrPrinterDetectedErrorState bits in bit order (RFC 2790; bit 0 = the most significant bit
/// of the first byte); the rest come only from prtAlertTable codes.
enum class Condition {
  kLowPaper,
  kNoPaper,
  kLowToner,
  kNoToner,
  kDoorOpen,
  kJammed,
  kOffline,
  kServiceRequested,
  kInputTrayMissing,
  kOutputTrayMissing,
  kMarkerSupplyMissing,
  kOutputNearFull,
  kOutputFull,
  kInputTrayEmpty,
  kOverduePreventMaint,
  kWasteAlmostFull,
  kWasteFull,
};

/// "low_paper", "no_paper", "low_toner", "no_toner", "door_open", "jammed", "offline",
/// "service_requested", "input_tray_missing", "output_tray_missing", "marker_supply_missing",
/// "output_near_full", "output_full", "input_tray_empty", "overdue_preventive_maintenance",
/// "waste_almost_full", "waste_full".
std::string_view toString(Condition condition) noexcept;
/// "unknown", "ok", "warning", "error", "service_call".
std::string_view toString(Severity severity) noexcept;
/// "unknown", "on", "sleep".
std::string_view toString(PowerState power) noexcept;

/// One prtAlertTable row (RFC 3805). Codes are kept raw, with their MIB names beside them.
struct Alert {
  std::string index;  ///< "hrDeviceIndex.prtAlertIndex", e.g. "1.5"
  std::int64_t severity_level =
      0;  ///< PrtAlertSeverityLevelTC: 1 other, 3 critical, 4 warning, 5 binary change event
  std::string severity_level_name;  ///< "critical", "warning", ...
  std::int64_t training_level = 0;  ///< PrtAlertTrainingLevelTC, 0 when absent
  std::string training_level_name;  ///< "untrained", "fieldService", ...
  std::int64_t group = 0;           ///< PrtAlertGroupTC (the sub-unit type)
  std::string group_name;           ///< "input", "markerSupplies", ...
  std::int64_t group_index = 0;     ///< the sub-unit's index in its table; -1 none, 0 absent
  std::int64_t location = 0;        ///< PrtAlertLocationTC: vendor code, -1 none, -2 unknown
  std::int64_t code = 0;            ///< PrtAlertCodeTC
  std::string code_name;            ///< "jam", "markerTonerEmpty", ...
  std::string description;          ///< prtAlertDescription, display text
  std::optional<std::uint32_t> time_ticks;  ///< prtAlertTime: sysUpTime when it was raised
  Severity severity = Severity::kWarning;   ///< what it means in the product's model
  std::optional<Condition> condition;       ///< when the code names one

  bool operator==(const Alert&) const = default;
};

struct StatusReading {
  std::optional<std::int64_t>
      device_status;  ///< hrDeviceStatus: 1 unknown 2 running 3 warning 4 testing 5 down
  std::optional<std::int64_t>
      printer_status;  ///< hrPrinterStatus: 1 other 2 unknown 3 idle 4 printing 5 warmup
  /// hrPrinterDetectedErrorState as sent (0, 1 or 2 bytes in practice); nullopt when absent.
  std::optional<std::string> error_state;
  std::vector<Condition> error_flags;  ///< the bits of error_state, in bit order
  std::vector<Alert> alerts;           ///< prtAlertTable rows, by index

  Severity severity = Severity::kUnknown;  ///< kUnknown only when the device gave no status at all
  std::vector<Condition> conditions;  ///< flags and alert conditions, no duplicates, enum order
  PowerState power = PowerState::kUnknown;

  bool operator==(const StatusReading&) const = default;
};

/// The bits of an hrPrinterDetectedErrorState value (raw bytes), in bit order. Bytes beyond the
/// second and the unused 16th bit are ignored.
std::vector<Condition> decodeErrorState(std::string_view bytes);

/// Reads the status of the printer device (the lowest hrDeviceIndex of hrPrinterTable, else 1)
/// and every alert row. Never throws on device data; odd values are left out.
StatusReading readStatus(const identify::OidValues& values);

}  // namespace pw::agent::monitor
