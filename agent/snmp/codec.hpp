#pragma once
// SNMP v1/v2c message codec: BER encoding and decoding done by net-snmp's library routines
// (snmp_build, snmp_comstr_parse + snmp_pdu_parse) behind plain C++ types. The library's
// headers are included by codec.cpp only: they #define READ, WRITE, TRUE, FALSE, ...
//
// Thread safety: every function may be called from any thread; none keeps state between
// calls except a per-thread scratch buffer.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "agent/snmp/message.hpp"

namespace pw::agent::snmp {

/// Largest message the codec builds: the largest UDP/IPv4 payload.
inline constexpr std::size_t kMaxMessageSize = 65507;

/// Builds a request message. GetBulk needs v2c; non_repeaters / max_repetitions are ignored
/// for the other types. Set varbinds carry their values; the others are sent as NULL.
Result<std::string> encodeRequest(Version version, std::string_view community,
                                  std::int32_t request_id, PduType type,
                                  const std::vector<VarBind>& varbinds,
                                  std::int32_t non_repeaters = 0, std::int32_t max_repetitions = 0);
Result<std::string> encodeRequest(const Request& request);

/// Parses a Response-PDU message; any other PDU type is kUnexpectedPdu.
Result<Response> decodeResponse(std::string_view bytes);

/// Parses a Get, GetNext, GetBulk (v2c) or Set request; other PDUs are kUnexpectedPdu.
Result<Request> decodeRequest(std::string_view bytes);

/// Builds a Response-PDU message. v1 cannot carry Counter64 or the v2c exception values:
/// those give kUnsupportedValue, as do v2c-only error statuses (> 5) in v1.
Result<std::string> encodeResponse(const Response& response);

}  // namespace pw::agent::snmp
