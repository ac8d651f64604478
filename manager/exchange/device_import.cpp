#include <algorithm>
#include <charconv>
#include <map>
#include <string>

#include "manager/exchange/device_exchange.hpp"
#include "manager/exchange/device_fields.hpp"
#include "manager/exchange/raw_table.hpp"
#include "manager/exchange/text_util.hpp"

namespace pw::manager::exchange {

using namespace detail;

namespace {

constexpr std::string_view kZipMagic = "PK\x03\x04";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::size_t kMaxQuotedChars = 64;

bool isTrigger(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Values echoed in messages are shortened so one bad cell cannot flood the report.
std::string quoted(std::string_view value) {
  // Appended, not concatenated: GCC 12 -O3 reports a false -Wrestrict on "\"" + std::string.
  std::string shown(1, '"');
  if (value.size() <= kMaxQuotedChars) {
    shown.append(value);
  } else {
    std::size_t cut = kMaxQuotedChars;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    shown.append(value.substr(0, cut)).append("...");
  }
  shown.push_back('"');
  return shown;
}

bool isHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::optional<std::string> normalizeMac(std::string_view text) {
  std::string hex;
  if (text.size() == 17) {
    const char separator = text[2];
    if (separator != ':' && separator != '-') return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (i % 3 == 2) {
        if (text[i] != separator) return std::nullopt;
      } else {
        hex += text[i];
      }
    }
  } else if (text.size() == 12) {
    hex = text;
  } else {
    return std::nullopt;
  }
  for (char c : hex) {
    if (!isHex(c)) return std::nullopt;
  }
  hex = toLowerAscii(hex);
  std::string out;
  for (std::size_t i = 0; i < 12; i += 2) {
    if (!out.empty()) out += ':';
    out.append(hex, i, 2);
  }
  return out;
}

// Dotted quad only: no shortened forms ("10.1"), no leading zeros (read as octal by some
// tools), no spaces.
bool isDottedQuad(std::string_view text) {
  int parts = 0;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dot = text.find('.', pos);
    const std::string_view part =
        text.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
    for (char c : part) {
      if (c < '0' || c > '9') return false;  // from_chars alone would take a sign
    }
    int value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || end != part.data() + part.size() || value > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  return parts == 4;
}

bool isHttpUrl(std::string_view text) {
  const std::string lower = toLowerAscii(text);
  std::size_t rest = 0;
  if (lower.starts_with("http://")) {
    rest = 7;
  } else if (lower.starts_with("https://")) {
    rest = 8;
  } else {
    return false;
  }
  if (text.find_first_of(" \"<>\\^`{|}") != std::string_view::npos) return false;
  const std::size_t host_end = text.find_first_of("/?#", rest);
  const std::string_view authority = text.substr(
      rest, host_end == std::string_view::npos ? std::string_view::npos : host_end - rest);
  const std::size_t at = authority.rfind('@');
  const std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
  return !host.empty() && host[0] != ':';
}

struct Decoded {
  std::string text;
  std::optional<RowError> error;
};

// CSV/TXT bytes -> UTF-8 text without BOM.
Decoded decodeText(std::string_view bytes) {
  Decoded decoded;
  if (bytes.starts_with(kUtf8Bom)) {
    bytes.remove_prefix(kUtf8Bom.size());
  } else if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    const bool big_endian = bytes[0] == '\xFE';
    auto converted = utf16ToUtf8(bytes.substr(2), big_endian);
    if (converted.bad_byte) {
      decoded.error = RowError{converted.bad_line, "",
                               std::string("invalid UTF-16") + (big_endian ? "BE" : "LE") +
                                   " at byte " + std::to_string(*converted.bad_byte + 2) +
                                   " (an unpaired surrogate or odd length)"};
      return decoded;
    }
    decoded.text = std::move(converted.utf8);
    return decoded;
  }
  int line = 1;
  for (std::size_t pos = 0; pos < bytes.size();) {
    char32_t cp = 0;
    const std::size_t length = decodeUtf8(bytes, pos, cp);
    if (length == 0) {
      decoded.error =
          RowError{line, "",
                   "the file is not UTF-8 (invalid byte at offset " + std::to_string(pos) +
                       "); save it as \"CSV UTF-8\" or Unicode text"};
      return decoded;
    }
    if (cp == '\n') ++line;
    pos += length;
  }
  decoded.text = std::string(bytes);
  return decoded;
}

class Validator {
 public:
  explicit Validator(ImportResult& result) : result_(result) {}

  // Maps header cells to template columns; false when the header is unusable.
  bool readHeader(const RawRecord& header) {
    header_line_ = header.line;
    column_of_cell_.assign(header.cells.size(), kUnmapped);
    std::array<std::optional<std::size_t>, kTemplateColumns.size()> seen;
    for (std::size_t cell = 0; cell < header.cells.size(); ++cell) {
      const std::string_view name = trimSpaces(header.cells[cell]);
      if (name.empty()) continue;
      std::size_t column = kUnmapped;
      for (std::size_t i = 0; i < kTemplateColumns.size(); ++i) {
        if (equalsIgnoreCase(name, kTemplateColumns[i])) column = i;
      }
      if (column == kUnmapped) {
        result_.warnings.push_back(
            {header_line_, std::string(name), "unknown column " + quoted(name) + " is ignored"});
        column_of_cell_[cell] = kIgnored;
        continue;
      }
      if (seen[column]) {
        result_.errors.push_back({header_line_, std::string(kTemplateColumns[column]),
                                  "the column appears more than once (columns " +
                                      std::to_string(*seen[column] + 1) + " and " +
                                      std::to_string(cell + 1) + ")"});
        continue;
      }
      seen[column] = cell;
      column_of_cell_[cell] = column;
    }
    for (std::size_t i = 0; i < kRequiredColumnCount; ++i) {
      if (!seen[i]) {
        result_.errors.push_back(
            {header_line_, std::string(kTemplateColumns[i]), "the required column is missing"});
      }
    }
    return result_.errors.empty();
  }

  void readRow(const RawRecord& record) {
    DeviceRow row;
    row.line = record.line;
    std::array<std::string_view, kTemplateColumns.size()> raw{};
    for (std::size_t cell = 0; cell < record.cells.size(); ++cell) {
      const std::size_t column = cell < column_of_cell_.size() ? column_of_cell_[cell] : kUnmapped;
      if (column == kIgnored) continue;
      if (column == kUnmapped) {
        if (!trimSpaces(record.cells[cell]).empty()) {
          error(row.line, "",
                "column " + std::to_string(cell + 1) +
                    " has a value but no column name in the header");
        }
        continue;
      }
      raw[column] = record.cells[cell];
    }
    for (std::size_t column = 0; column < kTemplateColumns.size(); ++column) {
      row.*kDeviceFields[column] = checkValue(row.line, column, raw[column]);
    }
    result_.rows.push_back(std::move(row));
  }

 private:
  static constexpr std::size_t kUnmapped = static_cast<std::size_t>(-1);
  static constexpr std::size_t kIgnored = static_cast<std::size_t>(-2);

  void error(int line, std::string_view column, std::string message) {
    result_.errors.push_back({line, std::string(column), std::move(message)});
  }

  std::string checkValue(int line, std::size_t column, std::string_view raw) {
    const std::string_view name = kTemplateColumns[column];
    const std::string_view trimmed = trimSpaces(raw);
    const Utf8Scan scan = scanUtf8(trimmed);
    if (!scan.valid) {
      error(line, name, "the value is not valid UTF-8");
      return {};
    }
    if (scan.has_control) {
      error(line, name, "the value contains a control character (tab, line break or similar)");
      return {};
    }
    std::string value = restoreNeutralized(trimmed);
    if (scanUtf8(value).code_points > kMaxFieldChars) {
      error(line, name,
            "the value is longer than " + std::to_string(kMaxFieldChars) + " characters");
      return {};
    }
    if (value.empty()) {
      if (column < kRequiredColumnCount) error(line, name, "a value is required");
      return value;
    }
    switch (column) {
      case kStateColumn:
        if (!equalsIgnoreCase(value, "Managed")) {
          error(line, name, quoted(value) + " is not allowed; the state must be \"Managed\"");
          return value;
        }
        return "Managed";
      case kPhysicalAddressColumn: {
        auto mac = normalizeMac(value);
        if (!mac) {
          error(line, name, quoted(value) + " is not a MAC address");
          return value;
        }
        const auto [it, inserted] = mac_lines_.emplace(*mac, line);
        if (!inserted) {
          error(line, name,
                quoted(*mac) + " appears on lines " + std::to_string(it->second) + " and " +
                    std::to_string(line));
        }
        return *mac;
      }
      case kIpAddressColumn:
        if (!isDottedQuad(value)) {
          error(line, name, quoted(value) + " is not an IPv4 address in dotted-quad form");
        }
        return value;
      case kLinkUrlColumn:
        if (!isHttpUrl(value)) error(line, name, quoted(value) + " is not an http or https URL");
        return value;
      default: return value;
    }
  }

  ImportResult& result_;
  int header_line_ = 1;
  std::vector<std::size_t> column_of_cell_;
  std::map<std::string, int> mac_lines_;
};

}  // namespace

std::string describe(const RowError& error) {
  std::string out;
  if (error.line > 0) out = "line " + std::to_string(error.line);
  if (!error.column.empty()) out += (out.empty() ? "" : ", ") + error.column;
  if (!out.empty()) out += ": ";
  return out + error.message;
}

std::string neutralizeFormula(std::string_view value) {
  const std::size_t first = value.find_first_not_of('\'');
  if (first != std::string_view::npos && isTrigger(value[first])) return "'" + std::string(value);
  return std::string(value);
}

std::string restoreNeutralized(std::string_view value) {
  const std::size_t first = value.find_first_not_of('\'');
  if (first != std::string_view::npos && first > 0 && isTrigger(value[first])) {
    return std::string(value.substr(1));
  }
  return std::string(value);
}

std::optional<FileFormat> detectFileFormat(std::string_view file_name, std::string_view head) {
  if (head.starts_with(kZipMagic)) return FileFormat::kXlsx;
  const std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string extension = toLowerAscii(file_name.substr(dot));
  if (extension == ".csv") return FileFormat::kCsv;
  if (extension == ".txt" || extension == ".tsv" || extension == ".tab") return FileFormat::kTsv;
  if (extension == ".xlsx") return FileFormat::kXlsx;
  return std::nullopt;
}

FileFormat sniffFileFormat(std::string_view bytes) {
  if (bytes.starts_with(kZipMagic)) return FileFormat::kXlsx;
  const std::string_view first_line = bytes.substr(0, bytes.find('\n'));
  const auto tabs = std::count(first_line.begin(), first_line.end(), '\t');
  const auto commas = std::count(first_line.begin(), first_line.end(), ',');
  return tabs > commas ? FileFormat::kTsv : FileFormat::kCsv;
}

std::string_view fileExtension(FileFormat format) {
  switch (format) {
    case FileFormat::kCsv: return ".csv";
    case FileFormat::kTsv: return ".txt";
    case FileFormat::kXlsx: return ".xlsx";
  }
  return "";
}

std::string_view mimeType(FileFormat format) {
  switch (format) {
    case FileFormat::kCsv: return "text/csv; charset=utf-8";
    case FileFormat::kTsv: return "text/tab-separated-values; charset=utf-8";
    case FileFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

ImportResult parseDeviceImport(std::string_view bytes, FileFormat format,
                               const ImportLimits& limits) {
  ImportResult result;
  const auto fail = [&](RowError error) {
    result.errors.push_back(std::move(error));
    return result;
  };
  if (bytes.size() > limits.max_input_bytes) {
    return fail(
        {0, "", "the file is larger than " + std::to_string(limits.max_input_bytes) + " bytes"});
  }
  RawTable table;
  if (format == FileFormat::kXlsx) {
    if (!bytes.starts_with(kZipMagic)) {
      return fail({0, "", "the file is not an XLSX workbook (it is not a zip archive)"});
    }
    table = readXlsx(bytes, limits);
  } else {
    if (bytes.starts_with(kZipMagic)) {
      return fail({0, "", "the file is a zip archive (perhaps an XLSX workbook), not text"});
    }
    Decoded decoded = decodeText(bytes);
    if (decoded.error) return fail(std::move(*decoded.error));
    table = readDelimited(decoded.text, format == FileFormat::kCsv ? ',' : '\t', limits);
  }
  if (table.error) return fail(std::move(*table.error));
  if (table.records.empty()) return fail({0, "", "the file is empty; it needs a header row"});

  Validator validator(result);
  if (!validator.readHeader(table.records.front())) return result;
  for (std::size_t i = 1; i < table.records.size(); ++i) validator.readRow(table.records[i]);
  return result;
}

}  // namespace pw::manager::exchange
