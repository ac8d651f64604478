#include "agent/snmp/identify_values.hpp"

#include <charconv>
#include <string>
#include <type_traits>

namespace pw::agent::snmp {
namespace {

template <typename Number>
std::optional<Number> parseNumber(std::string_view text) {
  Number out{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return out;
}

std::optional<IpAddress> parseIpAddress(std::string_view text) {
  IpAddress out;
  for (int i = 0; i < 4; ++i) {
    const std::size_t dot = i < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos) return std::nullopt;
    const auto octet = parseNumber<std::uint8_t>(text.substr(0, dot));
    if (!octet) return std::nullopt;
    out.octets[i] = *octet;
    text.remove_prefix(i < 3 ? dot + 1 : dot);
  }
  return out;
}

}  // namespace

std::optional<Value> fromSnmpValue(const identify::SnmpValue& value) {
  using identify::SnmpType;
  switch (value.type) {
    case SnmpType::kInteger: {
      const auto n = parseNumber<std::int32_t>(value.data);
      if (!n) return std::nullopt;
      return Value{Integer{*n}};
    }
    case SnmpType::kOctetString: return Value{OctetString{value.data}};
    case SnmpType::kOpaque: return Value{Opaque{value.data}};
    case SnmpType::kNull: return Value{Null{}};
    case SnmpType::kObjectId: {
      auto oid = parseOid(value.data);
      if (!oid) return std::nullopt;
      return Value{ObjectId{std::move(*oid)}};
    }
    case SnmpType::kIpAddress: {
      const auto address = parseIpAddress(value.data);
      if (!address) return std::nullopt;
      return Value{*address};
    }
    case SnmpType::kCounter32: {
      const auto n = parseNumber<std::uint32_t>(value.data);
      if (!n) return std::nullopt;
      return Value{Counter32{*n}};
    }
    case SnmpType::kGauge32: {
      const auto n = parseNumber<std::uint32_t>(value.data);
      if (!n) return std::nullopt;
      return Value{Gauge32{*n}};
    }
    case SnmpType::kTimeTicks: {
      const auto n = parseNumber<std::uint32_t>(value.data);
      if (!n) return std::nullopt;
      return Value{TimeTicks{*n}};
    }
    case SnmpType::kCounter64: {
      const auto n = parseNumber<std::uint64_t>(value.data);
      if (!n) return std::nullopt;
      return Value{Counter64{*n}};
    }
  }
  return std::nullopt;
}

std::optional<identify::SnmpValue> toSnmpValue(const Value& value) {
  using identify::SnmpType;
  using identify::SnmpValue;
  return std::visit(
      [](const auto& v) -> std::optional<SnmpValue> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Null>) return SnmpValue{SnmpType::kNull, ""};
        if constexpr (std::is_same_v<T, Integer>) {
          return SnmpValue{SnmpType::kInteger, std::to_string(v.value)};
        }
        if constexpr (std::is_same_v<T, OctetString>) {
          return SnmpValue{SnmpType::kOctetString, v.bytes};
        }
        if constexpr (std::is_same_v<T, Opaque>) return SnmpValue{SnmpType::kOpaque, v.bytes};
        if constexpr (std::is_same_v<T, ObjectId>) {
          return SnmpValue{SnmpType::kObjectId, formatOid(v.oid)};
        }
        if constexpr (std::is_same_v<T, IpAddress>) {
          return SnmpValue{SnmpType::kIpAddress,
                           std::to_string(v.octets[0]) + "." + std::to_string(v.octets[1]) + "." +
                               std::to_string(v.octets[2]) + "." + std::to_string(v.octets[3])};
        }
        if constexpr (std::is_same_v<T, Counter32>) {
          return SnmpValue{SnmpType::kCounter32, std::to_string(v.value)};
        }
        if constexpr (std::is_same_v<T, Gauge32>) {
          return SnmpValue{SnmpType::kGauge32, std::to_string(v.value)};
        }
        if constexpr (std::is_same_v<T, TimeTicks>) {
          return SnmpValue{SnmpType::kTimeTicks, std::to_string(v.value)};
        }
        if constexpr (std::is_same_v<T, Counter64>) {
          return SnmpValue{SnmpType::kCounter64, std::to_string(v.value)};
        }
        return std::nullopt;  // the v2c exceptions
      },
      value);
}

identify::OidValues toOidValues(const std::vector<VarBind>& varbinds) {
  identify::OidValues out;
  for (const VarBind& varbind : varbinds) {
    if (auto value = toSnmpValue(varbind.value)) out[formatOid(varbind.oid)] = std::move(*value);
  }
  return out;
}

}  // namespace pw::agent::snmp
