#pragma once
// Injected device states: the rows a device in a chosen error state shows instead of its
// recording (RFC 2790 hrDeviceStatus, hrPrinterStatus, hrPrinterDetectedErrorState and one
// RFC 3805 prtAlertTable row), and the JSON states file that assigns states to devices.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "agent/snmp/message.hpp"

namespace pw::tools::simulator {

namespace snmp = pw::agent::snmp;

enum class DeviceState : std::uint8_t {
  kNormal,  ///< as recorded; "recovered" in a states file
  kPaperJam,
  kNoToner,
  kLowToner,
  kDoorOpen,
  kPaperOut,
  kLowPaper,
  kOffline,
  kServiceCall,
  kPoweredOff,  ///< never answers
  /// Another printer took the address: the same recording, with the MAC, serial and sysName
  /// of a printer outside the fleet. Status as recorded.
  kReplaced,
};

/// "paper-jam", "no-toner", ... as written in a states file; nullopt for an unknown name.
std::optional<DeviceState> parseDeviceState(std::string_view name);
std::string_view deviceStateName(DeviceState state);

/// The states `--error-share` draws from: every state a device answers in, except kNormal.
std::span<const DeviceState> visibleErrorStates();

/// A device's injected state and since when it holds (the prtAlertTime of its alert row).
struct InjectedState {
  DeviceState state = DeviceState::kNormal;
  std::chrono::steady_clock::time_point since;
};

/// Device index → injected state. Only devices named in a states file are in it.
using StateTable = std::unordered_map<std::uint32_t, InjectedState>;

/// Where the fleet is, to turn the keys of a states file into device indexes.
struct FleetAddresses {
  std::uint32_t first = 0;  ///< address of device 0, host order
  std::uint32_t count = 0;
};

/// Parses a states file: one JSON object whose keys are device indexes ("12") or addresses
/// inside the fleet ("127.16.0.13") and whose values are state names. A device whose state is
/// the same as in `previous` keeps its `since`; the others get `now`. Returns the table, or a
/// message naming the key or value that is wrong (nothing of a bad file is applied).
std::variant<StateTable, std::string> parseStates(std::string_view json_text,
                                                  const FleetAddresses& fleet,
                                                  const StateTable& previous,
                                                  std::chrono::steady_clock::time_point now);

/// Reads and parses a states file; a file that cannot be read is an error message too.
std::variant<StateTable, std::string> loadStates(const std::filesystem::path& path,
                                                 const FleetAddresses& fleet,
                                                 const StateTable& previous,
                                                 std::chrono::steady_clock::time_point now);

/// The rows a device in `state` shows over its recording, sorted by OID: hrDeviceStatus.1,
/// hrPrinterStatus.1, hrPrinterDetectedErrorState.1 and prtAlertTable row 1.1 whose
/// prtAlertTime is `alert_time` (sysUpTime when the state began). Empty for kNormal and
/// kPoweredOff.
std::vector<snmp::VarBind> stateRows(DeviceState state, snmp::TimeTicks alert_time);

}  // namespace pw::tools::simulator
