#pragma once
// A discovery run: one administrator request to find devices, carried out by one or more
// Agents (each sweeps its own scope), or a single-device discovery of one address or host
// name. The run records per-Agent progress while it goes and a summary when it ends. Pure
// data and rules; DiscoveryService (manager/services) drives runs.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/device.hpp"

namespace pw::manager {

enum class RunState { kQueued, kRunning, kSucceeded, kPartial, kFailed, kCancelled };
const char* toString(RunState state);
bool isFinished(RunState state);

enum class ConditionField { kVendor, kModel, kName, kLocation, kIpAddress, kHostname, kSerial };
enum class ConditionOperator { kEquals, kNotEquals, kBeginsWith, kEndsWith, kContains };
std::optional<ConditionField> conditionFieldFromString(std::string_view text);
std::optional<ConditionOperator> conditionOperatorFromString(std::string_view text);
const char* toString(ConditionField field);
const char* toString(ConditionOperator op);

/// One row of the registration conditions: "<field> <operator> <value>", case-insensitive.
struct RegistrationCondition {
  ConditionField field = ConditionField::kVendor;
  ConditionOperator op = ConditionOperator::kEquals;
  std::string value;
};

/// Which state a newly found device gets. Without conditions every new device is managed.
/// With conditions, a device "matches" when, for every field that has conditions, at least one
/// of that field's conditions holds (OR within a field, AND across fields — as the device list
/// filters); matching devices get `matching_state`, the others the opposite state. Devices
/// already registered keep their state.
struct RegistrationRule {
  DeviceState matching_state = DeviceState::kManaged;  ///< kManaged or kUnmanaged
  std::vector<RegistrationCondition> conditions;
};

inline constexpr std::size_t kMaxRegistrationConditions = 20;
inline constexpr std::size_t kMaxConditionValueLength = 255;

/// What the rule is applied to: a found device as it describes itself.
struct FoundDeviceFacts {
  std::string vendor, model, name, location, ip_address, hostname, serial;
};

/// An error message naming the condition ("conditions[2].value ..."), or empty when valid.
std::string validateRegistrationRule(const RegistrationRule& rule);
DeviceState registrationStateFor(const RegistrationRule& rule, const FoundDeviceFacts& device);

struct RunError {
  std::string code;
  std::string message;
};

/// One Agent's part of a run.
struct AgentRun {
  std::int64_t agent_id = 0;
  std::string agent_name;
  RunState state = RunState::kQueued;
  std::int64_t done = 0;  ///< endpoints finished
  std::int64_t total = 0;
  std::int64_t found = 0;
  std::optional<RunError> error;
};

/// An address the sweep could not (fully) read, or a device the registry refused.
struct RunFailure {
  std::string address;
  std::string kind;
  std::string message;
};

struct RunSummary {
  std::int64_t probed = 0;  ///< endpoints swept by all Agents
  std::int64_t found = 0;   ///< devices that answered
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::int64_t managed = 0;          ///< of the created ones
  std::int64_t unmanaged = 0;        ///< of the created ones
  std::int64_t not_printers = 0;     ///< answered SNMP but are not printers: not registered
  std::vector<RunFailure> failures;  ///< at most kMaxRunFailures kept
};
inline constexpr std::size_t kMaxRunFailures = 1000;

enum class RunKind { kScope, kSingle };
const char* toString(RunKind kind);

struct DiscoveryRun {
  std::int64_t id = 0;
  RunKind kind = RunKind::kScope;
  RunState state = RunState::kQueued;
  std::string target;  ///< kSingle: the address or host name
  int port = 161;      ///< SNMP port asked
  RegistrationRule registration;
  std::string created_by;
  Clock::TimePoint created_at;
  std::optional<Clock::TimePoint> finished_at;
  std::vector<AgentRun> agents;
  RunSummary summary;
};

/// The run's state from its Agents' states once all have finished: succeeded when all
/// succeeded, failed when none did, partial otherwise; cancelled stays cancelled.
RunState overallState(const DiscoveryRun& run);

}  // namespace pw::manager
