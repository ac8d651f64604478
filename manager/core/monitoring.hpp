#pragma once
// What the Manager keeps of the monitoring readings Agents send (proto MonitorReadingRecord,
// turned into these types by MonitorReadingSink): the current status, supplies and counters of
// each device, and their history — status as edges (a state, when it started, when it ended),
// supply levels and counters as one reading per device and day (UTC). Pure types and rules;
// storage is MonitoringStore (storage.hpp), retention is RetentionSettings.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/device.hpp"

namespace pw::manager {

/// The product's power states. no_response: the last poll timed out. conflict: the device at
/// the address is not the registered one (isAddressConflict, decision 0014).
inline constexpr std::array<std::string_view, 5> kPowerStates = {"on", "sleep", "unknown",
                                                                 "no_response", "conflict"};

/// The status of one device at one moment, as an edge tracks it.
struct DeviceStatus {
  std::string severity = "unknown";     ///< unknown | ok | warning | error | service_call
  std::string power = "unknown";        ///< kPowerStates
  std::vector<std::string> conditions;  ///< names, in the Agent's order (enum order)
  bool operator==(const DeviceStatus&) const = default;
};

/// The current status with what goes with it (not part of an edge).
struct CurrentStatus {
  DeviceStatus status;
  std::string alerts_json = "[]";  ///< the Agent's alert rows (wire form), shown as they are
  std::string error_kind;          ///< why there is no reading: timeout, authentication, ...
  std::string error_message;
  std::optional<std::int64_t> uptime_ticks;
  Clock::TimePoint read_at;
  Clock::TimePoint since;  ///< start of the open edge: how long it has been in this status
};

/// A stretch of time one device spent in one status; `ended_at` empty while it lasts.
struct StatusEdge {
  DeviceStatus status;
  Clock::TimePoint started_at;
  std::optional<Clock::TimePoint> ended_at;
};

/// One supply's level in the daily history.
struct SupplyLevel {
  std::string index;  ///< "1.1"
  std::string description;
  std::string colorant;
  std::string state = "absent";  ///< the level's RFC 3805 state (value, some_remaining, ...)
  std::optional<std::int64_t> percent;
};

/// Normalized counters, by kCounterFieldNames; a field the device does not give is empty.
inline constexpr std::array<std::string_view, 9> kCounterFieldNames = {
    "total", "black", "colour", "print", "copy", "scan", "fax", "large", "small"};
struct CounterValues {
  std::array<std::optional<std::int64_t>, kCounterFieldNames.size()> values;
  std::array<std::string, kCounterFieldNames.size()> units;
  bool operator==(const CounterValues&) const = default;
};

/// What one device's reading becomes on the Manager: the input of MonitoringStore::ingest.
/// Parts the reading did not carry are empty and leave the stored ones as they are.
struct DeviceSnapshot {
  std::int64_t device_id = 0;
  Clock::TimePoint read_at;
  bool answered = false;  ///< the device gave a reading (not an error): it was seen at read_at
  std::optional<CurrentStatus> status;  ///< read_at/since are filled by the store
  /// Current supplies, trays and bins, as the console shows them (wire JSON document).
  std::optional<std::string> supplies_json;
  std::vector<SupplyLevel> supply_levels;  ///< with supplies_json
  /// The lowest supply for the device list: a percentage, or a state when no supply gives one,
  /// with that supply's description and colorant.
  std::optional<std::int64_t> lowest_percent;
  std::string lowest_state;
  std::string lowest_name;
  std::string lowest_colorant;
  std::optional<std::string> counters_json;  ///< latest markers, vendor and normalized counters
  std::optional<CounterValues> counters;
  /// The MAC addresses the answering device listed (status or identity part; empty: not read
  /// or none exposed). The store compares them with the registered MAC (isAddressConflict).
  std::vector<std::string> reported_macs;
  /// What the device said about itself (identity part): updates the device record when it is
  /// about that device (identityMatches).
  std::optional<IdentityReading> identity;
};

/// What a reading from another device at the address (isAddressConflict) is stored as: status
/// power "conflict", severity unknown, no conditions or alerts, error kind "conflict" naming
/// the MACs; the reading's supplies and counters are the other device's and are dropped.
DeviceSnapshot conflictSnapshot(const DeviceSnapshot& reading, std::string_view registered_mac);

struct DailyCounters {
  std::int64_t day = 0;  ///< days since 1970-01-01 (UTC)
  Clock::TimePoint read_at;
  CounterValues counters;
  /// The serial number the device last reported when the row was stored (identity part);
  /// empty when not known. Filled for the reports (MonitoringStore::counterHistories).
  std::string serial;
};

struct SupplyLevelPoint {
  std::int64_t day = 0;
  Clock::TimePoint read_at;
  SupplyLevel level;
};

/// The device list's view of a device's monitoring.
struct DeviceMonitoringSummary {
  std::string severity;
  std::string power;
  std::optional<std::int64_t> lowest_percent;
  std::string lowest_state;
  std::string lowest_name;  ///< the supply's description
  std::string lowest_colorant;
};

/// What a function check concluded about one function of one device (proto::kDeviceFunctions):
/// supported | not_supported | unknown.
struct FunctionSupport {
  std::int64_t device_id = 0;
  std::string function;
  std::string state;
  std::string reason;
  Clock::TimePoint checked_at;
};

/// Days since 1970-01-01 (UTC) of a time.
std::int64_t dayOf(Clock::TimePoint at);

/// Usage per day from daily readings (oldest first) with the counter rules (counterStep):
/// entry i is the use since entry i-1 for each field both have, empty for the first reading
/// and for fields missing on either side. Never negative.
struct DailyUsage {
  std::array<std::optional<std::int64_t>, kCounterFieldNames.size()> used;
  std::array<std::string, kCounterFieldNames.size()> change;  ///< increase/wrap/reset/glitch
};
std::vector<DailyUsage> dailyUsage(const std::vector<DailyCounters>& readings);

/// Days until the supply is empty at its recent consumption rate: a least-squares line through
/// the percentages since the last refill (a rise of more than 10 points), over at least 2
/// days and 3 readings, that falls. nullopt when the data do not allow it (too few points, no
/// percentages, flat or rising level). 0 when already empty.
std::optional<double> daysToEmpty(const std::vector<SupplyLevelPoint>& history);

/// How long each kind of history is kept; rows older than the days are purged.
struct RetentionSettings {
  int status_history_days = 365;
  int counter_days = 730;
  int supply_days = 365;
  bool operator==(const RetentionSettings&) const = default;
};
inline constexpr int kMinRetentionDays = 1;
inline constexpr int kMaxRetentionDays = 3650;
/// "statusHistoryDays must be between 1 and 3650", ... or empty when valid.
std::string validateRetention(const RetentionSettings& settings);

/// The cut-off times of a purge run at `now`.
struct PurgeCutoffs {
  Clock::TimePoint status_edges_before;  ///< closed edges that ended before
  std::int64_t counter_day_before = 0;   ///< daily counter rows of earlier days
  std::int64_t supply_day_before = 0;    ///< supply level rows of earlier days
};
PurgeCutoffs purgeCutoffs(const RetentionSettings& settings, Clock::TimePoint now);

struct PurgeCounts {
  std::int64_t status_edges = 0;
  std::int64_t counter_days = 0;
  std::int64_t supply_levels = 0;
};

}  // namespace pw::manager
