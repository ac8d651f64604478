#include "agent/identify/snmprec.hpp"

#include <charconv>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <stdexcept>

#include "common/core/hex.hpp"

namespace pw::agent::identify {

namespace {

struct TypeCode {
  std::string_view code;
  SnmpType type;
};

// snmpsim's numeric tags are the BER tag numbers of the SNMP types.
constexpr TypeCode kTypeCodes[] = {
    {"2", SnmpType::kInteger},    {"4", SnmpType::kOctetString}, {"5", SnmpType::kNull},
    {"6", SnmpType::kObjectId},   {"64", SnmpType::kIpAddress},  {"65", SnmpType::kCounter32},
    {"66", SnmpType::kGauge32},   {"67", SnmpType::kTimeTicks},  {"68", SnmpType::kOpaque},
    {"70", SnmpType::kCounter64},
};

std::optional<SnmpType> typeFromCode(std::string_view code) {
  for (const auto& entry : kTypeCodes) {
    if (entry.code == code) return entry.type;
  }
  return std::nullopt;
}

template <typename T>
std::optional<T> parseNumber(std::string_view text) {
  T value{};
  if (text.empty()) return std::nullopt;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<std::string> parseIpAddress(std::string_view text, bool hex) {
  if (hex) {
    const auto bytes = pw::hexDecode(text);
    if (!bytes || bytes->size() != 4) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < 4; ++i) {
      if (i) out += '.';
      out += std::to_string(static_cast<unsigned char>((*bytes)[i]));
    }
    return out;
  }
  std::size_t parts = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    const auto part = text.substr(start, dot == std::string_view::npos ? text.npos : dot - start);
    const auto number = parseNumber<unsigned>(part);
    if (!number || *number > 255 || part.size() > 3) return std::nullopt;
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts != 4) return std::nullopt;
  return std::string(text);
}

// Checks one value against its type. Returns the decoded value or an error message.
struct Decoded {
  std::optional<std::string> value;
  std::string error;
};

Decoded decodeValue(SnmpType type, bool hex, std::string_view text) {
  switch (type) {
    case SnmpType::kOctetString:
    case SnmpType::kOpaque: {
      if (!hex) return {std::string(text), {}};
      auto bytes = pw::hexDecode(text);
      if (!bytes) return {std::nullopt, "invalid hex string (odd length or non-hex character)"};
      return {std::move(bytes), {}};
    }
    case SnmpType::kIpAddress: {
      auto ip = parseIpAddress(text, hex);
      if (!ip) return {std::nullopt, "invalid IpAddress value"};
      return {std::move(ip), {}};
    }
    default: break;
  }
  if (hex) return {std::nullopt, "hex ('x') encoding is only supported for string-like types"};
  switch (type) {
    case SnmpType::kInteger:
      if (!parseNumber<std::int32_t>(text)) return {std::nullopt, "invalid Integer32 value"};
      return {std::string(text), {}};
    case SnmpType::kCounter32:
    case SnmpType::kGauge32:
    case SnmpType::kTimeTicks:
      if (!parseNumber<std::uint32_t>(text)) {
        return {std::nullopt, std::string("invalid ") + snmpTypeName(type) + " value"};
      }
      return {std::string(text), {}};
    case SnmpType::kCounter64:
      if (!parseNumber<std::uint64_t>(text)) return {std::nullopt, "invalid Counter64 value"};
      return {std::string(text), {}};
    case SnmpType::kObjectId: {
      const std::string oid = normalizeOid(text);
      if (!isValidOid(oid)) return {std::nullopt, "invalid OBJECT IDENTIFIER value"};
      return {oid, {}};
    }
    case SnmpType::kNull:
      // snmpsim writes NULL as `5|`; a value after it carries no meaning, so it is ignored.
      return {std::string(), {}};
    default: return {std::nullopt, "unsupported type"};
  }
}

std::string quoted(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::string out = "'";
  for (const char c : text.substr(0, kMax)) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte < 0x20 || byte >= 0x7f) ? '?' : c;
  }
  if (text.size() > kMax) out += "...";
  return out + "'";
}

}  // namespace

SnmprecFile SnmprecFile::parse(std::string_view text) {
  SnmprecFile file;
  std::map<std::string, std::size_t> first_index;  // OID -> index into records
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t newline = text.find('\n', start);
    std::string_view line =
        text.substr(start, newline == std::string_view::npos ? text.npos : newline - start);
    start = newline == std::string_view::npos ? text.size() : newline + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (line.front() == '#') continue;

    const auto issue = [&](std::string message) {
      file.issues.push_back({line_number, std::move(message) + "; line dropped"});
    };
    const std::size_t bar1 = line.find('|');
    const std::size_t bar2 = bar1 == std::string_view::npos ? bar1 : line.find('|', bar1 + 1);
    if (bar2 == std::string_view::npos) {
      issue("expected OID|type|value, got " + quoted(line));
      continue;
    }
    const std::string oid = normalizeOid(line.substr(0, bar1));
    if (!isValidOid(oid)) {
      issue("invalid OID " + quoted(line.substr(0, bar1)));
      continue;
    }
    std::string_view type_code = line.substr(bar1 + 1, bar2 - bar1 - 1);
    const bool hex = !type_code.empty() && (type_code.back() == 'x' || type_code.back() == 'X');
    if (hex) type_code.remove_suffix(1);
    const auto type = typeFromCode(type_code);
    if (!type) {
      issue("unsupported type tag " + quoted(line.substr(bar1 + 1, bar2 - bar1 - 1)) + " for OID " +
            oid);
      continue;
    }
    const std::string_view raw_value = line.substr(bar2 + 1);
    Decoded decoded = decodeValue(*type, hex, raw_value);
    if (!decoded.value) {
      issue(decoded.error + " " + quoted(raw_value) + " for OID " + oid);
      continue;
    }
    SnmprecRecord record{line_number, oid, *type, std::move(*decoded.value), hex};
    if (const auto it = first_index.find(oid); it != first_index.end()) {
      const SnmprecRecord& first = file.records[it->second];
      if (first.type != record.type || first.value != record.value) {
        file.issues.push_back({line_number, "duplicate OID " + oid + " (first at line " +
                                                std::to_string(first.line) +
                                                ") with a different value; this line wins"});
      }
    } else {
      first_index.emplace(oid, file.records.size());
    }
    file.records.push_back(std::move(record));
  }
  return file;
}

SnmprecFile SnmprecFile::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read snmprec file " + path.string());
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("error reading snmprec file " + path.string());
  return parse(text);
}

OidValues SnmprecFile::values() const {
  OidValues out;
  for (const auto& record : records) out[record.oid] = SnmpValue{record.type, record.value};
  return out;
}

}  // namespace pw::agent::identify
