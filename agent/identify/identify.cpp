// Printer identification. Precedence rules, in one place:
//
// Vendor: (1) the vendor whose enterprise prefix is the longest match for sysObjectID; on a tie
//   (an OEM brand sharing its maker's prefix) the vendor whose sysdescr pattern also matches
//   wins, then the first file by name. (2) Without a prefix match, the first vendor (by file
//   name) with a sysdescr pattern matching sysDescr, then one matching hrDeviceDescr.1 (for
//   print servers with a generic sysDescr). (3) Otherwise the fallback profile, vendor empty.
//
// Model / serial / firmware: the matched vendor's source list for the field, in file order; a
//   vendor file that does not mention a field uses the fallback profile's list. The first source
//   yielding a non-placeholder value wins. Serial: the vendor files list the Printer-MIB
//   prtGeneralSerialNumber.1 first and the vendor OID second, because the standard object is
//   the one a printer is required to keep accurate; the vendor OID is consulted only when the
//   standard one is absent, empty or a placeholder (Brother HL-5370DW and Kyocera FS-1028MFP
//   recordings have no Printer-MIB serial at all; where both exist they agree).
//
// Value handling: vendor byte rules (HP's `01 15` prefix) run on the raw octets, then
//   cleanText() makes display text (NUL cut, Latin-1 for invalid UTF-8, controls to spaces,
//   whitespace collapsed), then the source's regex extracts a group, then the clean rules run,
//   then placeholders ("<private>", "unknown", all-zero ...) count as absent.
//
// MAC: ifPhysAddress.N in numeric ifIndex order; the first value that parses as a 6-byte
//   address that is neither all-zero nor broadcast.
//
// is_printer: a matched prefix or sysdescr pattern marked "printer", or hrDeviceType.1 =
//   hrDevicePrinter, or any value under the Printer-MIB (43) or hrPrinterTable (25.3.5).
#include "agent/identify/identify.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <set>
#include <utility>

namespace pw::agent::identify {

namespace {

constexpr std::string_view kSysDescr = "1.3.6.1.2.1.1.1.0";
constexpr std::string_view kSysObjectId = "1.3.6.1.2.1.1.2.0";
constexpr std::string_view kSysContact = "1.3.6.1.2.1.1.4.0";
constexpr std::string_view kSysName = "1.3.6.1.2.1.1.5.0";
constexpr std::string_view kSysLocation = "1.3.6.1.2.1.1.6.0";
constexpr std::string_view kHrDeviceType = "1.3.6.1.2.1.25.3.2.1.2.1";
constexpr std::string_view kHrDeviceDescr = "1.3.6.1.2.1.25.3.2.1.3.1";
constexpr std::string_view kPrtGeneralSerialNumber = "1.3.6.1.2.1.43.5.1.1.17.1";
constexpr std::string_view kHrDevicePrinter = "1.3.6.1.2.1.25.3.1.5";
constexpr std::string_view kPrinterMib = "1.3.6.1.2.1.43";
constexpr std::string_view kHrPrinterTable = "1.3.6.1.2.1.25.3.5";

// libstdc++'s regex executor recurses per character; capping the input keeps a hostile or
// corrupted value from exhausting the stack. Identity strings are far shorter than this.
constexpr std::size_t kMaxRegexInput = 2048;

constexpr std::string_view kPlaceholders[] = {
    "<private>", "private", "unknown",       "n/a",     "na",        "none",
    "null",      "(null)",  "not available", "not set", "undefined", "unspecified",
};

char asciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool startsWithIcase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (asciiLower(text[i]) != asciiLower(prefix[i])) return false;
  }
  return true;
}

bool endsWithIcase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         startsWithIcase(text.substr(text.size() - suffix.size()), suffix);
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(' ');
  return std::string(text.substr(first, last - first + 1));
}

// Length of the valid UTF-8 sequence starting at `i`, or 0 if the bytes there are not one.
std::size_t utf8SequenceLength(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  std::uint32_t min = 0;
  std::uint32_t code = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2, min = 0x80, code = lead & 0x1fu;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3, min = 0x800, code = lead & 0x0fu;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4, min = 0x10000, code = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3fu);
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return length;
}

std::optional<std::string> regexExtract(const std::regex& regex, std::string_view text,
                                        std::size_t group) {
  const std::string input(text.substr(0, kMaxRegexInput));
  try {
    std::smatch match;
    if (!std::regex_search(input, match, regex)) return std::nullopt;
    if (group >= match.size() || !match[group].matched) return std::nullopt;
    return match[group].str();
  } catch (const std::exception&) {
    // std::regex_error (complexity/stack) on odd input means "no match", never a crash.
    return std::nullopt;
  }
}

bool regexMatches(const std::regex& regex, std::string_view text) {
  if (text.empty()) return false;
  const std::string input(text.substr(0, kMaxRegexInput));
  try {
    return std::regex_search(input, regex);
  } catch (const std::exception&) {
    return false;
  }
}

std::string applyCleanRules(std::string text, const std::vector<CleanRule>& rules) {
  for (const auto& rule : rules) {
    switch (rule.kind) {
      case CleanRule::Kind::kStripPrefix:
        if (startsWithIcase(text, rule.text)) text.erase(0, rule.text.size());
        break;
      case CleanRule::Kind::kStripSuffix:
        if (endsWithIcase(text, rule.text)) text.erase(text.size() - rule.text.size());
        break;
      case CleanRule::Kind::kReplace:
        if (text.size() <= kMaxRegexInput) {
          try {
            text = std::regex_replace(text, rule.pattern, rule.replacement);
          } catch (const std::exception&) {
            // Leave the text as it was; the rule simply did not apply.
          }
        }
        break;
    }
    text = trimmed(text);
  }
  return text;
}

class Lookup {
 public:
  explicit Lookup(const OidValues& values) {
    // The Agent may hand over OIDs with a leading dot; normalise once so lookups are exact.
    bool normalised = true;
    for (const auto& entry : values) {
      if (entry.first.empty() || entry.first.front() == '.' || entry.first.front() == ' ') {
        normalised = false;
        break;
      }
    }
    if (normalised) {
      values_ = &values;
    } else {
      for (const auto& [oid, value] : values) own_.emplace(normalizeOid(oid), value);
      values_ = &own_;
    }
  }

  const SnmpValue* find(std::string_view oid) const {
    const auto it = values_->find(std::string(oid));
    return it == values_->end() ? nullptr : &it->second;
  }

  std::string raw(std::string_view oid) const {
    const SnmpValue* value = find(oid);
    return value && value->type != SnmpType::kNull ? value->data : std::string();
  }

  std::string text(std::string_view oid) const {
    std::string out = cleanText(raw(oid));
    return isPlaceholder(out) ? std::string() : out;
  }

  bool hasBelow(std::string_view prefix) const {
    const std::string start = std::string(prefix) + ".";
    const auto it = values_->lower_bound(start);
    return it != values_->end() && it->first.compare(0, start.size(), start) == 0;
  }

  // Values directly below `column` whose last arc is a number, in numeric order.
  std::vector<const SnmpValue*> column(std::string_view column_oid) const {
    const std::string start = std::string(column_oid) + ".";
    std::vector<std::pair<std::uint64_t, const SnmpValue*>> rows;
    for (auto it = values_->lower_bound(start);
         it != values_->end() && it->first.compare(0, start.size(), start) == 0; ++it) {
      const std::string_view index = std::string_view(it->first).substr(start.size());
      std::uint64_t number = 0;
      const auto [ptr, ec] = std::from_chars(index.data(), index.data() + index.size(), number);
      if (ec == std::errc() && ptr == index.data() + index.size()) {
        rows.emplace_back(number, &it->second);
      }
    }
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const SnmpValue*> out;
    for (const auto& row : rows) out.push_back(row.second);
    return out;
  }

 private:
  const OidValues* values_ = nullptr;
  OidValues own_;
};

struct VendorMatch {
  const VendorProfile* profile = nullptr;
  bool printer = false;
  std::string sysdescr_model;
};

// Pattern that matches `text` among the profile's sysdescr patterns, or null.
const SysDescrPattern* firstMatchingPattern(const VendorProfile& profile, std::string_view text) {
  for (const auto& pattern : profile.sysdescr) {
    if (regexMatches(pattern.regex, text)) return &pattern;
  }
  return nullptr;
}

VendorMatch matchVendor(const VendorTable& table, std::string_view sys_object_id,
                        std::string_view sys_descr, std::string_view hr_descr) {
  VendorMatch result;
  std::size_t best_length = 0;
  bool best_descr = false;
  bool best_printer = false;
  if (isValidOid(sys_object_id)) {
    for (const auto& profile : table.vendors()) {
      std::size_t length = 0;
      bool printer = false;
      for (const auto& prefix : profile.enterprise_prefixes) {
        // Prefixes that match the same OID are nested, so the longer string is the deeper one.
        if (oidHasPrefix(sys_object_id, prefix.oid) && prefix.oid.size() > length) {
          length = prefix.oid.size();
          printer = prefix.printer;
        }
      }
      if (length == 0) continue;
      const bool descr = firstMatchingPattern(profile, sys_descr) != nullptr;
      if (length > best_length || (length == best_length && descr && !best_descr)) {
        result.profile = &profile;
        best_length = length;
        best_descr = descr;
        best_printer = printer;
      }
    }
  }
  result.printer = best_printer;
  if (!result.profile) {
    for (const std::string_view text : {sys_descr, hr_descr}) {
      for (const auto& profile : table.vendors()) {
        if (firstMatchingPattern(profile, text)) {
          result.profile = &profile;
          break;
        }
      }
      if (result.profile) break;
    }
  }
  if (!result.profile) return result;

  for (const std::string_view text : {sys_descr, hr_descr}) {
    for (const auto& pattern : result.profile->sysdescr) {
      if (!regexMatches(pattern.regex, text)) continue;
      result.printer = result.printer || pattern.printer;
      if (pattern.model_group > 0 && result.sysdescr_model.empty()) {
        const auto model = regexExtract(pattern.regex, text, pattern.model_group);
        if (model) {
          std::string cleaned = cleanText(*model);
          if (!isPlaceholder(cleaned)) result.sysdescr_model = std::move(cleaned);
        }
      }
    }
  }
  return result;
}

std::string evaluate(const ValueSource& source, const Lookup& lookup, const VendorMatch& match) {
  std::string text;
  if (source.sysdescr_model) {
    text = match.sysdescr_model;
  } else {
    std::string raw = lookup.raw(source.oid);
    if (!source.strip_prefix_bytes.empty() && raw.starts_with(source.strip_prefix_bytes)) {
      raw.erase(0, source.strip_prefix_bytes.size());
    }
    text = cleanText(raw);
  }
  if (text.empty()) return {};
  if (source.regex) {
    auto group = regexExtract(*source.regex, text, source.group);
    if (!group) return {};
    text = cleanText(*group);
  }
  text = applyCleanRules(std::move(text), source.clean);
  return isPlaceholder(text) ? std::string() : text;
}

std::string firstValue(const std::optional<std::vector<ValueSource>>& own,
                       const VendorProfile* fallback,
                       std::optional<std::vector<ValueSource>> VendorProfile::*field,
                       const Lookup& lookup, const VendorMatch& match) {
  const std::vector<ValueSource>* sources = nullptr;
  if (own) {
    sources = &*own;
  } else if (fallback && (fallback->*field)) {
    sources = &*(fallback->*field);
  }
  if (!sources) return {};
  for (const auto& source : *sources) {
    std::string value = evaluate(source, lookup, match);
    if (!value.empty()) return value;
  }
  return {};
}

}  // namespace

std::string cleanText(std::string_view raw) {
  if (const auto nul = raw.find('\0'); nul != std::string_view::npos) raw = raw.substr(0, nul);
  std::string out;
  out.reserve(raw.size());
  bool pending_space = false;
  const auto put = [&](std::string_view bytes) {
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += bytes;
  };
  for (std::size_t i = 0; i < raw.size();) {
    const auto byte = static_cast<unsigned char>(raw[i]);
    if (byte < 0x20 || byte == 0x7f || byte == ' ') {
      pending_space = true;
      ++i;
      continue;
    }
    const std::size_t length = utf8SequenceLength(raw, i);
    if (length > 0) {
      put(raw.substr(i, length));
      i += length;
      continue;
    }
    // Not UTF-8: most printers that send such bytes use Latin-1 (or a Windows code page).
    const char latin1[2] = {static_cast<char>(0xc0 | (byte >> 6)),
                            static_cast<char>(0x80 | (byte & 0x3f))};
    put(std::string_view(latin1, 2));
    ++i;
  }
  return out;
}

bool isPlaceholder(std::string_view text) {
  if (text.empty()) return true;
  std::string lower;
  for (const char c : text) lower += asciiLower(c);
  for (const auto placeholder : kPlaceholders) {
    if (lower == placeholder) return true;
  }
  return lower.find_first_not_of("0-*?. ") == std::string::npos;
}

std::optional<std::string> parseMac(std::string_view value) {
  std::string bytes;
  if (value.size() == 6) {
    bytes = std::string(value);
  } else {
    std::string text = cleanText(value);
    if (startsWithIcase(text, "0x")) text.erase(0, 2);
    std::vector<std::string> groups(1);
    for (const char c : text) {
      if (c == ':' || c == '-' || c == ' ' || c == '.') {
        groups.emplace_back();
      } else if (std::isxdigit(static_cast<unsigned char>(c))) {
        groups.back() += c;
      } else {
        return std::nullopt;
      }
    }
    std::string hex;
    if (groups.size() == 6) {
      for (const auto& group : groups) {
        if (group.empty() || group.size() > 2) return std::nullopt;
        hex += group.size() == 1 ? "0" + group : group;
      }
    } else if (groups.size() == 3 || groups.size() == 1) {
      for (const auto& group : groups) {
        if (group.size() != 12 / groups.size()) return std::nullopt;
        hex += group;
      }
    } else {
      return std::nullopt;
    }
    for (std::size_t i = 0; i < hex.size(); i += 2) {
      bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
  }
  const bool all_zero = bytes.find_first_not_of('\0') == std::string::npos;
  const bool broadcast = bytes.find_first_not_of('\xff') == std::string::npos;
  if (all_zero || broadcast) return std::nullopt;
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (!out.empty()) out += ':';
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0x0f];
  }
  return out;
}

std::vector<std::string> interfaceMacs(const OidValues& values) {
  const Lookup lookup(values);
  std::vector<std::string> out;
  for (const SnmpValue* value : lookup.column(kIfPhysAddressColumn)) {
    if (value->type != SnmpType::kOctetString) continue;
    auto mac = parseMac(value->data);
    if (mac && std::find(out.begin(), out.end(), *mac) == out.end()) out.push_back(std::move(*mac));
  }
  return out;
}

Identifier::Identifier() : table_(VendorTable::builtIn()) {}

Identifier::Identifier(VendorTable table) : table_(std::move(table)) {}

DeviceIdentity Identifier::identify(const OidValues& values) const {
  const Lookup lookup(values);
  DeviceIdentity identity;
  identity.name = lookup.text(kSysName);
  identity.location = lookup.text(kSysLocation);
  identity.contact = lookup.text(kSysContact);

  const std::string sys_object_id = normalizeOid(cleanText(lookup.raw(kSysObjectId)));
  const std::string sys_descr = lookup.text(kSysDescr);
  const std::string hr_descr = lookup.text(kHrDeviceDescr);
  const VendorMatch match = matchVendor(table_, sys_object_id, sys_descr, hr_descr);
  const VendorProfile* fallback = table_.fallback();
  const VendorProfile* profile = match.profile ? match.profile : fallback;
  if (match.profile) identity.vendor = match.profile->vendor;
  if (profile) {
    identity.model = firstValue(profile->model, fallback, &VendorProfile::model, lookup, match);
    identity.serial = firstValue(profile->serial, fallback, &VendorProfile::serial, lookup, match);
    identity.firmware =
        firstValue(profile->firmware, fallback, &VendorProfile::firmware, lookup, match);
  }

  if (auto macs = interfaceMacs(values); !macs.empty()) identity.mac = std::move(macs.front());

  const std::string device_type = normalizeOid(cleanText(lookup.raw(kHrDeviceType)));
  identity.is_printer = match.printer || device_type == kHrDevicePrinter ||
                        lookup.hasBelow(kPrinterMib) || lookup.hasBelow(kHrPrinterTable);
  return identity;
}

OidRequest Identifier::identificationOids() const {
  OidRequest request;
  std::set<std::string> seen;
  const auto add = [&](std::string_view oid) {
    if (!oid.empty() && seen.emplace(oid).second) request.get.emplace_back(oid);
  };
  for (const auto oid : {kSysDescr, kSysObjectId, kSysName, kSysLocation, kSysContact,
                         kHrDeviceType, kHrDeviceDescr, kPrtGeneralSerialNumber}) {
    add(oid);
  }
  const auto add_profile = [&](const VendorProfile& profile) {
    for (const auto* field : {&profile.model, &profile.serial, &profile.firmware}) {
      if (!*field) continue;
      for (const auto& source : **field) add(source.oid);
    }
  };
  if (const VendorProfile* fallback = table_.fallback()) add_profile(*fallback);
  for (const auto& profile : table_.vendors()) add_profile(profile);
  request.walk.emplace_back(kIfPhysAddressColumn);
  return request;
}

}  // namespace pw::agent::identify
