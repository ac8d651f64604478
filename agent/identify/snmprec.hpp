#pragma once
// Reader for snmpsim's .snmprec recordings: one `OID|type|value` per line. Used by the
// identification tests and, later, by the printer simulator, so it keeps every problem it
// finds (with its line number) instead of silently dropping lines.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "agent/identify/snmp_value.hpp"

namespace pw::agent::identify {

struct SnmprecRecord {
  std::size_t line = 0;  ///< 1-based line number in the file
  std::string oid;       ///< normalised: dotted decimal, no leading dot
  SnmpType type = SnmpType::kOctetString;
  std::string value;  ///< decoded as described on SnmpType (hex `4x` values are decoded to bytes)
  bool hex_encoded = false;  ///< the file used the `x` (hex) form for this value

  bool operator==(const SnmprecRecord&) const = default;
};

struct SnmprecIssue {
  std::size_t line = 0;  ///< 1-based
  std::string message;   ///< says what is wrong and whether the line was dropped

  bool operator==(const SnmprecIssue&) const = default;
};

struct SnmprecFile {
  std::vector<SnmprecRecord> records;  ///< in file order, duplicates included
  std::vector<SnmprecIssue> issues;    ///< lines that were dropped, duplicate OIDs with new values

  /// Never throws on content: every malformed line becomes an issue.
  static SnmprecFile parse(std::string_view text);
  /// Throws std::runtime_error when the file cannot be read.
  static SnmprecFile load(const std::filesystem::path& path);

  /// OID -> value; for a duplicated OID the last record wins.
  OidValues values() const;
};

}  // namespace pw::agent::identify
