#pragma once
// Error codes of pw::crypto. Functions that judge outside input (certificates, keys, CSRs,
// PKCS#12 bundles, stored password hashes, sealed secrets) report failures with these codes
// through boost::system::result, so callers can branch on the reason without parsing text.
#include <type_traits>

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>

namespace pw::crypto {

// Values start at 1: 0 means success in a boost::system::error_code.
enum class Errc {
  invalid_pem = 1,  ///< text is not a PEM certificate / key, or a PEM block is corrupt
  invalid_csr,      ///< not a parseable PKCS#10 certificate request
  bad_signature,    ///< a signature (e.g. the CSR's self-signature) does not verify
  unsupported_key,  ///< key type or size not accepted (EC P-256/P-384 or RSA >= 2048 only)
  key_mismatch,     ///< the private key does not belong to the certificate
  not_a_ca,         ///< the certificate may not sign certificates
  wrong_password,   ///< the password does not open the PKCS#12 bundle
  decrypt_failed,   ///< authentication/decryption failed: tampered, truncated or wrong key
  malformed,        ///< structurally invalid input (bad base64, bad DER, bad format string)
};

/// The category of Errc; name() is "pw.crypto".
const boost::system::error_category& cryptoCategory() noexcept;

/// Found by argument-dependent lookup, so `error_code ec = Errc::x;` and `ec == Errc::x` work.
boost::system::error_code make_error_code(Errc code) noexcept;

}  // namespace pw::crypto

namespace boost::system {
template <>
struct is_error_code_enum<pw::crypto::Errc> : std::true_type {};
}  // namespace boost::system
