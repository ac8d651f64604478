#pragma once
// Vendor knowledge for printer identification, loaded from the JSON files in vendors/ (one per
// vendor, compiled into the library). Code here only validates and compiles the tables; which
// OID or pattern means what for a vendor lives in the data.
#include <cstddef>
#include <optional>
#include <regex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/embedded_file.hpp"

namespace pw::agent::identify {

struct CleanRule {
  enum class Kind { kStripPrefix, kStripSuffix, kReplace };
  Kind kind = Kind::kStripPrefix;
  std::string text;  ///< prefix or suffix; compared ASCII case-insensitively
  std::regex pattern;
  std::string replacement;  ///< for kReplace, ECMAScript format ($1 ...)
};

/// Where one identity field may come from. Tried in list order; the first source that yields a
/// non-placeholder value wins.
struct ValueSource {
  std::string oid;              ///< numeric OID; empty when sysdescr_model is set
  bool sysdescr_model = false;  ///< use the model group of the vendor's matching sysdescr pattern
  std::string strip_prefix_bytes;   ///< raw bytes removed when the value starts with them
  std::optional<std::regex> regex;  ///< extracts `group` from the cleaned text; no match = no value
  std::size_t group = 1;
  std::vector<CleanRule> clean;  ///< applied in order to the extracted text
  std::string where;             ///< "hp.json: model[1]", for diagnostics
};

struct EnterprisePrefix {
  std::string oid;
  bool printer = false;  ///< every device under this sysObjectID subtree is a printer
};

struct SysDescrPattern {
  std::regex regex;
  std::string text;             ///< the source of `regex`, for diagnostics
  std::size_t model_group = 0;  ///< 0: the pattern identifies the vendor but not the model
  bool printer = false;         ///< a match means the device is a printer
};

struct VendorProfile {
  std::string file;    ///< path relative to vendors/, e.g. "hp.json"
  std::string vendor;  ///< display name; empty only for the fallback profile
  bool fallback = false;
  std::vector<EnterprisePrefix> enterprise_prefixes;
  std::vector<SysDescrPattern> sysdescr;
  // nullopt: the file does not mention the field, so the fallback profile's sources apply.
  std::optional<std::vector<ValueSource>> model;
  std::optional<std::vector<ValueSource>> serial;
  std::optional<std::vector<ValueSource>> firmware;
};

class VendorTable {
 public:
  /// Validates and compiles every `*.json` file; other files are ignored. Throws
  /// std::invalid_argument naming the file and the field when a table is malformed.
  static VendorTable load(std::span<const pw::EmbeddedFile> files);
  /// One file; same validation and errors as load().
  static VendorProfile parseProfile(std::string_view file, std::string_view json_text);
  /// The tables compiled into the library (vendors/*.json). The first call validates them, so
  /// a broken build fails at start-up with std::invalid_argument rather than misidentifying.
  static const VendorTable& builtIn();

  /// Vendor profiles (fallback excluded), ordered by file name.
  const std::vector<VendorProfile>& vendors() const { return vendors_; }
  /// The profile used when no vendor matches; may be null.
  const VendorProfile* fallback() const { return fallback_ ? &*fallback_ : nullptr; }

 private:
  std::vector<VendorProfile> vendors_;
  std::optional<VendorProfile> fallback_;
};

/// Numeric OID for a standard object name used in the tables ("sysDescr", "hrDeviceDescr",
/// "prtGeneralSerialNumber", ...), or nullopt when the name is not known.
std::optional<std::string> standardOid(std::string_view name);

}  // namespace pw::agent::identify
