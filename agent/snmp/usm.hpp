#pragma once
// SNMPv3 User-based Security Model (RFC 3414) building blocks: protocols, password to key,
// key localization (with the AES-256 key extensions), message digests and privacy. The
// primitives are net-snmp's scapi/keytools routines (OpenSSL underneath), never our own.
//
// Thread safety: every function may be called from any thread; none keeps state.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "agent/snmp/message.hpp"

namespace pw::agent::snmp {

/// HMAC authentication protocols: RFC 3414 (MD5, SHA-1, both truncated to 96 bits) and RFC 7860
/// (SHA-2, truncated to 128/192/256/384 bits).
enum class AuthProtocol { kNone, kMd5, kSha1, kSha224, kSha256, kSha384, kSha512 };

/// Privacy protocols. AES-256 needs 32 key bytes, more than MD5 or SHA-1 localize to, and two
/// incompatible ways of extending the key exist in the field (both checked against Debian's
/// net-snmp 5.9.3 snmpd, which offers both):
/// - kAes256: draft-blumenthal-aes-usm-04 (Kul || H(Kul) || ...), OID 1.3.6.1.4.1.14832.1.4;
///   snmpd's "AES256".
/// - kAes256Reeder: draft-reeder-snmpv3-usm-3desede (the key re-derived from Kul as a
///   password), as on Cisco equipment; snmpd's "AES256C".
/// With SHA-256 or longer hashes the localized key is long enough and the two coincide.
enum class PrivProtocol { kNone, kDes, kAes128, kAes256, kAes256Reeder };

enum class SecurityLevel { kNoAuthNoPriv, kAuthNoPriv, kAuthPriv };

std::string_view toString(AuthProtocol protocol) noexcept;
std::string_view toString(PrivProtocol protocol) noexcept;
std::string_view toString(SecurityLevel level) noexcept;
/// "MD5", "SHA" (or "SHA-1"), "SHA-224", "SHA-256", "SHA-384", "SHA-512"; case-insensitive.
std::optional<AuthProtocol> parseAuthProtocol(std::string_view text);
/// "DES", "AES" (or "AES-128"), "AES-256", "AES-256-C" (Reeder/Cisco); case-insensitive.
std::optional<PrivProtocol> parsePrivProtocol(std::string_view text);
/// "noAuthNoPriv", "authNoPriv", "authPriv"; case-insensitive.
std::optional<SecurityLevel> parseSecurityLevel(std::string_view text);

/// Bytes of msgAuthenticationParameters: the truncated HMAC (12 for MD5/SHA-1, 16/24/32/48
/// for SHA-224/256/384/512); 0 for kNone.
std::size_t digestLength(AuthProtocol protocol) noexcept;

/// Keys of one user localized to one authoritative engine (RFC 3414 2.6).
struct LocalizedKeys {
  AuthProtocol auth = AuthProtocol::kNone;
  std::string auth_key;  ///< Kul for the HMAC
  PrivProtocol priv = PrivProtocol::kNone;
  std::string priv_key;  ///< Kul (extended for AES-256 when needed)
};

/// RFC 3414 A.2: the 1 MB password expansion, hashed with the auth protocol's hash. Expensive
/// (about a millisecond): callers cache it. kBadKey for a password shorter than 8 bytes (as
/// net-snmp requires) or kNone.
Result<std::string> passwordToKey(AuthProtocol protocol, std::string_view password);

/// Localizes master keys (from passwordToKey, both hashed with `auth`) to `engine_id`; the
/// privacy key is extended as `priv` needs. kBadKey for an empty engine ID, a missing key, or
/// privacy without authentication.
Result<LocalizedKeys> localizeKeys(AuthProtocol auth, std::string_view auth_master_key,
                                   PrivProtocol priv, std::string_view priv_master_key,
                                   std::string_view engine_id);

/// The truncated HMAC of `message` (computed with the digest field zeroed).
Result<std::string> computeDigest(const LocalizedKeys& keys, std::string_view message);
/// Constant-time comparison of `digest` with the HMAC of `message`; kWrongDigest on mismatch.
Result<bool> verifyDigest(const LocalizedKeys& keys, std::string_view message,
                          std::string_view digest);

struct Encrypted {
  std::string ciphertext;
  std::string priv_params;  ///< msgPrivacyParameters: the salt (8 bytes)
};

/// Encrypts a scopedPDU. DES-CBC (RFC 3414 8.1.1.1: salt = boots || counter, IV = pre-IV xor
/// salt) or AES-CFB (RFC 3826 3.1.2.1: IV = boots || time || salt). `salt` must differ for every
/// message sent under the same key (callers use a counter from a random start).
Result<Encrypted> encryptScopedPdu(const LocalizedKeys& keys, std::int32_t engine_boots,
                                   std::int32_t engine_time, std::uint64_t salt,
                                   std::string_view plaintext);
/// The reverse; kDecryptionFailed for a ciphertext of the wrong size or salt length. The
/// plaintext may carry DES padding after the scopedPDU.
Result<std::string> decryptScopedPdu(const LocalizedKeys& keys, std::int32_t engine_boots,
                                     std::int32_t engine_time, std::string_view priv_params,
                                     std::string_view ciphertext);

}  // namespace pw::agent::snmp
