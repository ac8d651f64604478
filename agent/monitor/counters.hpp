#pragma once
// Page counters: prtMarkerLifeCount / PowerOnCount per marker, plus vendor counters described
// by data files (counters/*.json, one per vendor, compiled in), mapped to one normalized model
// {total, black, colour, print, copy, scan, fax, large, small} with units. Pure; see
// counters.cpp for the mapping rules and README.md for the file format.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agent/identify/snmp_value.hpp"
#include "common/core/embedded_file.hpp"

namespace pw::agent::monitor {

enum class CounterField { kTotal, kBlack, kColour, kPrint, kCopy, kScan, kFax, kLarge, kSmall };
inline constexpr std::size_t kCounterFieldCount = 9;

/// "total", "black", "colour", "print", "copy", "scan", "fax", "large", "small".
std::string_view toString(CounterField field) noexcept;
std::optional<CounterField> counterFieldFromString(std::string_view name);

/// One counter a vendor file declares.
struct CounterSpec {
  std::string oid;   ///< the instance to GET
  std::string name;  ///< label, e.g. "Full Color Copy Count"
  /// Fixed unit ("impressions", "sheets", "images"), or "" when unit_oid gives it.
  std::string unit;
  std::string unit_oid;               ///< OID of a PrtMarkerCounterUnitTC value
  std::vector<CounterField> adds_to;  ///< normalized fields this counter is summed into
};

struct CounterProfile {
  std::string file;    ///< "sharp.json"
  std::string vendor;  ///< matched case-insensitively with identify's vendor; "" for generic
  std::vector<CounterSpec> counters;
};

class CounterTable {
 public:
  /// Validates every `*.json` file. Throws std::invalid_argument("counter table <file>:
  /// <field>: <what>") for a malformed one: unknown keys, bad OIDs, unknown units or fields,
  /// one field fed by counters of different units, a second generic or duplicate vendor file.
  static CounterTable load(std::span<const pw::EmbeddedFile> files);
  /// The tables compiled into the library (counters/*.json), validated on first use.
  static const CounterTable& builtIn();

  /// The vendor's profile, or nullptr (then only the generic one applies).
  [[nodiscard]] const CounterProfile* vendor(std::string_view vendor) const;
  [[nodiscard]] const CounterProfile& generic() const { return generic_; }
  [[nodiscard]] const std::vector<CounterProfile>& vendors() const { return vendors_; }

 private:
  std::vector<CounterProfile> vendors_;
  CounterProfile generic_;
};

struct MarkerCounter {
  std::string index;  ///< "hrDeviceIndex.prtMarkerIndex"
  std::string unit;   ///< PrtMarkerCounterUnitTC name: "impressions", "sheets", ...; "" absent
  std::optional<std::uint64_t> life_count;
  std::optional<std::uint64_t> power_on_count;

  bool operator==(const MarkerCounter&) const = default;
};

/// A counter as read, with where it came from.
struct CounterValue {
  std::uint64_t value = 0;
  std::string unit;
  std::string source;  ///< "sharp.json: Full Color Total Count + ..." or "generic.json: ..."

  bool operator==(const CounterValue&) const = default;
};

/// A vendor-file counter the device answered.
struct RawCounter {
  std::string oid;
  std::string name;
  std::uint64_t value = 0;
  std::string unit;

  bool operator==(const RawCounter&) const = default;
};

struct NormalizedCounters {
  std::optional<CounterValue> total, black, colour, print, copy, scan, fax, large, small;

  std::optional<CounterValue>& operator[](CounterField field);
  const std::optional<CounterValue>& operator[](CounterField field) const;
  bool operator==(const NormalizedCounters&) const = default;
};

struct CounterReading {
  std::vector<MarkerCounter> markers;  ///< prtMarkerTable rows
  std::vector<RawCounter> vendor;      ///< the vendor file's counters present, in file order
  NormalizedCounters normalized;
  std::string profile;  ///< vendor file used ("sharp.json"), "" when only generic applied

  bool operator==(const CounterReading&) const = default;
};

/// Reads the counters with the profile of `vendor` (identify's display name; "" or unknown:
/// generic only). Values that are not non-negative numbers are left out; a negative INTEGER
/// is read as the 32-bit unsigned number it overflowed from (value + 2^32).
CounterReading readCounters(const identify::OidValues& values, std::string_view vendor,
                            const CounterTable& table = CounterTable::builtIn());

/// The OIDs readCounters() consults for `vendor` beyond the prtMarkerTable (vendor and generic
/// counter instances and their unit OIDs), without duplicates.
std::vector<std::string> counterOids(std::string_view vendor,
                                     const CounterTable& table = CounterTable::builtIn());

}  // namespace pw::agent::monitor
