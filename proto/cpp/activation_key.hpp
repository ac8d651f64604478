#pragma once
// The activation key an administrator copies from the console to an Agent:
//   pwa1.<secret>.<ca-fingerprint>
// <secret> is the one-time enrolment secret and <ca-fingerprint> the SHA-256 of the Manager's
// internal CA certificate, both base64url without padding. The fingerprint lets the Agent
// authenticate the Manager on its very first contact, before it holds any certificate.
#include <optional>
#include <string>

namespace pw::proto {

struct ActivationKey {
  std::string secret;          ///< base64url
  std::string ca_fingerprint;  ///< base64url of the 32-byte SHA-256

  [[nodiscard]] std::string format() const { return "pwa1." + secret + "." + ca_fingerprint; }
  /// nullopt when the text does not have the shape above (wrong prefix, characters, lengths).
  static std::optional<ActivationKey> parse(const std::string& text);
};

}  // namespace pw::proto
