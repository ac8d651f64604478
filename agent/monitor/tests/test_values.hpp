#pragma once
// Building SNMP values by hand for the reader tests, and readable GoogleTest output for the
// status enums.
#include <ostream>
#include <string>
#include <utility>

#include "agent/identify/snmp_value.hpp"
#include "agent/monitor/status.hpp"

namespace pw::agent::monitor::testing {

inline identify::SnmpValue integer(long long value) {
  return {identify::SnmpType::kInteger, std::to_string(value)};
}
inline identify::SnmpValue octets(std::string bytes) {
  return {identify::SnmpType::kOctetString, std::move(bytes)};
}

}  // namespace pw::agent::monitor::testing

namespace pw::agent::monitor {

// Found by argument-dependent lookup when GoogleTest prints a value.
inline void PrintTo(Condition condition, std::ostream* out) {
  *out << toString(condition);
}
inline void PrintTo(Severity severity, std::ostream* out) {
  *out << toString(severity);
}
inline void PrintTo(PowerState power, std::ostream* out) {
  *out << toString(power);
}

}  // namespace pw::agent::monitor
