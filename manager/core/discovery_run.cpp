#include "manager/core/discovery_run.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <utility>

namespace pw::manager {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

constexpr std::array<std::pair<ConditionField, const char*>, 7> kFields = {{
    {ConditionField::kVendor, "vendor"},
    {ConditionField::kModel, "model"},
    {ConditionField::kName, "name"},
    {ConditionField::kLocation, "location"},
    {ConditionField::kIpAddress, "ipAddress"},
    {ConditionField::kHostname, "hostname"},
    {ConditionField::kSerial, "serial"},
}};

constexpr std::array<std::pair<ConditionOperator, const char*>, 5> kOperators = {{
    {ConditionOperator::kEquals, "equals"},
    {ConditionOperator::kNotEquals, "notEquals"},
    {ConditionOperator::kBeginsWith, "beginsWith"},
    {ConditionOperator::kEndsWith, "endsWith"},
    {ConditionOperator::kContains, "contains"},
}};

const std::string& factOf(const FoundDeviceFacts& device, ConditionField field) {
  switch (field) {
    case ConditionField::kVendor: return device.vendor;
    case ConditionField::kModel: return device.model;
    case ConditionField::kName: return device.name;
    case ConditionField::kLocation: return device.location;
    case ConditionField::kIpAddress: return device.ip_address;
    case ConditionField::kHostname: return device.hostname;
    case ConditionField::kSerial: return device.serial;
  }
  return device.vendor;
}

bool holds(const RegistrationCondition& condition, const FoundDeviceFacts& device) {
  const auto fact = lower(factOf(device, condition.field));
  const auto value = lower(condition.value);
  switch (condition.op) {
    case ConditionOperator::kEquals: return fact == value;
    case ConditionOperator::kNotEquals: return fact != value;
    case ConditionOperator::kBeginsWith: return fact.starts_with(value);
    case ConditionOperator::kEndsWith: return fact.ends_with(value);
    case ConditionOperator::kContains: return fact.find(value) != std::string::npos;
  }
  return false;
}

}  // namespace

const char* toString(RunState state) {
  switch (state) {
    case RunState::kQueued: return "queued";
    case RunState::kRunning: return "running";
    case RunState::kSucceeded: return "succeeded";
    case RunState::kPartial: return "partial";
    case RunState::kFailed: return "failed";
    case RunState::kCancelled: return "cancelled";
  }
  return "failed";
}

bool isFinished(RunState state) {
  return state != RunState::kQueued && state != RunState::kRunning;
}

const char* toString(RunKind kind) {
  return kind == RunKind::kScope ? "scope" : "single";
}

std::optional<ConditionField> conditionFieldFromString(std::string_view text) {
  for (const auto& [field, name] : kFields) {
    if (text == name) return field;
  }
  return std::nullopt;
}

std::optional<ConditionOperator> conditionOperatorFromString(std::string_view text) {
  for (const auto& [op, name] : kOperators) {
    if (text == name) return op;
  }
  return std::nullopt;
}

const char* toString(ConditionField field) {
  for (const auto& [f, name] : kFields) {
    if (f == field) return name;
  }
  return "vendor";
}

const char* toString(ConditionOperator op) {
  for (const auto& [o, name] : kOperators) {
    if (o == op) return name;
  }
  return "equals";
}

std::string validateRegistrationRule(const RegistrationRule& rule) {
  if (rule.matching_state == DeviceState::kRemoved) {
    return "registration.method must be managed or unmanaged";
  }
  if (rule.conditions.size() > kMaxRegistrationConditions) {
    return "registration.conditions may hold at most " +
           std::to_string(kMaxRegistrationConditions) + " rows";
  }
  for (std::size_t i = 0; i < rule.conditions.size(); ++i) {
    const auto& value = rule.conditions[i].value;
    if (value.size() > kMaxConditionValueLength) {
      return "registration.conditions[" + std::to_string(i) + "].value must be at most " +
             std::to_string(kMaxConditionValueLength) + " characters";
    }
  }
  return {};
}

DeviceState registrationStateFor(const RegistrationRule& rule, const FoundDeviceFacts& device) {
  if (rule.conditions.empty()) return DeviceState::kManaged;
  std::map<ConditionField, bool> field_holds;
  for (const auto& condition : rule.conditions) {
    field_holds[condition.field] = field_holds[condition.field] || holds(condition, device);
  }
  const bool matches = std::all_of(field_holds.begin(), field_holds.end(),
                                   [](const auto& entry) { return entry.second; });
  const auto other = rule.matching_state == DeviceState::kManaged ? DeviceState::kUnmanaged
                                                                  : DeviceState::kManaged;
  return matches ? rule.matching_state : other;
}

RunState overallState(const DiscoveryRun& run) {
  if (run.state == RunState::kCancelled) return RunState::kCancelled;
  std::size_t succeeded = 0;
  for (const auto& agent : run.agents) {
    if (!isFinished(agent.state)) return RunState::kRunning;
    if (agent.state == RunState::kSucceeded) ++succeeded;
  }
  if (succeeded == run.agents.size()) return RunState::kSucceeded;
  return succeeded == 0 ? RunState::kFailed : RunState::kPartial;
}

}  // namespace pw::manager
