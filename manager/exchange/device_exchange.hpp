#pragma once
// Import and export of device information as CSV, tab-delimited text and XLSX. Pure: bytes in,
// rows and errors out (and the reverse); no HTTP, no database.

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pw::manager::exchange {

enum class FileFormat { kCsv, kTsv, kXlsx };

// Defences against huge files and zip bombs. The defaults are what the console accepts; tests
// lower them to exercise the limits cheaply.
// The REST contract's upload limit; the Manager's listener takes bodies this large on the import
// route only (manager/api/device_exchange_routes.cpp).
inline constexpr std::size_t kMaxInputBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxUncompressedEntryBytes = 100 * 1024 * 1024;
inline constexpr std::size_t kMaxDataRows = 50'000;
inline constexpr std::size_t kMaxFieldChars = 255;
// Cells kept in memory across the whole file, so a small file of empty fields (",,,,") or a
// sheet with far-right cells cannot blow up memory. 50,000 rows of 12 columns are 600,000.
inline constexpr std::size_t kMaxCells = 4'000'000;
inline constexpr std::size_t kMaxColumns = 16'384;  // Excel's own limit (column XFD)

struct ImportLimits {
  std::size_t max_input_bytes = kMaxInputBytes;
  std::size_t max_uncompressed_entry_bytes = kMaxUncompressedEntryBytes;
  std::size_t max_data_rows = kMaxDataRows;
  std::size_t max_cells = kMaxCells;
};

// Columns in template order; header names are matched case-insensitively on import.
inline constexpr std::array<std::string_view, 12> kTemplateColumns = {
    "DeviceType", "ProductName",  "Manufacturer", "PhysicalAddress", "State",   "IPAddress",
    "HostName",   "SerialNumber", "DeviceName",   "Location",        "Contact", "LinkUrl"};
inline constexpr std::size_t kRequiredColumnCount = 5;  // the first five above

struct DeviceRow {
  // CSV/TXT: the physical line on which the record starts (a quoted field may span lines).
  // XLSX: the worksheet row number. The header is line 1 in a file that starts with it.
  int line = 0;
  std::string device_type, product_name, manufacturer, mac, state, ip_address, host_name, serial,
      name, location, contact, link_url;

  bool operator==(const DeviceRow&) const = default;
};

// line 0 with an empty column means the whole file (unreadable, too large, wrong format).
struct RowError {
  int line = 0;
  std::string column;
  std::string message;

  bool operator==(const RowError&) const = default;
};

// "line 7, PhysicalAddress: \"00:11\" is not a MAC address" (parts left out when unknown).
std::string describe(const RowError& error);

// All-or-nothing: apply rows only when errors is empty. Warnings (unknown columns) do not block.
struct ImportResult {
  std::vector<DeviceRow> rows;
  std::vector<RowError> errors;
  std::vector<RowError> warnings;

  bool ok() const { return errors.empty(); }
};

// Magic bytes win over the name (an .xlsx renamed to .csv is still read as a workbook);
// otherwise .csv -> kCsv, .txt/.tsv/.tab -> kTsv, .xlsx -> kXlsx. nullopt when unknown.
std::optional<FileFormat> detectFileFormat(std::string_view file_name, std::string_view head);
// For content without a name (an upload's body): a zip is a workbook; otherwise the first line
// decides, tab-separated when it holds more tabs than commas, else CSV. Byte counts, so a UTF-16
// file (whose ASCII characters keep their byte value next to a zero byte) is judged alike.
FileFormat sniffFileFormat(std::string_view bytes);
std::string_view fileExtension(FileFormat format);  // ".csv", ".txt", ".xlsx"
std::string_view mimeType(FileFormat format);

ImportResult parseDeviceImport(std::string_view bytes, FileFormat format,
                               const ImportLimits& limits = {});

// Writes the template columns, then (unless template_only) one row per device. CSV and TXT are
// UTF-8 with a BOM and CRLF line ends; TXT quotes fields holding a tab, newline or quote the way
// Excel does, so it re-imports exactly. Throws std::runtime_error if the XLSX writer fails.
//
// Formula injection: a value starting with = + - @ TAB or CR (optionally after leading single
// quotes) is written with one extra leading ' so a spreadsheet shows it as text; in XLSX it is
// also always a string cell, never a formula. Import removes exactly one leading ' from a value
// of that shape, so the mapping is unambiguous and an export re-imports to the same rows, while
// a hand-typed value such as "'s-Hertogenbosch" is kept as it is.
std::string exportDevices(std::span<const DeviceRow> rows, FileFormat format, bool template_only);

// The two halves of the formula neutralisation, exposed for tests and other exporters.
std::string neutralizeFormula(std::string_view value);
std::string restoreNeutralized(std::string_view value);

}  // namespace pw::manager::exchange
