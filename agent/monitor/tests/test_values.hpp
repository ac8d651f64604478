#pragma once
// Building SNMP values by hand for the reader tests.
#include <string>
#include <utility>

#include "agent/identify/snmp_value.hpp"

namespace pw::agent::monitor::testing {

inline identify::SnmpValue integer(long long value) {
  return {identify::SnmpType::kInteger, std::to_string(value)};
}
inline identify::SnmpValue octets(std::string bytes) {
  return {identify::SnmpType::kOctetString, std::move(bytes)};
}

}  // namespace pw::agent::monitor::testing
