#include "proto/cpp/activation_key.hpp"

#include <algorithm>
#include <cctype>

namespace pw::proto {
namespace {

bool isBase64Url(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_';
  });
}

}  // namespace

std::optional<ActivationKey> ActivationKey::parse(const std::string& text) {
  constexpr std::string_view kPrefix = "pwa1.";
  constexpr std::size_t kFingerprintChars = 43;  // 32 bytes in base64url without padding
  constexpr std::size_t kMinSecretChars = 22;    // at least 128 bits
  if (text.compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  const auto rest = text.substr(kPrefix.size());
  const auto dot = rest.find('.');
  if (dot == std::string::npos) return std::nullopt;
  ActivationKey key{rest.substr(0, dot), rest.substr(dot + 1)};
  if (!isBase64Url(key.secret) || key.secret.size() < kMinSecretChars ||
      !isBase64Url(key.ca_fingerprint) || key.ca_fingerprint.size() != kFingerprintChars) {
    return std::nullopt;
  }
  return key;
}

}  // namespace pw::proto
