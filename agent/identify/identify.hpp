#pragma once
// Printer identification from SNMP data: pure logic over values an Agent has already read.
// Vendor knowledge comes from VendorTable (vendors/*.json); see identify.cpp for precedence.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/identify/snmp_value.hpp"
#include "agent/identify/vendor_table.hpp"

namespace pw::agent::identify {

struct DeviceIdentity {
  std::string vendor;  ///< display name from the vendor table; empty when unknown
  std::string model;   ///< without the vendor name, e.g. "LaserJet MFP M130nw"
  std::string serial;
  std::string firmware;
  std::string mac;       ///< "aa:bb:cc:dd:ee:ff", first usable ifPhysAddress by ifIndex; or empty
  std::string name;      ///< sysName
  std::string location;  ///< sysLocation
  std::string contact;   ///< sysContact
  bool is_printer = false;

  bool operator==(const DeviceIdentity&) const = default;
};

/// What a discovery sweep should read before calling Identifier::identify().
struct OidRequest {
  std::vector<std::string> get;   ///< scalar OIDs (instances) to GET; missing ones are fine
  std::vector<std::string> walk;  ///< table columns to walk (GETNEXT/GETBULK below the prefix)
};

class Identifier {
 public:
  /// Uses the vendor tables compiled into the library (throws std::invalid_argument if they are
  /// malformed, which is a build defect).
  Identifier();
  explicit Identifier(VendorTable table);

  /// Never throws on odd input: unknown, binary or missing values give empty fields.
  DeviceIdentity identify(const OidValues& values) const;

  /// Every OID any vendor table may consult, plus the standard identity objects.
  OidRequest identificationOids() const;

 private:
  VendorTable table_;
};

/// The usable MAC addresses of the device's interfaces: ifPhysAddress.N in numeric ifIndex
/// order, parsed (parseMac), each once. Empty when the device exposes none. The first one is
/// DeviceIdentity::mac.
std::vector<std::string> interfaceMacs(const OidValues& values);

/// The column interfaceMacs() reads (ifPhysAddress), to walk.
inline constexpr std::string_view kIfPhysAddressColumn = "1.3.6.1.2.1.2.2.1.6";

/// Six raw bytes, or text such as "00:1B:A9:0B:A7:52", "00-1b-a9-0b-a7-52", "001BA90BA752",
/// "0x001ba90ba752", "00 1B A9 0B A7 52", "0:1b:a9:b:a7:52", "001b.a90b.a752". Returns
/// lower-case colon form; nullopt for anything else and for all-zero / broadcast addresses.
std::optional<std::string> parseMac(std::string_view value);

/// Display text from raw octets: cut at the first NUL, bytes that are not valid UTF-8 read as
/// Latin-1, control characters as spaces, whitespace runs collapsed, trimmed.
std::string cleanText(std::string_view raw);

/// "<private>", "unknown", "n/a", "" and strings made only of 0 - * ? . are not real values.
bool isPlaceholder(std::string_view text);

}  // namespace pw::agent::identify
