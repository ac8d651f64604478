#pragma once
// Any table as a CSV, tab-delimited text or XLSX file: the device export's writers, shared by
// every export (devices, the audit log, reports), so formula neutralisation and quoting are
// done in one place. Pure: cells in, file bytes out.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manager/exchange/device_exchange.hpp"

namespace pw::manager::exchange {

/// One cell: text, or a number. A number keeps the text CSV and TXT write (so those stay as
/// they were) and becomes a numeric cell in XLSX, which a spreadsheet can add up.
struct TableCell {
  // Implicit from text, the usual cell, so a row can be written as {"a", name, ...}.
  TableCell() = default;
  TableCell(std::string value) : text(std::move(value)) {}
  TableCell(std::string_view value) : text(value) {}
  TableCell(const char* value) : text(value) {}

  /// A whole number, written in full ("1234").
  static TableCell integer(std::int64_t value);
  /// A number with `decimals` digits after the point in CSV/TXT ("12.5"); XLSX holds the value
  /// rounded the same way, so both files show the same figure.
  static TableCell decimal(double value, int decimals);
  /// An optional whole number: an empty text cell without a value.
  static TableCell integer(const std::optional<std::int64_t>& value);

  bool operator==(const TableCell&) const = default;

  std::string text;
  std::optional<double> number;  // set: a numeric cell in XLSX
};

/// One row of cells; the first row of a table is its header.
using TableRow = std::vector<TableCell>;

/// `rows[0]` is the header (bold and frozen in XLSX). CSV and TXT are UTF-8 with a BOM and CRLF
/// line ends, fields quoted the way Excel does. Every text cell goes through neutralizeFormula,
/// and XLSX text cells are always strings, never formulas; number cells are numeric cells.
/// `sheet_name` names the XLSX worksheet (at most 31 characters, none of []:*?/\). Throws
/// std::runtime_error if the XLSX writer fails.
std::string exportTable(std::span<const TableRow> rows, FileFormat format,
                        std::string_view sheet_name);

/// The REST API's names of the formats (?format=): "csv", "txt", "xlsx"; nullopt otherwise.
std::optional<FileFormat> fileFormatFromName(std::string_view name);

}  // namespace pw::manager::exchange
