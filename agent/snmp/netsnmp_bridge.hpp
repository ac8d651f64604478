#pragma once
// Internal to agent/snmp: the bridge between our plain types and net-snmp's PDU structures,
// shared by the v1/v2c codec (codec.cpp), the SNMPv3 codec (v3_codec.cpp) and USM (usm.cpp).
// It includes net-snmp's headers, so no public header and nothing outside agent/snmp may
// include it.
#include <memory>
#include <vector>

#include "agent/snmp/message.hpp"

// net-snmp last: its headers #define READ, WRITE, TRUE, FALSE, ... and, in types.h,
// `non_repeaters` / `max_repetitions` as aliases of the PDU's errstat / errindex. The aliases
// would rewrite our own Request members, so they are undone right away.
// The order matters (net-snmp-config.h first), so clang-format must not sort these.
// clang-format off
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/snmp_impl.h>
// clang-format on
#undef non_repeaters
#undef max_repetitions

namespace pw::agent::snmp::detail {

/// Configures net-snmp once per process: no snmp.conf or MIB reading, its logging discarded.
void initLibrary();

struct PduDeleter {
  void operator()(netsnmp_pdu* pdu) const { snmp_free_pdu(pdu); }
};
using PduPtr = std::unique_ptr<netsnmp_pdu, PduDeleter>;

std::vector<oid> toLibraryOid(const Oid& in);
Oid fromLibraryOid(const oid* in, size_t length);
/// v1 carries neither Counter64 nor the v2c exception values.
bool allowedInV1(const Value& value);
/// Adds one varbind to the PDU; false when the library refuses it.
bool addVarBind(netsnmp_pdu* pdu, const VarBind& varbind);
/// The PDU's varbinds; v1 refuses Counter64 and exceptions (kMalformed).
Result<std::vector<VarBind>> varBindsFrom(const netsnmp_pdu& pdu, Version version);

}  // namespace pw::agent::snmp::detail
