// SNMPv3 message layout (RFC 3412 section 6, RFC 3414 section 2.4):
//
//   SEQUENCE {
//     INTEGER 3                                     -- msgVersion
//     SEQUENCE { msgID, msgMaxSize, OCTET STRING msgFlags (1 byte), msgSecurityModel (3) }
//     OCTET STRING {                                -- msgSecurityParameters, BER inside
//       SEQUENCE { engineID, engineBoots, engineTime, userName,
//                  authenticationParameters, privacyParameters } }
//     scopedPDU: SEQUENCE { contextEngineID, contextName, PDU }
//       or, with privacy, OCTET STRING (the encrypted scopedPDU)
//   }
//
// The digest covers the whole message with authenticationParameters zeroed. Messages are
// composed from separately encoded parts (net-snmp's asn_build_* for each TLV), so the offset of
// the digest placeholder is known exactly and patched after the HMAC is computed. Reading uses
// net-snmp's asn_parse_* over a private copy with a small cursor; positions inside the copy give
// the digest's offset for zeroing.
#include "agent/snmp/v3_codec.hpp"

#include <array>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>

#include "agent/snmp/codec.hpp"
#include "agent/snmp/netsnmp_bridge.hpp"

namespace pw::agent::snmp {
namespace {

constexpr long kSecurityModelUsm = 3;
constexpr std::size_t kMaxAdminString = 32;  // engine IDs, user and context names
constexpr long kMinMaxSize = 484;            // RFC 3412: msgMaxSize (484..2^31-1)

constexpr unsigned char kFlagAuth = 0x01;
constexpr unsigned char kFlagPriv = 0x02;
constexpr unsigned char kFlagReportable = 0x04;

// --- writing -------------------------------------------------------------------------------

std::string header(u_char type, std::size_t length) {
  std::array<u_char, 16> buffer{};
  size_t left = buffer.size();
  const u_char* end = asn_build_header(buffer.data(), &left, type, length);
  if (end == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(buffer.data()),
                     static_cast<std::size_t>(end - buffer.data()));
}

std::string tlv(u_char type, std::string_view content) {
  std::string out = header(type, content.size());
  out.append(content);
  return out;
}

std::string octets(std::string_view content) {
  return tlv(ASN_OCTET_STR, content);
}

std::string integer(long value) {
  std::array<u_char, 16> buffer{};
  size_t left = buffer.size();
  const u_char* end = asn_build_int(buffer.data(), &left, ASN_INTEGER, &value, sizeof value);
  if (end == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(buffer.data()),
                     static_cast<std::size_t>(end - buffer.data()));
}

constexpr u_char kSequence = ASN_SEQUENCE | ASN_CONSTRUCTOR;

int commandOf(V3PduType type) {
  switch (type) {
    case V3PduType::kGet: return SNMP_MSG_GET;
    case V3PduType::kGetNext: return SNMP_MSG_GETNEXT;
    case V3PduType::kGetBulk: return SNMP_MSG_GETBULK;
    case V3PduType::kSet: return SNMP_MSG_SET;
    case V3PduType::kResponse: return SNMP_MSG_RESPONSE;
    case V3PduType::kReport: return SNMP_MSG_REPORT;
  }
  return SNMP_MSG_GET;
}

std::optional<V3PduType> typeOf(int command) {
  switch (command) {
    case SNMP_MSG_GET: return V3PduType::kGet;
    case SNMP_MSG_GETNEXT: return V3PduType::kGetNext;
    case SNMP_MSG_GETBULK: return V3PduType::kGetBulk;
    case SNMP_MSG_SET: return V3PduType::kSet;
    case SNMP_MSG_RESPONSE: return V3PduType::kResponse;
    case SNMP_MSG_REPORT: return V3PduType::kReport;
    default: return std::nullopt;
  }
}

Result<std::string> encodePdu(const ScopedPdu& scoped) {
  detail::PduPtr pdu(snmp_pdu_create(commandOf(scoped.type)));
  if (!pdu) return CodecError::kEncodeFailed;
  pdu->version = SNMP_VERSION_3;
  pdu->reqid = scoped.request_id;
  pdu->errstat = scoped.error_status;
  pdu->errindex = scoped.error_index;
  const bool carries_values = scoped.type == V3PduType::kSet ||
                              scoped.type == V3PduType::kResponse ||
                              scoped.type == V3PduType::kReport;
  for (const VarBind& varbind : scoped.varbinds) {
    const VarBind sent{varbind.oid, carries_values ? varbind.value : Value{Null{}}};
    if (!detail::addVarBind(pdu.get(), sent)) return CodecError::kEncodeFailed;
  }
  // The reverse builder needs a malloc'd buffer it may grow.
  size_t size = 1024;
  auto* buffer = static_cast<u_char*>(std::malloc(size));
  if (buffer == nullptr) return CodecError::kEncodeFailed;
  size_t offset = 0;
  const int ok = snmp_pdu_realloc_rbuild(&buffer, &size, &offset, pdu.get());
  std::string out;
  if (ok != 0) out.assign(reinterpret_cast<const char*>(buffer + size - offset), offset);
  std::free(buffer);
  if (ok == 0) return CodecError::kEncodeFailed;
  return out;
}

// --- reading -------------------------------------------------------------------------------

// A cursor over BER elements in a mutable buffer (net-snmp's parsers take non-const pointers).
class Reader {
 public:
  Reader(u_char* data, std::size_t length) : p_(data), left_(length) {}

  [[nodiscard]] std::size_t left() const { return left_; }
  [[nodiscard]] u_char* position() const { return p_; }

  /// The contents of the next element, which must have type `type`.
  std::optional<std::string_view> take(u_char type) {
    if (left_ < 2 || *p_ != type) return std::nullopt;
    size_t length = left_;
    u_char actual = 0;
    u_char* contents = asn_parse_header(p_, &length, &actual);
    if (contents == nullptr || actual != type) return std::nullopt;
    const auto consumed = static_cast<std::size_t>(contents - p_) + length;
    if (consumed > left_) return std::nullopt;
    p_ += consumed;
    left_ -= consumed;
    return std::string_view(reinterpret_cast<const char*>(contents), length);
  }

  std::optional<long> integer() {
    if (left_ < 2 || *p_ != ASN_INTEGER) return std::nullopt;
    size_t length = left_;
    u_char type = 0;
    long value = 0;
    u_char* next = asn_parse_int(p_, &length, &type, &value, sizeof value);
    if (next == nullptr || type != ASN_INTEGER) return std::nullopt;
    left_ -= static_cast<std::size_t>(next - p_);
    p_ = next;
    return value;
  }

  /// Everything from here to the end, as one element of any type (for the scopedPDU).
  std::optional<std::string_view> element() {
    if (left_ < 2) return std::nullopt;
    u_char* start = p_;
    size_t length = left_;
    u_char type = 0;
    u_char* contents = asn_parse_header(p_, &length, &type);
    if (contents == nullptr) return std::nullopt;
    const auto consumed = static_cast<std::size_t>(contents - p_) + length;
    if (consumed > left_) return std::nullopt;
    p_ += consumed;
    left_ -= consumed;
    return std::string_view(reinterpret_cast<const char*>(start), consumed);
  }

 private:
  u_char* p_;
  std::size_t left_;
};

bool fitsInt32(long value) {
  return value >= 0 && value <= std::numeric_limits<std::int32_t>::max();
}

Result<ScopedPdu> decodeScopedPdu(std::string_view bytes) {
  std::string copy(bytes);
  Reader outer(reinterpret_cast<u_char*>(copy.data()), copy.size());
  const auto sequence = outer.take(kSequence);
  if (!sequence) return CodecError::kMalformed;
  Reader reader(reinterpret_cast<u_char*>(const_cast<char*>(sequence->data())), sequence->size());
  const auto context_engine_id = reader.take(ASN_OCTET_STR);
  const auto context_name = reader.take(ASN_OCTET_STR);
  if (!context_engine_id || !context_name || context_engine_id->size() > kMaxAdminString ||
      context_name->size() > kMaxAdminString || reader.left() == 0) {
    return CodecError::kMalformed;
  }
  detail::PduPtr pdu(snmp_pdu_create(0));
  if (!pdu) return CodecError::kMalformed;
  pdu->version = SNMP_VERSION_3;
  size_t length = reader.left();
  if (snmp_pdu_parse(pdu.get(), reader.position(), &length) != 0) return CodecError::kMalformed;
  const auto type = typeOf(pdu->command);
  if (!type) return CodecError::kUnexpectedPdu;
  const auto in_range = [](long value) {
    return value >= std::numeric_limits<std::int32_t>::min() &&
           value <= std::numeric_limits<std::int32_t>::max();
  };
  if (!in_range(pdu->reqid) || !in_range(pdu->errstat) || !in_range(pdu->errindex)) {
    return CodecError::kMalformed;
  }
  Result<std::vector<VarBind>> varbinds = detail::varBindsFrom(*pdu, Version::kV3);
  if (!varbinds) return varbinds.error();
  ScopedPdu out;
  out.context_engine_id.assign(*context_engine_id);
  out.context_name.assign(*context_name);
  out.type = *type;
  out.request_id = static_cast<std::int32_t>(pdu->reqid);
  out.error_status = static_cast<std::int32_t>(pdu->errstat);
  out.error_index = static_cast<std::int32_t>(pdu->errindex);
  out.varbinds = std::move(varbinds).value();
  return out;
}

}  // namespace

Result<std::string> encodeV3(const V3Message& message, const LocalizedKeys& keys,
                             std::uint64_t salt) {
  detail::initLibrary();
  const V3Header& h = message.header;
  const ScopedPdu& scoped = message.pdu;
  if (h.engine_id.size() > kMaxAdminString || h.user_name.size() > kMaxAdminString ||
      scoped.context_engine_id.size() > kMaxAdminString ||
      scoped.context_name.size() > kMaxAdminString || h.msg_id < 0 || h.max_size < kMinMaxSize ||
      h.engine_boots < 0 || h.engine_time < 0) {
    return CodecError::kEncodeFailed;
  }
  const bool auth = h.level != SecurityLevel::kNoAuthNoPriv;
  const bool priv = h.level == SecurityLevel::kAuthPriv;
  if (auth && (keys.auth == AuthProtocol::kNone || keys.auth_key.empty())) {
    return CodecError::kBadKey;
  }
  if (priv && (keys.priv == PrivProtocol::kNone || keys.priv_key.empty())) {
    return CodecError::kBadKey;
  }

  Result<std::string> pdu = encodePdu(scoped);
  if (!pdu) return pdu.error();
  std::string payload =
      tlv(kSequence, octets(scoped.context_engine_id) + octets(scoped.context_name) + pdu.value());
  std::string priv_params;
  if (priv) {
    Result<Encrypted> encrypted =
        encryptScopedPdu(keys, h.engine_boots, h.engine_time, salt, payload);
    if (!encrypted) return encrypted.error();
    payload = octets(encrypted->ciphertext);
    priv_params = std::move(encrypted.value().priv_params);
  }
  const std::string digest_placeholder(auth ? digestLength(keys.auth) : 0, '\0');

  // The USM parameters up to the digest's contents, then the rest.
  const std::string usm_before_digest = octets(h.engine_id) + integer(h.engine_boots) +
                                        integer(h.engine_time) + octets(h.user_name) +
                                        header(ASN_OCTET_STR, digest_placeholder.size());
  const std::string usm_after_digest = octets(priv_params);
  const std::size_t usm_length =
      usm_before_digest.size() + digest_placeholder.size() + usm_after_digest.size();
  const std::string usm_sequence_header = header(kSequence, usm_length);
  const std::string security_header =
      header(ASN_OCTET_STR, usm_sequence_header.size() + usm_length);

  unsigned char flags = 0;
  if (auth) flags |= kFlagAuth;
  if (priv) flags |= kFlagPriv;
  if (h.reportable) flags |= kFlagReportable;
  const std::string global = tlv(kSequence, integer(h.msg_id) + integer(h.max_size) +
                                                octets(std::string(1, static_cast<char>(flags))) +
                                                integer(kSecurityModelUsm));

  std::string before_digest =
      integer(SNMP_VERSION_3) + global + security_header + usm_sequence_header + usm_before_digest;
  const std::size_t body_length =
      before_digest.size() + digest_placeholder.size() + usm_after_digest.size() + payload.size();
  std::string out = header(kSequence, body_length);
  const std::size_t digest_offset = out.size() + before_digest.size();
  out += before_digest;
  out += digest_placeholder;
  out += usm_after_digest;
  out += payload;
  if (out.size() > kMaxMessageSize) return CodecError::kTooLarge;
  if (auth) {
    Result<std::string> digest = computeDigest(keys, out);
    if (!digest) return digest.error();
    out.replace(digest_offset, digest->size(), digest.value());
  }
  return out;
}

Result<V3Envelope> parseV3(std::string_view bytes) {
  detail::initLibrary();
  if (bytes.empty() || bytes.size() > kMaxMessageSize) return CodecError::kMalformed;
  V3Envelope out;
  out.authenticated.assign(bytes);
  auto* base = reinterpret_cast<u_char*>(out.authenticated.data());
  Reader top(base, out.authenticated.size());
  const auto message = top.take(kSequence);
  if (!message) return CodecError::kMalformed;
  Reader reader(reinterpret_cast<u_char*>(const_cast<char*>(message->data())), message->size());
  const auto version = reader.integer();
  if (!version) return CodecError::kMalformed;
  if (*version != SNMP_VERSION_3) return CodecError::kUnsupportedVersion;

  const auto global_data = reader.take(kSequence);
  if (!global_data) return CodecError::kMalformed;
  Reader global(reinterpret_cast<u_char*>(const_cast<char*>(global_data->data())),
                global_data->size());
  const auto msg_id = global.integer();
  const auto max_size = global.integer();
  const auto flags = global.take(ASN_OCTET_STR);
  const auto model = global.integer();
  if (!msg_id || !max_size || !flags || !model || flags->size() != 1 || !fitsInt32(*msg_id) ||
      !fitsInt32(*max_size) || *max_size < kMinMaxSize) {
    return CodecError::kMalformed;
  }
  if (*model != kSecurityModelUsm) return CodecError::kUnsupportedVersion;
  const auto flag_bits = static_cast<unsigned char>((*flags)[0]);
  if ((flag_bits & kFlagPriv) != 0 && (flag_bits & kFlagAuth) == 0) {
    return CodecError::kMalformed;  // RFC 3412 7.2 (5): an invalid combination
  }
  out.header.msg_id = static_cast<std::int32_t>(*msg_id);
  out.header.max_size = static_cast<std::int32_t>(*max_size);
  out.header.reportable = (flag_bits & kFlagReportable) != 0;
  out.header.level = (flag_bits & kFlagPriv) != 0   ? SecurityLevel::kAuthPriv
                     : (flag_bits & kFlagAuth) != 0 ? SecurityLevel::kAuthNoPriv
                                                    : SecurityLevel::kNoAuthNoPriv;

  const auto security = reader.take(ASN_OCTET_STR);
  if (!security) return CodecError::kMalformed;
  Reader security_reader(reinterpret_cast<u_char*>(const_cast<char*>(security->data())),
                         security->size());
  const auto usm_data = security_reader.take(kSequence);
  if (!usm_data) return CodecError::kMalformed;
  Reader usm(reinterpret_cast<u_char*>(const_cast<char*>(usm_data->data())), usm_data->size());
  const auto engine_id = usm.take(ASN_OCTET_STR);
  const auto boots = usm.integer();
  const auto time = usm.integer();
  const auto user = usm.take(ASN_OCTET_STR);
  const auto auth_params = usm.take(ASN_OCTET_STR);
  const auto priv_params = usm.take(ASN_OCTET_STR);
  if (!engine_id || !boots || !time || !user || !auth_params || !priv_params ||
      engine_id->size() > kMaxAdminString || user->size() > kMaxAdminString || !fitsInt32(*boots) ||
      !fitsInt32(*time)) {
    return CodecError::kMalformed;
  }
  out.header.engine_id.assign(*engine_id);
  out.header.engine_boots = static_cast<std::int32_t>(*boots);
  out.header.engine_time = static_cast<std::int32_t>(*time);
  out.header.user_name.assign(*user);
  out.auth_params.assign(*auth_params);
  out.priv_params.assign(*priv_params);

  const auto payload =
      out.header.level == SecurityLevel::kAuthPriv ? reader.take(ASN_OCTET_STR) : reader.element();
  if (!payload) return CodecError::kMalformed;
  out.payload.assign(*payload);
  // Zero the digest in place (auth_params points into `authenticated`) and drop anything
  // after the message's own length, which the digest does not cover.
  std::memset(const_cast<char*>(auth_params->data()), 0, auth_params->size());
  out.authenticated.resize(out.authenticated.size() - top.left());
  return out;
}

Result<ScopedPdu> openV3(const V3Envelope& envelope, const LocalizedKeys& keys) {
  const V3Header& h = envelope.header;
  if (h.level == SecurityLevel::kNoAuthNoPriv) return decodeScopedPdu(envelope.payload);
  if (keys.auth == AuthProtocol::kNone) return CodecError::kBadKey;
  if (Result<bool> verified = verifyDigest(keys, envelope.authenticated, envelope.auth_params);
      !verified) {
    return verified.error();
  }
  if (h.level == SecurityLevel::kAuthNoPriv) return decodeScopedPdu(envelope.payload);
  if (keys.priv == PrivProtocol::kNone) return CodecError::kBadKey;
  Result<std::string> plaintext =
      decryptScopedPdu(keys, h.engine_boots, h.engine_time, envelope.priv_params, envelope.payload);
  if (!plaintext) return plaintext.error();
  Result<ScopedPdu> scoped = decodeScopedPdu(plaintext.value());
  if (!scoped && scoped.error() == CodecError::kMalformed) return CodecError::kDecryptionFailed;
  return scoped;
}

Result<Request> toRequest(const ScopedPdu& pdu) {
  Request out;
  out.version = Version::kV3;
  out.request_id = pdu.request_id;
  switch (pdu.type) {
    case V3PduType::kGet: out.type = PduType::kGet; break;
    case V3PduType::kGetNext: out.type = PduType::kGetNext; break;
    case V3PduType::kGetBulk:
      out.type = PduType::kGetBulk;
      out.non_repeaters = pdu.error_status;
      out.max_repetitions = pdu.error_index;
      break;
    case V3PduType::kSet: out.type = PduType::kSet; break;
    case V3PduType::kResponse:
    case V3PduType::kReport: return CodecError::kUnexpectedPdu;
  }
  out.varbinds = pdu.varbinds;
  return out;
}

ScopedPdu fromResponse(const Response& response, std::string context_engine_id,
                       std::string context_name) {
  ScopedPdu out;
  out.context_engine_id = std::move(context_engine_id);
  out.context_name = std::move(context_name);
  out.type = V3PduType::kResponse;
  out.request_id = response.request_id;
  out.error_status = static_cast<std::int32_t>(response.error_status);
  out.error_index = response.error_index;
  out.varbinds = response.varbinds;
  return out;
}

}  // namespace pw::agent::snmp
