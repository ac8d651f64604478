#pragma once
// SNMP messages as plain C++ values. The wire encoding lives in codec.cpp (v1/v2c) and
// v3_codec.cpp (SNMPv3 with USM), both on net-snmp; nothing here includes an SNMP library, so
// callers never see net-snmp's macros.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace pw::agent::snmp {

/// Numeric object identifier. Sub-identifiers are 32-bit on the wire (RFC 2578).
using Oid = std::vector<std::uint32_t>;

/// "1.3.6.1" (a leading dot is accepted); nullopt for anything else or fewer than two arcs.
std::optional<Oid> parseOid(std::string_view text);
/// Dotted decimal without a leading dot.
std::string formatOid(const Oid& oid);
/// True when `oid` equals `prefix` or lies below it.
bool oidStartsWith(const Oid& oid, const Oid& prefix);

// Varbind value alternatives. Each SNMP type is its own struct so the variant cannot confuse a
// Counter32 with a Gauge32 that happens to hold the same number.
struct Integer {
  std::int32_t value = 0;
  bool operator==(const Integer&) const = default;
};
struct OctetString {
  std::string bytes;  ///< raw, may be binary
  bool operator==(const OctetString&) const = default;
};
struct ObjectId {
  Oid oid;
  bool operator==(const ObjectId&) const = default;
};
struct IpAddress {
  std::uint8_t octets[4] = {0, 0, 0, 0};
  bool operator==(const IpAddress&) const = default;
};
struct Counter32 {
  std::uint32_t value = 0;
  bool operator==(const Counter32&) const = default;
};
struct Gauge32 {
  std::uint32_t value = 0;
  bool operator==(const Gauge32&) const = default;
};
struct TimeTicks {
  std::uint32_t value = 0;  ///< hundredths of a second
  bool operator==(const TimeTicks&) const = default;
};
struct Counter64 {
  std::uint64_t value = 0;
  bool operator==(const Counter64&) const = default;
};
struct Opaque {
  std::string bytes;
  bool operator==(const Opaque&) const = default;
};
struct Null {
  bool operator==(const Null&) const = default;
};
// v2c exceptions (RFC 3416): a per-varbind "no value" instead of a whole-PDU error.
struct NoSuchObject {
  bool operator==(const NoSuchObject&) const = default;
};
struct NoSuchInstance {
  bool operator==(const NoSuchInstance&) const = default;
};
struct EndOfMibView {
  bool operator==(const EndOfMibView&) const = default;
};

using Value =
    std::variant<Null, Integer, OctetString, ObjectId, IpAddress, Counter32, Gauge32, TimeTicks,
                 Counter64, Opaque, NoSuchObject, NoSuchInstance, EndOfMibView>;

/// "Counter32: 42", "STRING: 0x0a41", ... for test failures and logs.
std::string describe(const Value& value);
/// True for noSuchObject, noSuchInstance and endOfMibView.
bool isException(const Value& value);

struct VarBind {
  Oid oid;
  Value value = Null{};
  bool operator==(const VarBind&) const = default;
};

/// The wire values. kV3 messages go through v3_codec.hpp; codec.hpp refuses them.
enum class Version { kV1 = 0, kV2c = 1, kV3 = 3 };

enum class PduType { kGet, kGetNext, kGetBulk, kSet };

/// error-status values (RFC 3416 section 3); v1 uses 0..5 only.
enum class ErrorStatus : std::int32_t {
  kNoError = 0,
  kTooBig = 1,
  kNoSuchName = 2,
  kBadValue = 3,
  kReadOnly = 4,
  kGenErr = 5,
  kNoAccess = 6,
  kWrongType = 7,
  kWrongLength = 8,
  kWrongEncoding = 9,
  kWrongValue = 10,
  kNoCreation = 11,
  kInconsistentValue = 12,
  kResourceUnavailable = 13,
  kCommitFailed = 14,
  kUndoFailed = 15,
  kAuthorizationError = 16,
  kNotWritable = 17,
  kInconsistentName = 18,
};

struct Request {
  Version version = Version::kV2c;
  std::string community;
  std::int32_t request_id = 0;
  PduType type = PduType::kGet;
  std::int32_t non_repeaters = 0;    ///< GetBulk only
  std::int32_t max_repetitions = 0;  ///< GetBulk only
  std::vector<VarBind> varbinds;     ///< values are Null for Get/GetNext/GetBulk
  bool operator==(const Request&) const = default;
};

struct Response {
  Version version = Version::kV2c;
  std::string community;
  std::int32_t request_id = 0;
  ErrorStatus error_status = ErrorStatus::kNoError;
  std::int32_t error_index = 0;  ///< 1-based; 0 when no varbind is at fault
  std::vector<VarBind> varbinds;
  bool operator==(const Response&) const = default;
};

enum class CodecError {
  kMalformed,           ///< not a BER-encoded SNMP message, or truncated
  kUnsupportedVersion,  ///< SNMPv3 or an unknown version number
  kUnexpectedPdu,       ///< e.g. a request where a response was expected, a v1 GetBulk
  kUnsupportedValue,    ///< a value type this codec does not carry (e.g. Counter64 in v1)
  kTooLarge,            ///< the message would not fit a UDP datagram
  kEncodeFailed,        ///< the library refused to build the message
  // SNMPv3 (v3_codec.hpp, usm.hpp)
  kWrongDigest,       ///< the HMAC does not match: wrong authentication key or tampering
  kDecryptionFailed,  ///< ciphertext unusable or the plaintext is no scopedPDU: wrong privacy key
  kBadKey,            ///< a password or key unusable for the protocol (e.g. shorter than 8)
};

std::string_view toString(CodecError error) noexcept;

/// A value or the reason there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(CodecError error) : value_(error) {}    // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return value_.index() == 0; }
  explicit operator bool() const { return ok(); }
  /// Precondition: ok().
  const T& value() const& { return std::get<0>(value_); }
  T& value() & { return std::get<0>(value_); }
  T&& value() && { return std::get<0>(std::move(value_)); }
  const T* operator->() const { return &value(); }
  const T& operator*() const& { return value(); }
  /// Precondition: !ok().
  [[nodiscard]] CodecError error() const { return std::get<1>(value_); }

 private:
  std::variant<T, CodecError> value_;
};

}  // namespace pw::agent::snmp
