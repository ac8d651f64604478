#include "agent/snmp/codec.hpp"

#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <type_traits>

#include "agent/snmp/netsnmp_bridge.hpp"

namespace pw::agent::snmp {
namespace {

using detail::addVarBind;
using detail::allowedInV1;
using detail::initLibrary;
using detail::PduPtr;
using detail::varBindsFrom;

constexpr std::size_t kMaxCommunity = 255;

// snmp_build may realloc() its buffer, so it must come from malloc. One per thread avoids an
// allocation per message in the simulator's hot loop.
struct ScratchBuffer {
  u_char* data = nullptr;
  size_t size = 0;
  ScratchBuffer() {
    size = 4096;
    data = static_cast<u_char*>(std::malloc(size));
  }
  ~ScratchBuffer() { std::free(data); }
  ScratchBuffer(const ScratchBuffer&) = delete;
  ScratchBuffer& operator=(const ScratchBuffer&) = delete;
};

ScratchBuffer& scratch() {
  thread_local ScratchBuffer buffer;
  return buffer;
}

Result<std::string> build(netsnmp_pdu* pdu, Version version, std::string_view community) {
  initLibrary();
  if (community.size() > kMaxCommunity) return CodecError::kEncodeFailed;
  netsnmp_session session;
  snmp_sess_init(&session);
  session.version = version == Version::kV1 ? SNMP_VERSION_1 : SNMP_VERSION_2c;
  // The library copies the community into the message and never writes through it.
  std::string community_copy(community);
  session.community = reinterpret_cast<u_char*>(community_copy.data());
  session.community_len = community_copy.size();
  pdu->version = session.version;
  // Set on the PDU as well: for v1 the library does not always copy the session's community.
  pdu->community = static_cast<u_char*>(std::malloc(community.empty() ? 1 : community.size()));
  if (pdu->community == nullptr) return CodecError::kEncodeFailed;
  std::memcpy(pdu->community, community.data(), community.size());
  pdu->community_len = community.size();

  ScratchBuffer& buffer = scratch();
  size_t offset = 0;
  if (snmp_build(&buffer.data, &buffer.size, &offset, &session, pdu) != SNMPERR_SUCCESS) {
    return CodecError::kEncodeFailed;
  }
  if (offset > kMaxMessageSize) return CodecError::kTooLarge;
  // Reverse encoding (the library default) builds the message at the end of the buffer.
  const bool reverse =
      netsnmp_ds_get_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_REVERSE_ENCODE) != 0;
  const u_char* start = reverse ? buffer.data + buffer.size - offset : buffer.data;
  return std::string(reinterpret_cast<const char*>(start), offset);
}

struct ParsedMessage {
  Version version = Version::kV2c;
  std::string community;
  PduPtr pdu;
};

Result<ParsedMessage> parse(std::string_view bytes) {
  initLibrary();
  if (bytes.empty() || bytes.size() > kMaxMessageSize) return CodecError::kMalformed;
  // The parse routines take non-const pointers; give them a private copy.
  std::vector<u_char> data(bytes.begin(), bytes.end());
  size_t length = data.size();
  u_char community[kMaxCommunity + 1];
  size_t community_length = sizeof community;
  long version = -1;
  u_char* pdu_start =
      snmp_comstr_parse(data.data(), &length, community, &community_length, &version);
  if (pdu_start == nullptr) {
    // Tell SNMPv3 (a header sequence where v1/v2c have the community) from garbage.
    size_t v3_length = data.size();
    u_char type = 0;
    u_char* p = asn_parse_sequence(data.data(), &v3_length, &type, ASN_SEQUENCE | ASN_CONSTRUCTOR,
                                   "message");
    long v3_version = -1;
    if (p != nullptr && asn_parse_int(p, &v3_length, &type, &v3_version, sizeof v3_version) &&
        v3_version == SNMP_VERSION_3) {
      return CodecError::kUnsupportedVersion;
    }
    return CodecError::kMalformed;
  }
  if (version != SNMP_VERSION_1 && version != SNMP_VERSION_2c) {
    return CodecError::kUnsupportedVersion;
  }
  PduPtr pdu(snmp_pdu_create(0));
  if (!pdu) return CodecError::kMalformed;
  pdu->version = version;
  if (snmp_pdu_parse(pdu.get(), pdu_start, &length) != 0) return CodecError::kMalformed;
  ParsedMessage out;
  out.version = version == SNMP_VERSION_1 ? Version::kV1 : Version::kV2c;
  out.community.assign(reinterpret_cast<const char*>(community), community_length);
  out.pdu = std::move(pdu);
  return out;
}

bool fitsInt32(long value) {
  return value >= std::numeric_limits<std::int32_t>::min() &&
         value <= std::numeric_limits<std::int32_t>::max();
}

}  // namespace

std::string_view toString(CodecError error) noexcept {
  switch (error) {
    case CodecError::kMalformed: return "malformed message";
    case CodecError::kUnsupportedVersion: return "unsupported SNMP version";
    case CodecError::kUnexpectedPdu: return "unexpected PDU type";
    case CodecError::kUnsupportedValue: return "unsupported value";
    case CodecError::kTooLarge: return "message too large";
    case CodecError::kEncodeFailed: return "encoding failed";
    case CodecError::kWrongDigest: return "wrong digest";
    case CodecError::kDecryptionFailed: return "decryption failed";
    case CodecError::kBadKey: return "unusable key or password";
  }
  return "unknown codec error";
}

Result<std::string> encodeRequest(Version version, std::string_view community,
                                  std::int32_t request_id, PduType type,
                                  const std::vector<VarBind>& varbinds, std::int32_t non_repeaters,
                                  std::int32_t max_repetitions) {
  initLibrary();
  int command = SNMP_MSG_GET;
  switch (type) {
    case PduType::kGet: command = SNMP_MSG_GET; break;
    case PduType::kGetNext: command = SNMP_MSG_GETNEXT; break;
    case PduType::kGetBulk: command = SNMP_MSG_GETBULK; break;
    case PduType::kSet: command = SNMP_MSG_SET; break;
  }
  if (version == Version::kV3) return CodecError::kUnsupportedVersion;  // v3_codec.hpp
  if (type == PduType::kGetBulk && version == Version::kV1) return CodecError::kUnexpectedPdu;
  if (type == PduType::kGetBulk && (non_repeaters < 0 || max_repetitions < 0)) {
    return CodecError::kEncodeFailed;
  }
  PduPtr pdu(snmp_pdu_create(command));
  if (!pdu) return CodecError::kEncodeFailed;
  pdu->reqid = request_id;
  if (type == PduType::kGetBulk) {
    pdu->errstat = non_repeaters;
    pdu->errindex = max_repetitions;
  }
  for (const VarBind& varbind : varbinds) {
    VarBind sent{varbind.oid, type == PduType::kSet ? varbind.value : Value{Null{}}};
    if (version == Version::kV1 && !allowedInV1(sent.value)) return CodecError::kUnsupportedValue;
    if (!addVarBind(pdu.get(), sent)) return CodecError::kEncodeFailed;
  }
  return build(pdu.get(), version, community);
}

Result<std::string> encodeRequest(const Request& request) {
  return encodeRequest(request.version, request.community, request.request_id, request.type,
                       request.varbinds, request.non_repeaters, request.max_repetitions);
}

Result<std::string> encodeResponse(const Response& response) {
  initLibrary();
  const auto status = static_cast<std::int32_t>(response.error_status);
  if (status < 0 || response.error_index < 0) return CodecError::kEncodeFailed;
  if (response.version == Version::kV3) return CodecError::kUnsupportedVersion;
  if (response.version == Version::kV1 && status > 5) return CodecError::kUnsupportedValue;
  PduPtr pdu(snmp_pdu_create(SNMP_MSG_RESPONSE));
  if (!pdu) return CodecError::kEncodeFailed;
  pdu->reqid = response.request_id;
  pdu->errstat = status;
  pdu->errindex = response.error_index;
  for (const VarBind& varbind : response.varbinds) {
    if (response.version == Version::kV1 && !allowedInV1(varbind.value)) {
      return CodecError::kUnsupportedValue;
    }
    if (!addVarBind(pdu.get(), varbind)) return CodecError::kEncodeFailed;
  }
  return build(pdu.get(), response.version, response.community);
}

Result<Response> decodeResponse(std::string_view bytes) {
  Result<ParsedMessage> parsed = parse(bytes);
  if (!parsed) return parsed.error();
  const netsnmp_pdu& pdu = *parsed.value().pdu;
  if (pdu.command != SNMP_MSG_RESPONSE) return CodecError::kUnexpectedPdu;
  if (!fitsInt32(pdu.reqid) || !fitsInt32(pdu.errstat) || !fitsInt32(pdu.errindex)) {
    return CodecError::kMalformed;
  }
  Result<std::vector<VarBind>> varbinds = varBindsFrom(pdu, parsed.value().version);
  if (!varbinds) return varbinds.error();
  Response out;
  out.version = parsed.value().version;
  out.community = std::move(parsed.value().community);
  out.request_id = static_cast<std::int32_t>(pdu.reqid);
  out.error_status = static_cast<ErrorStatus>(pdu.errstat);
  out.error_index = static_cast<std::int32_t>(pdu.errindex);
  out.varbinds = std::move(varbinds).value();
  return out;
}

Result<Request> decodeRequest(std::string_view bytes) {
  Result<ParsedMessage> parsed = parse(bytes);
  if (!parsed) return parsed.error();
  const netsnmp_pdu& pdu = *parsed.value().pdu;
  Request out;
  out.version = parsed.value().version;
  switch (pdu.command) {
    case SNMP_MSG_GET: out.type = PduType::kGet; break;
    case SNMP_MSG_GETNEXT: out.type = PduType::kGetNext; break;
    case SNMP_MSG_GETBULK: out.type = PduType::kGetBulk; break;
    case SNMP_MSG_SET: out.type = PduType::kSet; break;
    default: return CodecError::kUnexpectedPdu;
  }
  if (out.type == PduType::kGetBulk && out.version == Version::kV1) {
    return CodecError::kUnexpectedPdu;
  }
  if (!fitsInt32(pdu.reqid) || !fitsInt32(pdu.errstat) || !fitsInt32(pdu.errindex)) {
    return CodecError::kMalformed;
  }
  Result<std::vector<VarBind>> varbinds = varBindsFrom(pdu, out.version);
  if (!varbinds) return varbinds.error();
  out.community = std::move(parsed.value().community);
  out.request_id = static_cast<std::int32_t>(pdu.reqid);
  if (out.type == PduType::kGetBulk) {
    out.non_repeaters = static_cast<std::int32_t>(pdu.errstat);
    out.max_repetitions = static_cast<std::int32_t>(pdu.errindex);
  }
  out.varbinds = std::move(varbinds).value();
  return out;
}

}  // namespace pw::agent::snmp
