#include "common/core/ipv4.hpp"

namespace pw {
namespace {

constexpr std::string_view kNotIpv4 = "not an IPv4 address";

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

// On failure returns the reason, so that "010.0.0.1" can say why it is refused although each
// octet is in range.
std::variant<std::uint32_t, std::string> parseIpv4Detailed(std::string_view text) {
  std::uint32_t result = 0;
  std::size_t i = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (i >= text.size() || text[i] != '.') return std::string(kNotIpv4);
      ++i;
    }
    const std::size_t start = i;
    std::uint32_t value = 0;
    while (i < text.size() && isDigit(text[i])) {
      if (i - start == 3) return std::string(kNotIpv4);
      value = value * 10 + static_cast<std::uint32_t>(text[i] - '0');
      ++i;
    }
    if (i == start || value > 255) return std::string(kNotIpv4);
    if (i - start > 1 && text[start] == '0') {
      return std::string(kNotIpv4) + " (leading zeros are refused: some tools read them as octal)";
    }
    result = (result << 8) | value;
  }
  if (i != text.size()) return std::string(kNotIpv4);
  return result;
}

std::optional<std::uint32_t> parseIpv4(std::string_view text) {
  auto parsed = parseIpv4Detailed(text);
  if (const auto* value = std::get_if<std::uint32_t>(&parsed)) return *value;
  return std::nullopt;
}

std::string formatIpv4(std::uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xFF) + "." +
         std::to_string((address >> 8) & 0xFF) + "." + std::to_string(address & 0xFF);
}

std::string normalizeHostName(std::string_view name) {
  std::string result;
  result.reserve(name.size());
  for (char c : name)
    result.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  if (!result.empty() && result.back() == '.') result.pop_back();
  return result;
}

}  // namespace pw
