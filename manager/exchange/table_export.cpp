#include "manager/exchange/table_export.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "manager/exchange/text_util.hpp"

namespace pw::manager::exchange {

using namespace detail;

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Quoted the way Excel writes CSV and "Text (Tab delimited)", so libcsv reads it back exactly;
// a field starting with a quote is quoted too, or the reader would take it as an opening quote.
void appendDelimitedField(std::string& out, std::string_view value, char delimiter) {
  const bool needs_quotes =
      value.find_first_of(std::string{delimiter, '"', '\r', '\n'}) != std::string_view::npos;
  if (!needs_quotes) {
    out.append(value);
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string exportDelimited(std::span<const TableRow> rows, char delimiter) {
  std::string out(kUtf8Bom);
  for (const TableRow& row : rows) {
    for (std::size_t column = 0; column < row.size(); ++column) {
      if (column > 0) out += delimiter;
      appendDelimitedField(out, neutralizeFormula(row[column].text), delimiter);
    }
    out += "\r\n";
  }
  return out;
}

// libxlsxwriter only writes to a file; the file lives just long enough to be read back.
class TempFile {
 public:
  TempFile() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "printwarden-export-XXXXXX.xlsx").string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd < 0) throw std::runtime_error("cannot create a temporary file for the XLSX export");
    close(fd);
    path_ = pattern;
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string exportXlsx(std::span<const TableRow> rows, std::string_view sheet_name) {
  TempFile file;
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  if (workbook == nullptr) throw std::runtime_error("cannot start the XLSX export");
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, std::string(sheet_name).c_str());
  if (sheet == nullptr) {
    workbook_close(workbook);
    throw std::runtime_error("the XLSX export failed: bad sheet name");
  }
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  lxw_error status = LXW_NO_ERROR;
  // A text cell is always a string cell: worksheet_write_string never creates a formula,
  // whatever the text. A number is a numeric cell (no text of the file reaches it).
  const auto write = [&](lxw_row_t row, lxw_col_t column, const TableCell& cell,
                         lxw_format* format) {
    if (status != LXW_NO_ERROR) return;
    if (cell.number) {
      status = worksheet_write_number(sheet, row, column, *cell.number, format);
      return;
    }
    if (cell.text.empty()) return;
    const std::string safe = sanitizeForXml(neutralizeFormula(cell.text));
    status = worksheet_write_string(sheet, row, column, safe.c_str(), format);
  };
  for (std::size_t row = 0; row < rows.size(); ++row) {
    for (std::size_t column = 0; column < rows[row].size(); ++column) {
      write(static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column), rows[row][column],
            row == 0 ? bold : nullptr);
    }
  }
  if (!rows.empty() && !rows.front().empty()) {
    worksheet_set_column(sheet, 0, static_cast<lxw_col_t>(rows.front().size() - 1), 18, nullptr);
    worksheet_freeze_panes(sheet, 1, 0);
  }
  const lxw_error closed = workbook_close(workbook);
  if (status != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
    throw std::runtime_error(std::string("the XLSX export failed: ") +
                             lxw_strerror(status != LXW_NO_ERROR ? status : closed));
  }
  std::ifstream in(file.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read back the XLSX export");
  return std::move(bytes).str();
}

}  // namespace

TableCell TableCell::integer(std::int64_t value) {
  TableCell cell(std::to_string(value));
  cell.number = static_cast<double>(value);
  return cell;
}

TableCell TableCell::integer(const std::optional<std::int64_t>& value) {
  return value ? integer(*value) : TableCell();
}

TableCell TableCell::decimal(double value, int decimals) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value);
  TableCell cell(std::string(buffer.data()));
  cell.number = std::strtod(buffer.data(), nullptr);  // the value the text shows
  return cell;
}

std::string exportTable(std::span<const TableRow> rows, FileFormat format,
                        std::string_view sheet_name) {
  switch (format) {
    case FileFormat::kCsv: return exportDelimited(rows, ',');
    case FileFormat::kTsv: return exportDelimited(rows, '\t');
    case FileFormat::kXlsx: return exportXlsx(rows, sheet_name);
  }
  throw std::invalid_argument("unknown file format");
}

std::optional<FileFormat> fileFormatFromName(std::string_view name) {
  for (const auto format : {FileFormat::kCsv, FileFormat::kTsv, FileFormat::kXlsx}) {
    if (name == fileExtension(format).substr(1)) return format;  // ".csv" -> "csv"
  }
  return std::nullopt;
}

}  // namespace pw::manager::exchange
