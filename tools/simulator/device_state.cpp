#include "tools/simulator/device_state.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace pw::tools::simulator {
namespace {

using snmp::Integer;
using snmp::Oid;

// hrPrinterDetectedErrorState bits, bit 0 = the most significant bit of the first byte
// (RFC 2790). Only first-byte conditions are injected.
constexpr std::uint8_t kLowPaper = 0x80;
constexpr std::uint8_t kNoPaper = 0x40;
constexpr std::uint8_t kLowToner = 0x20;
constexpr std::uint8_t kNoToner = 0x10;
constexpr std::uint8_t kDoorOpen = 0x08;
constexpr std::uint8_t kJammed = 0x04;
constexpr std::uint8_t kOffline = 0x02;
constexpr std::uint8_t kServiceRequested = 0x01;

// RFC 2790 hrDeviceStatus / hrPrinterStatus values, RFC 3805 alert enumerations.
constexpr std::int32_t kDeviceWarning = 3;
constexpr std::int32_t kDeviceDown = 5;
constexpr std::int32_t kPrinterOther = 1;
constexpr std::int32_t kPrinterIdle = 3;
constexpr std::int32_t kSeverityCritical = 3;
constexpr std::int32_t kSeverityWarning = 4;
constexpr std::int32_t kTrainingUntrained = 3;
constexpr std::int32_t kTrainingTrained = 4;
constexpr std::int32_t kTrainingFieldService = 5;
constexpr std::int32_t kGroupGeneralPrinter = 5;
constexpr std::int32_t kGroupCover = 6;
constexpr std::int32_t kGroupInput = 8;
constexpr std::int32_t kGroupMarkerSupplies = 11;
constexpr std::int32_t kGroupMediaPath = 13;
constexpr std::int32_t kLocationUnknown = -2;

// What each state shows. The device status follows RFC 3805 section 2.2.13.2: a critical
// condition is down(5) with printer status other(1), a non-critical one warning(3) / idle(3).
struct StateShape {
  DeviceState state;
  std::string_view name;
  std::int32_t device_status;
  std::int32_t printer_status;
  std::uint8_t error_bits;
  std::int32_t severity;
  std::int32_t training;
  std::int32_t group;
  std::int32_t code;  // PrtAlertCodeTC
  std::string_view description;
};

constexpr std::array<StateShape, 8> kShapes = {{
    {DeviceState::kPaperJam, "paper-jam", kDeviceDown, kPrinterOther, kJammed, kSeverityCritical,
     kTrainingUntrained, kGroupMediaPath, 8 /* jam */, "Paper jam"},
    {DeviceState::kNoToner, "no-toner", kDeviceDown, kPrinterOther, kNoToner, kSeverityCritical,
     kTrainingUntrained, kGroupMarkerSupplies, 1101 /* markerTonerEmpty */, "Toner empty"},
    {DeviceState::kLowToner, "low-toner", kDeviceWarning, kPrinterIdle, kLowToner, kSeverityWarning,
     kTrainingUntrained, kGroupMarkerSupplies, 1104 /* markerTonerAlmostEmpty */, "Toner low"},
    {DeviceState::kDoorOpen, "door-open", kDeviceDown, kPrinterOther, kDoorOpen, kSeverityCritical,
     kTrainingUntrained, kGroupCover, 3 /* coverOpen */, "Cover open"},
    {DeviceState::kPaperOut, "paper-out", kDeviceDown, kPrinterOther, kNoPaper, kSeverityCritical,
     kTrainingUntrained, kGroupInput, 808 /* inputMediaSupplyEmpty */, "Paper out"},
    {DeviceState::kLowPaper, "low-paper", kDeviceWarning, kPrinterIdle, kLowPaper, kSeverityWarning,
     kTrainingUntrained, kGroupInput, 807 /* inputMediaSupplyLow */, "Paper low"},
    {DeviceState::kOffline, "offline", kDeviceDown, kPrinterOther, kOffline, kSeverityCritical,
     kTrainingTrained, kGroupGeneralPrinter, 22 /* subunitOffline */, "Offline"},
    {DeviceState::kServiceCall, "service-call", kDeviceDown, kPrinterOther, kServiceRequested,
     kSeverityCritical, kTrainingFieldService, kGroupGeneralPrinter,
     30 /* subunitUnrecoverableFailure */, "Service call"},
}};

constexpr std::array<DeviceState, kShapes.size()> kVisible = [] {
  std::array<DeviceState, kShapes.size()> out{};
  for (std::size_t i = 0; i < kShapes.size(); ++i) out[i] = kShapes[i].state;
  return out;
}();

const StateShape* shapeOf(DeviceState state) {
  for (const auto& shape : kShapes) {
    if (shape.state == state) return &shape;
  }
  return nullptr;
}

Oid append(Oid base, std::initializer_list<std::uint32_t> arcs) {
  base.insert(base.end(), arcs);
  return base;
}

// The device index a states-file key names: a decimal index or a dotted IPv4 address.
std::optional<std::uint32_t> deviceOfKey(const std::string& key, const FleetAddresses& fleet) {
  std::uint32_t index = 0;
  const auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), index);
  if (error == std::errc{} && end == key.data() + key.size()) {
    if (index < fleet.count) return index;
    return std::nullopt;
  }
  in_addr address{};
  if (inet_pton(AF_INET, key.c_str(), &address) != 1) return std::nullopt;
  const std::uint32_t host = ntohl(address.s_addr);
  if (host < fleet.first || host - fleet.first >= fleet.count) return std::nullopt;
  return host - fleet.first;
}

}  // namespace

std::optional<DeviceState> parseDeviceState(std::string_view name) {
  if (name == "recovered" || name == "normal") return DeviceState::kNormal;
  if (name == "powered-off") return DeviceState::kPoweredOff;
  if (name == "replaced") return DeviceState::kReplaced;
  for (const auto& shape : kShapes) {
    if (shape.name == name) return shape.state;
  }
  return std::nullopt;
}

std::string_view deviceStateName(DeviceState state) {
  if (state == DeviceState::kNormal) return "recovered";
  if (state == DeviceState::kPoweredOff) return "powered-off";
  if (state == DeviceState::kReplaced) return "replaced";
  const auto* shape = shapeOf(state);
  return shape != nullptr ? shape->name : "unknown";
}

std::span<const DeviceState> visibleErrorStates() {
  return kVisible;
}

std::variant<StateTable, std::string> parseStates(std::string_view json_text,
                                                  const FleetAddresses& fleet,
                                                  const StateTable& previous,
                                                  std::chrono::steady_clock::time_point now) {
  const auto document = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return std::string("not valid JSON");
  if (!document.is_object()) {
    return std::string("must be one JSON object: {\"<device index or address>\": \"<state>\"}");
  }
  StateTable table;
  for (const auto& [key, value] : document.items()) {
    const auto device = deviceOfKey(key, fleet);
    if (!device) {
      return "\"" + key + "\" is neither a device index below " + std::to_string(fleet.count) +
             " nor an address of the fleet";
    }
    const auto state = value.is_string() ? parseDeviceState(value.get<std::string>())
                                         : std::optional<DeviceState>{};
    if (!state) {
      std::string names = "recovered, powered-off";
      for (const auto& shape : kShapes) names += ", " + std::string(shape.name);
      return "\"" + key + "\": the state must be one of " + names;
    }
    const auto before = previous.find(*device);
    const bool unchanged = before != previous.end() && before->second.state == *state;
    // A device named twice (by index and by address) keeps the last entry.
    table[*device] = InjectedState{*state, unchanged ? before->second.since : now};
  }
  return table;
}

std::variant<StateTable, std::string> loadStates(const std::filesystem::path& path,
                                                 const FleetAddresses& fleet,
                                                 const StateTable& previous,
                                                 std::chrono::steady_clock::time_point now) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot read " + path.string();
  std::ostringstream text;
  text << in.rdbuf();
  return parseStates(text.str(), fleet, previous, now);
}

std::vector<snmp::VarBind> stateRows(DeviceState state, snmp::TimeTicks alert_time) {
  const auto* shape = shapeOf(state);
  if (shape == nullptr) return {};
  const Oid hr_device_status = {1, 3, 6, 1, 2, 1, 25, 3, 2, 1, 5, 1};
  const Oid hr_printer_status = {1, 3, 6, 1, 2, 1, 25, 3, 5, 1, 1, 1};
  const Oid hr_error_state = {1, 3, 6, 1, 2, 1, 25, 3, 5, 1, 2, 1};
  // prtAlertEntry, indexed by hrDeviceIndex (1) and prtAlertIndex (1).
  const Oid alert = {1, 3, 6, 1, 2, 1, 43, 18, 1, 1};
  const auto column = [&alert](std::uint32_t c) { return append(alert, {c, 1, 1}); };
  return {
      {hr_device_status, Integer{shape->device_status}},
      {hr_printer_status, Integer{shape->printer_status}},
      {hr_error_state, snmp::OctetString{std::string{static_cast<char>(shape->error_bits), '\0'}}},
      {column(1), Integer{1}},  // prtAlertIndex
      {column(2), Integer{shape->severity}},
      {column(3), Integer{shape->training}},
      {column(4), Integer{shape->group}},
      {column(5), Integer{1}},  // prtAlertGroupIndex: the first sub-unit of the group
      {column(6), Integer{kLocationUnknown}},
      {column(7), Integer{shape->code}},
      {column(8), snmp::OctetString{std::string(shape->description)}},
      {column(9), alert_time},
  };
}

}  // namespace pw::tools::simulator
