#pragma once
// Reading SNMP tables and RFC 3805 amounts out of an OID -> value map (identify::OidValues), the
// shared groundwork of the monitoring readers. Pure: no I/O, never throws on device data.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/identify/snmp_value.hpp"

namespace pw::agent::monitor {

/// One conceptual row of a table: the instance suffix after "<entry>.<column>." and the
/// values of the columns present for it.
struct TableRow {
  std::vector<std::uint32_t> index;  ///< e.g. {1, 13} for hrDeviceIndex 1, supply 13
  std::map<std::uint32_t, const identify::SnmpValue*> columns;

  /// Integer-typed value of a column (INTEGER, Counter32, Gauge32, TimeTicks, Counter64);
  /// nullopt when absent, of another type or not a number.
  [[nodiscard]] std::optional<std::int64_t> integer(std::uint32_t column) const;
  /// Display text of an OCTET STRING column (identify::cleanText); nullopt when absent.
  [[nodiscard]] std::optional<std::string> text(std::uint32_t column) const;
  /// "1.13"
  [[nodiscard]] std::string indexText() const;
};

/// The rows below `entry` (e.g. "1.3.6.1.2.1.43.11.1.1"), ordered numerically by index. OIDs
/// whose column or index arcs are not numbers are skipped.
std::vector<TableRow> tableRows(const identify::OidValues& values, std::string_view entry);

/// The number in an integer-typed value (INTEGER, Counter32, Gauge32, TimeTicks, Counter64 up
/// to 2^63 - 1); nullopt for other types or text that is not a number.
std::optional<std::int64_t> integerValue(const identify::SnmpValue& value);

/// Integer-typed value at one OID (same rules as integerValue).
std::optional<std::int64_t> integerAt(const identify::OidValues& values, const std::string& oid);

/// A capacity or level from the Printer MIB, where small negative numbers are states, not
/// amounts (RFC 3805 section 2.2.13.2 / the TCs of prtMarkerSuppliesLevel, prtInputCurrentLevel).
struct Amount {
  enum class Kind {
    kAbsent,         ///< the device did not give the object
    kValue,          ///< `value` >= 0, in the row's unit
    kOther,          ///< -1: "other"; for a capacity, "no restriction"
    kUnknown,        ///< -2: unknown
    kSomeRemaining,  ///< -3: at least one unit remains, amount not known
    kInvalid,        ///< any other negative number (`value` keeps it)
  };
  Kind kind = Kind::kAbsent;
  std::int64_t value = 0;

  static Amount from(std::optional<std::int64_t> raw);
  bool operator==(const Amount&) const = default;
};

/// "absent", "value", "other", "unknown", "some_remaining", "invalid".
std::string_view toString(Amount::Kind kind) noexcept;

/// level / max x 100, rounded half up and capped at 100; only when max > 0 and level >= 0.
/// Special values never become a percentage.
std::optional<int> percentOf(const Amount& level, const Amount& max);

/// The name of an enumerated code from a small table, or "code N" when not in it.
struct CodeName {
  std::int64_t code;
  std::string_view name;
};
std::string codeName(std::int64_t code, const std::vector<CodeName>& names);

}  // namespace pw::agent::monitor
