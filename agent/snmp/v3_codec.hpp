#pragma once
// SNMPv3 message codec (RFC 3412 message format with the RFC 3414 User-based Security Model),
// in both directions: a manager's requests and an agent's responses and Reports are built by
// encodeV3; received messages are read in two steps, parseV3 (what can be read without keys:
// header, USM parameters) and openV3 (digest check, decryption, scopedPDU). BER is net-snmp's
// (asn_* routines and its PDU builder/parser), the cryptography usm.hpp's.
//
// Thread safety: every function may be called from any thread; none keeps state.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agent/snmp/message.hpp"
#include "agent/snmp/usm.hpp"

namespace pw::agent::snmp {

enum class V3PduType { kGet, kGetNext, kGetBulk, kSet, kResponse, kReport };

struct ScopedPdu {
  std::string context_engine_id;
  std::string context_name;
  V3PduType type = V3PduType::kGet;
  std::int32_t request_id = 0;
  std::int32_t error_status = 0;  ///< non-repeaters in a GetBulk
  std::int32_t error_index = 0;   ///< max-repetitions in a GetBulk
  std::vector<VarBind> varbinds;
  bool operator==(const ScopedPdu&) const = default;
};

/// msgGlobalData and the USM security parameters.
struct V3Header {
  std::int32_t msg_id = 0;
  std::int32_t max_size = 65507;  ///< msgMaxSize: the largest message the sender accepts
  SecurityLevel level = SecurityLevel::kNoAuthNoPriv;
  bool reportable = false;
  std::string engine_id;  ///< msgAuthoritativeEngineID (empty in a discovery probe)
  std::int32_t engine_boots = 0;
  std::int32_t engine_time = 0;
  std::string user_name;
  bool operator==(const V3Header&) const = default;
};

struct V3Message {
  V3Header header;
  ScopedPdu pdu;
};

/// Builds a message. `keys` must be localized to header.engine_id and match header.level
/// (ignored for noAuthNoPriv); `salt` feeds the privacy IV and must not repeat under one key.
/// kBadKey for missing keys; kEncodeFailed for out-of-range fields (engine ID or user name
/// over 32 bytes, negative msg_id, max_size below 484).
Result<std::string> encodeV3(const V3Message& message, const LocalizedKeys& keys,
                             std::uint64_t salt = 0);

/// A received message before its security processing.
struct V3Envelope {
  V3Header header;
  std::string auth_params;
  std::string priv_params;
  std::string authenticated;  ///< the whole message with the digest zeroed: what the HMAC covers
  std::string payload;        ///< plaintext scopedPDU (encoded) or the encrypted bytes
};

/// kUnsupportedVersion for v1/v2c and security models other than USM; kMalformed for
/// anything else that is not a well-formed SNMPv3 message (including priv without auth).
Result<V3Envelope> parseV3(std::string_view bytes);

/// Checks the digest (kWrongDigest), decrypts (kDecryptionFailed, also when the plaintext is
/// no scopedPDU: that is what a wrong privacy key produces) and decodes the scopedPDU
/// (kMalformed, kUnexpectedPdu for PDU types other than V3PduType). For noAuthNoPriv the keys
/// are not used.
Result<ScopedPdu> openV3(const V3Envelope& envelope, const LocalizedKeys& keys);

/// A v1/v2c request in v3 clothing and back, for agents that answer all versions alike.
Result<Request> toRequest(const ScopedPdu& pdu);
ScopedPdu fromResponse(const Response& response, std::string context_engine_id,
                       std::string context_name);

}  // namespace pw::agent::snmp
