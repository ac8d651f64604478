#pragma once
// SNMP values as the identification logic sees them, independent of any SNMP library: the
// Agent's transport and the snmprec reader both produce these.
#include <map>
#include <string>
#include <string_view>

namespace pw::agent::identify {

enum class SnmpType {
  kInteger,      ///< INTEGER / Integer32; data is decimal text
  kOctetString,  ///< OCTET STRING; data is the raw bytes (may be binary)
  kNull,         ///< NULL; data is empty
  kObjectId,     ///< OBJECT IDENTIFIER; data is dotted decimal without a leading dot
  kIpAddress,    ///< IpAddress; data is a dotted quad
  kCounter32,    ///< data is decimal text
  kGauge32,      ///< data is decimal text
  kTimeTicks,    ///< data is decimal text
  kOpaque,       ///< data is the raw bytes
  kCounter64,    ///< data is decimal text
};

struct SnmpValue {
  SnmpType type = SnmpType::kOctetString;
  std::string data;

  bool operator==(const SnmpValue&) const = default;
};

/// OID (dotted decimal, no leading dot) -> value. std::map orders OIDs as strings, not
/// numerically; code that needs numeric order (e.g. ifIndex) sorts for itself.
using OidValues = std::map<std::string, SnmpValue>;

/// "1.3.6.1" for ".1.3.6.1" or " 1.3.6.1 "; returned unchanged otherwise.
std::string normalizeOid(std::string_view oid);

/// True for dotted decimal with at least two arcs, e.g. "1.3" (no leading dot).
bool isValidOid(std::string_view oid);

/// True when `oid` equals `prefix` or lies below it ("1.3.6.1.4.1.11.2" is below
/// "1.3.6.1.4.1.11", "1.3.6.1.4.1.110" is not).
bool oidHasPrefix(std::string_view oid, std::string_view prefix);

const char* snmpTypeName(SnmpType type);

}  // namespace pw::agent::identify
