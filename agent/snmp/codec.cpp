#include "agent/snmp/codec.hpp"

#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <type_traits>

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

namespace pw::agent::snmp {
namespace {

constexpr std::size_t kMaxCommunity = 255;

// The library keeps a little global state (default store, MIB search path). Configure it
// once so that nothing reads snmp.conf or MIB files: the codec needs neither, and without
// this every process would print a line per missing MIB module.
void initLibrary() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (std::getenv("MIBS") == nullptr) setenv("MIBS", "", 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_LOAD_HOST_FILES, 1);
    // The parser logs every malformed datagram ("bad type returned") to stderr; anyone on the
    // network could fill the log that way. Errors reach callers as CodecError instead.
    // With no handler at all the library falls back to stderr, so install a discarding one.
    snmp_disable_log();
    netsnmp_register_loghandler(NETSNMP_LOGHANDLER_NONE, LOG_DEBUG);
  });
}

struct PduDeleter {
  void operator()(netsnmp_pdu* pdu) const { snmp_free_pdu(pdu); }
};
using PduPtr = std::unique_ptr<netsnmp_pdu, PduDeleter>;

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

std::vector<oid> toLibraryOid(const Oid& in) {
  return std::vector<oid>(in.begin(), in.end());
}

Oid fromLibraryOid(const oid* in, size_t length) {
  Oid out;
  out.reserve(length);
  for (size_t i = 0; i < length; ++i) out.push_back(static_cast<std::uint32_t>(in[i]));
  return out;
}

bool allowedInV1(const Value& value) {
  return !std::holds_alternative<Counter64>(value) && !isException(value);
}

// Adds one varbind to the PDU; false when the library refuses it.
bool addVarBind(netsnmp_pdu* pdu, const VarBind& varbind) {
  const std::vector<oid> name = toLibraryOid(varbind.oid);
  const auto add = [&](u_char type, const void* data, size_t length) {
    return snmp_pdu_add_variable(pdu, name.data(), name.size(), type, data, length) != nullptr;
  };
  return std::visit(
      [&](const auto& v) -> bool {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Null>) {
          return add(ASN_NULL, nullptr, 0);
        } else if constexpr (std::is_same_v<T, Integer>) {
          const long number = v.value;
          return add(ASN_INTEGER, &number, sizeof number);
        } else if constexpr (std::is_same_v<T, OctetString>) {
          return add(ASN_OCTET_STR, v.bytes.data(), v.bytes.size());
        } else if constexpr (std::is_same_v<T, Opaque>) {
          return add(ASN_OPAQUE, v.bytes.data(), v.bytes.size());
        } else if constexpr (std::is_same_v<T, ObjectId>) {
          const std::vector<oid> value = toLibraryOid(v.oid);
          return add(ASN_OBJECT_ID, value.data(), value.size() * sizeof(oid));
        } else if constexpr (std::is_same_v<T, IpAddress>) {
          return add(ASN_IPADDRESS, v.octets, sizeof v.octets);
        } else if constexpr (std::is_same_v<T, Counter32>) {
          const u_long number = v.value;
          return add(ASN_COUNTER, &number, sizeof number);
        } else if constexpr (std::is_same_v<T, Gauge32>) {
          const u_long number = v.value;
          return add(ASN_GAUGE, &number, sizeof number);
        } else if constexpr (std::is_same_v<T, TimeTicks>) {
          const u_long number = v.value;
          return add(ASN_TIMETICKS, &number, sizeof number);
        } else if constexpr (std::is_same_v<T, Counter64>) {
          counter64 number{};
          number.high = static_cast<u_long>(v.value >> 32);
          number.low = static_cast<u_long>(v.value & 0xffffffffU);
          return add(ASN_COUNTER64, &number, sizeof number);
        } else if constexpr (std::is_same_v<T, NoSuchObject>) {
          return add(SNMP_NOSUCHOBJECT, nullptr, 0);
        } else if constexpr (std::is_same_v<T, NoSuchInstance>) {
          return add(SNMP_NOSUCHINSTANCE, nullptr, 0);
        } else {
          static_assert(std::is_same_v<T, EndOfMibView>);
          return add(SNMP_ENDOFMIBVIEW, nullptr, 0);
        }
      },
      varbind.value);
}

Result<Value> valueFrom(const netsnmp_variable_list& var) {
  switch (var.type) {
    case ASN_NULL: return Value{Null{}};
    case ASN_INTEGER: {
      const long number = *var.val.integer;
      if (number < std::numeric_limits<std::int32_t>::min() ||
          number > std::numeric_limits<std::int32_t>::max()) {
        return CodecError::kUnsupportedValue;
      }
      return Value{Integer{static_cast<std::int32_t>(number)}};
    }
    case ASN_OCTET_STR:
      return Value{
          OctetString{std::string(reinterpret_cast<const char*>(var.val.string), var.val_len)}};
    case ASN_OPAQUE:
      return Value{Opaque{std::string(reinterpret_cast<const char*>(var.val.string), var.val_len)}};
    case ASN_OBJECT_ID:
      return Value{ObjectId{fromLibraryOid(var.val.objid, var.val_len / sizeof(oid))}};
    case ASN_IPADDRESS: {
      if (var.val_len != 4) return CodecError::kMalformed;
      IpAddress address;
      std::memcpy(address.octets, var.val.string, 4);
      return Value{address};
    }
    case ASN_COUNTER:
      return Value{
          Counter32{static_cast<std::uint32_t>(*reinterpret_cast<u_long*>(var.val.integer))}};
    case ASN_GAUGE:     // also Unsigned32, which shares the tag
    case ASN_UINTEGER:  // obsolete UInteger32 (RFC 1442), read as its successor
      return Value{
          Gauge32{static_cast<std::uint32_t>(*reinterpret_cast<u_long*>(var.val.integer))}};
    case ASN_TIMETICKS:
      return Value{
          TimeTicks{static_cast<std::uint32_t>(*reinterpret_cast<u_long*>(var.val.integer))}};
    case ASN_COUNTER64: {
      const std::uint64_t high = var.val.counter64->high & 0xffffffffU;
      const std::uint64_t low = var.val.counter64->low & 0xffffffffU;
      return Value{Counter64{(high << 32) | low}};
    }
    case SNMP_NOSUCHOBJECT: return Value{NoSuchObject{}};
    case SNMP_NOSUCHINSTANCE: return Value{NoSuchInstance{}};
    case SNMP_ENDOFMIBVIEW: return Value{EndOfMibView{}};
    default: return CodecError::kUnsupportedValue;
  }
}

Result<std::vector<VarBind>> varBindsFrom(const netsnmp_pdu& pdu, Version version) {
  std::vector<VarBind> out;
  for (const netsnmp_variable_list* var = pdu.variables; var != nullptr; var = var->next_variable) {
    Result<Value> value = valueFrom(*var);
    if (!value) return value.error();
    if (version == Version::kV1 && !allowedInV1(value.value())) return CodecError::kMalformed;
    out.push_back(VarBind{fromLibraryOid(var->name, var->name_length), std::move(value).value()});
  }
  return out;
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
