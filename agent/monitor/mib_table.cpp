#include "agent/monitor/mib_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "agent/identify/identify.hpp"

namespace pw::agent::monitor {

using identify::SnmpType;

std::optional<std::int64_t> integerValue(const identify::SnmpValue& value) {
  switch (value.type) {
    case SnmpType::kInteger:
    case SnmpType::kCounter32:
    case SnmpType::kGauge32:
    case SnmpType::kTimeTicks:
    case SnmpType::kCounter64: break;
    default: return std::nullopt;
  }
  std::int64_t out = 0;
  const char* begin = value.data.data();
  const char* end = begin + value.data.size();
  const auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return out;
}

namespace {

// "11.1.13" -> {11, 1, 13}; nullopt when an arc is not a number.
std::optional<std::vector<std::uint32_t>> parseArcs(std::string_view text) {
  std::vector<std::uint32_t> arcs;
  while (!text.empty()) {
    const auto dot = text.find('.');
    const std::string_view arc = text.substr(0, dot);
    std::uint32_t number = 0;
    const auto [ptr, ec] = std::from_chars(arc.data(), arc.data() + arc.size(), number);
    if (arc.empty() || ec != std::errc() || ptr != arc.data() + arc.size()) return std::nullopt;
    arcs.push_back(number);
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  return arcs;
}

}  // namespace

std::optional<std::int64_t> TableRow::integer(std::uint32_t column) const {
  const auto it = columns.find(column);
  if (it == columns.end()) return std::nullopt;
  return integerValue(*it->second);
}

std::optional<std::string> TableRow::text(std::uint32_t column) const {
  const auto it = columns.find(column);
  if (it == columns.end() || it->second->type != SnmpType::kOctetString) return std::nullopt;
  return identify::cleanText(it->second->data);
}

std::string TableRow::indexText() const {
  std::string out;
  for (const std::uint32_t arc : index) {
    if (!out.empty()) out += '.';
    out += std::to_string(arc);
  }
  return out;
}

std::vector<TableRow> tableRows(const identify::OidValues& values, std::string_view entry) {
  const std::string prefix = std::string(entry) + ".";
  // Every OID below `entry` shares the text prefix, so they are contiguous in the string map.
  std::map<std::vector<std::uint32_t>, TableRow> rows;
  for (auto it = values.lower_bound(prefix); it != values.end(); ++it) {
    const std::string& oid = it->first;
    if (oid.compare(0, prefix.size(), prefix) != 0) break;
    auto arcs = parseArcs(std::string_view(oid).substr(prefix.size()));
    if (!arcs || arcs->size() < 2) continue;
    const std::uint32_t column = arcs->front();
    std::vector<std::uint32_t> index(arcs->begin() + 1, arcs->end());
    TableRow& row = rows[index];
    row.index = std::move(index);
    row.columns[column] = &it->second;
  }
  std::vector<TableRow> out;
  out.reserve(rows.size());
  for (auto& [index, row] : rows) out.push_back(std::move(row));
  return out;
}

std::optional<std::int64_t> integerAt(const identify::OidValues& values, const std::string& oid) {
  const auto it = values.find(oid);
  if (it == values.end()) return std::nullopt;
  return integerValue(it->second);
}

Amount Amount::from(std::optional<std::int64_t> raw) {
  if (!raw) return {};
  switch (*raw) {
    case -1: return {Kind::kOther, -1};
    case -2: return {Kind::kUnknown, -2};
    case -3: return {Kind::kSomeRemaining, -3};
    default: return {*raw >= 0 ? Kind::kValue : Kind::kInvalid, *raw};
  }
}

std::string_view toString(Amount::Kind kind) noexcept {
  switch (kind) {
    case Amount::Kind::kAbsent: return "absent";
    case Amount::Kind::kValue: return "value";
    case Amount::Kind::kOther: return "other";
    case Amount::Kind::kUnknown: return "unknown";
    case Amount::Kind::kSomeRemaining: return "some_remaining";
    case Amount::Kind::kInvalid: return "invalid";
  }
  return "invalid";
}

std::optional<int> percentOf(const Amount& level, const Amount& max) {
  if (level.kind != Amount::Kind::kValue || max.kind != Amount::Kind::kValue || max.value <= 0) {
    return std::nullopt;
  }
  // Half up in integers: (2 * 100 * level + max) / (2 * max). Values come from devices, so a
  // level above the capacity is capped rather than shown as 140 %.
  const std::int64_t level_value = std::min(level.value, max.value);
  constexpr std::int64_t kExact = std::int64_t{1} << 50;  // 200 * max stays far below 2^63
  if (max.value < kExact) {
    return static_cast<int>((200 * level_value + max.value) / (2 * max.value));
  }
  const long double ratio = static_cast<long double>(level_value) * 100 / max.value;
  return static_cast<int>(std::floor(ratio + 0.5L));
}

std::string codeName(std::int64_t code, const std::vector<CodeName>& names) {
  const auto it = std::find_if(names.begin(), names.end(),
                               [code](const CodeName& entry) { return entry.code == code; });
  if (it != names.end()) return std::string(it->name);
  return "code " + std::to_string(code);
}

}  // namespace pw::agent::monitor
