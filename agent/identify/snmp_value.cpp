#include "agent/identify/snmp_value.hpp"

namespace pw::agent::identify {

std::string normalizeOid(std::string_view oid) {
  while (!oid.empty() && (oid.front() == ' ' || oid.front() == '\t')) oid.remove_prefix(1);
  while (!oid.empty() && (oid.back() == ' ' || oid.back() == '\t')) oid.remove_suffix(1);
  if (!oid.empty() && oid.front() == '.') oid.remove_prefix(1);
  return std::string(oid);
}

bool isValidOid(std::string_view oid) {
  if (oid.empty() || oid.front() == '.' || oid.back() == '.') return false;
  std::size_t arcs = 1;
  bool previous_dot = false;
  for (const char c : oid) {
    if (c == '.') {
      if (previous_dot) return false;
      previous_dot = true;
      ++arcs;
    } else if (c >= '0' && c <= '9') {
      previous_dot = false;
    } else {
      return false;
    }
  }
  return arcs >= 2;
}

bool oidHasPrefix(std::string_view oid, std::string_view prefix) {
  if (prefix.empty() || oid.size() < prefix.size()) return false;
  if (oid.substr(0, prefix.size()) != prefix) return false;
  return oid.size() == prefix.size() || oid[prefix.size()] == '.';
}

const char* snmpTypeName(SnmpType type) {
  switch (type) {
    case SnmpType::kInteger: return "Integer32";
    case SnmpType::kOctetString: return "OCTET STRING";
    case SnmpType::kNull: return "NULL";
    case SnmpType::kObjectId: return "OBJECT IDENTIFIER";
    case SnmpType::kIpAddress: return "IpAddress";
    case SnmpType::kCounter32: return "Counter32";
    case SnmpType::kGauge32: return "Gauge32";
    case SnmpType::kTimeTicks: return "TimeTicks";
    case SnmpType::kOpaque: return "Opaque";
    case SnmpType::kCounter64: return "Counter64";
  }
  return "unknown";
}

}  // namespace pw::agent::identify
