#pragma once
// Secrets at rest and on the wire: random tokens, hashing of passwords and tokens, and
// authenticated encryption of stored secrets under a data-directory master key.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

#include "common/crypto/crypto_error.hpp"

namespace pw::crypto {

/// n cryptographically random bytes (OpenSSL RAND_bytes). Throws if the RNG fails.
std::string randomBytes(std::size_t n);
/// A random URL-safe token carrying `bytes` bytes of entropy (base64url, no padding).
std::string randomToken(std::size_t bytes = 32);

std::string base64UrlEncode(std::string_view bytes);
/// Accepts the unpadded form and correct '=' padding; nullopt for characters outside the
/// base64url alphabet (including '+' and '/'), impossible lengths or non-zero trailing bits.
std::optional<std::string> base64UrlDecode(std::string_view text);

/// Lower-case hex SHA-256, used to store bearer secrets (session ids, keys) by hash only.
std::string sha256Hex(std::string_view data);

/// Constant-time comparison.
bool constantTimeEquals(std::string_view a, std::string_view b);

/// Memory-hard password hash: "scrypt$<logN>$<r>$<p>$<salt b64url>$<hash b64url>".
std::string hashPassword(std::string_view password);
/// False for a wrong password or a malformed stored hash. Parameters read from the stored
/// string are bounded (logN 10..20, r 1..16, p 1..4, at most 64 MiB) so a doctored hash
/// cannot exhaust memory or CPU.
bool verifyPassword(std::string_view password, std::string_view stored_hash);

/// AES-256-GCM with a 256-bit master key. Sealed form: base64url(version|nonce|ciphertext|tag).
/// The associated data binds a secret to its owner (e.g. "agent:17:activation"), so a sealed
/// value copied to another row does not open. The version byte is authenticated as well:
/// the GCM AAD is version || associated_data.
class SecretBox {
 public:
  /// key must be 32 bytes; throws std::invalid_argument otherwise.
  explicit SecretBox(std::string key);
  /// Wipes the key from memory.
  ~SecretBox();
  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;
  SecretBox(SecretBox&&) noexcept = default;
  SecretBox& operator=(SecretBox&& other) noexcept;  ///< wipes the key it replaces

  static std::string generateKey();  ///< 32 random bytes

  [[nodiscard]] std::string seal(std::string_view plaintext,
                                 std::string_view associated_data) const;
  /// Fails for tampered, truncated or foreign data: Errc::malformed when the text is not a
  /// sealed value at all (bad base64, too short, unknown version), Errc::decrypt_failed when
  /// authentication fails (tampering, wrong key, wrong associated data).
  [[nodiscard]] boost::system::result<std::string> open(std::string_view sealed,
                                                        std::string_view associated_data) const;

 private:
  std::string key_;
};

}  // namespace pw::crypto
