#pragma once
// Any table as a CSV, tab-delimited text or XLSX file: the device export's writers, shared by
// every export (devices, the audit log, reports), so formula neutralisation and quoting are
// done in one place. Pure: text cells in, file bytes out.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "manager/exchange/device_exchange.hpp"

namespace pw::manager::exchange {

/// One row of text cells; the first row of a table is its header.
using TableRow = std::vector<std::string>;

/// `rows[0]` is the header (bold and frozen in XLSX). CSV and TXT are UTF-8 with a BOM and CRLF
/// line ends, fields quoted the way Excel does. Every cell goes through neutralizeFormula, and
/// XLSX cells are always strings, never formulas. `sheet_name` names the XLSX worksheet (at most
/// 31 characters, none of []:*?/\). Throws std::runtime_error if the XLSX writer fails.
std::string exportTable(std::span<const TableRow> rows, FileFormat format,
                        std::string_view sheet_name);

/// The REST API's names of the formats (?format=): "csv", "txt", "xlsx"; nullopt otherwise.
std::optional<FileFormat> fileFormatFromName(std::string_view name);

}  // namespace pw::manager::exchange
