#include "agent/snmp/message.hpp"

#include <charconv>
#include <cstdio>
#include <type_traits>

namespace pw::agent::snmp {

std::optional<Oid> parseOid(std::string_view text) {
  if (!text.empty() && text.front() == '.') text.remove_prefix(1);
  Oid out;
  while (!text.empty()) {
    std::uint32_t arc = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), arc);
    if (ec != std::errc{} || end == text.data()) return std::nullopt;
    out.push_back(arc);
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    if (text.empty()) break;
    if (text.front() != '.' || text.size() == 1) return std::nullopt;
    text.remove_prefix(1);
  }
  if (out.size() < 2) return std::nullopt;
  return out;
}

std::string formatOid(const Oid& oid) {
  std::string out;
  out.reserve(oid.size() * 4);
  for (std::size_t i = 0; i < oid.size(); ++i) {
    if (i != 0) out.push_back('.');
    out += std::to_string(oid[i]);
  }
  return out;
}

bool oidStartsWith(const Oid& oid, const Oid& prefix) {
  return oid.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), oid.begin());
}

bool isException(const Value& value) {
  return std::holds_alternative<NoSuchObject>(value) ||
         std::holds_alternative<NoSuchInstance>(value) ||
         std::holds_alternative<EndOfMibView>(value);
}

namespace {

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "0x";
  for (const unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

}  // namespace

std::string describe(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Null>) return "NULL";
        if constexpr (std::is_same_v<T, Integer>) return "INTEGER: " + std::to_string(v.value);
        if constexpr (std::is_same_v<T, OctetString>) return "STRING: " + hex(v.bytes);
        if constexpr (std::is_same_v<T, Opaque>) return "Opaque: " + hex(v.bytes);
        if constexpr (std::is_same_v<T, ObjectId>) return "OID: " + formatOid(v.oid);
        if constexpr (std::is_same_v<T, IpAddress>) {
          return "IpAddress: " + std::to_string(v.octets[0]) + "." + std::to_string(v.octets[1]) +
                 "." + std::to_string(v.octets[2]) + "." + std::to_string(v.octets[3]);
        }
        if constexpr (std::is_same_v<T, Counter32>) return "Counter32: " + std::to_string(v.value);
        if constexpr (std::is_same_v<T, Gauge32>) return "Gauge32: " + std::to_string(v.value);
        if constexpr (std::is_same_v<T, TimeTicks>) return "Timeticks: " + std::to_string(v.value);
        if constexpr (std::is_same_v<T, Counter64>) return "Counter64: " + std::to_string(v.value);
        if constexpr (std::is_same_v<T, NoSuchObject>) return "noSuchObject";
        if constexpr (std::is_same_v<T, NoSuchInstance>) return "noSuchInstance";
        if constexpr (std::is_same_v<T, EndOfMibView>) return "endOfMibView";
      },
      value);
}

}  // namespace pw::agent::snmp
