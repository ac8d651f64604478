#pragma once
// Bridges between the codec's values and pw::agent::identify's library-neutral SnmpValue
// (text form), used by the simulator to serve .snmprec recordings and by the Agent to hand
// what it read to the identification logic.
#include <optional>
#include <vector>

#include "agent/identify/snmp_value.hpp"
#include "agent/snmp/message.hpp"

namespace pw::agent::snmp {

/// nullopt when the text does not fit the type (e.g. "abc" as an INTEGER, a bad dotted quad).
std::optional<Value> fromSnmpValue(const identify::SnmpValue& value);
/// nullopt for the v2c exceptions, which have no identify counterpart.
std::optional<identify::SnmpValue> toSnmpValue(const Value& value);
/// Varbinds with a value, keyed by dotted OID; exceptions are left out.
identify::OidValues toOidValues(const std::vector<VarBind>& varbinds);

}  // namespace pw::agent::snmp
