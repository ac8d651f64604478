// CSV and tab-delimited text through libcsv (quotes, doubled quotes, embedded newlines).
#include <csv.h>

#include <memory>

#include "manager/exchange/raw_table.hpp"

namespace pw::manager::exchange::detail {
namespace {

struct ParseState {
  const ImportLimits* limits = nullptr;
  RawTable table;
  RawRecord current;
  int record_start_line = 1;
  bool at_record_start = true;
  std::size_t cell_count = 0;
  std::optional<std::string> limit_error;  // set once; later callbacks are ignored
};

void onField(void* data, std::size_t length, void* user) {
  auto& state = *static_cast<ParseState*>(user);
  if (state.limit_error) return;
  if (state.current.cells.size() >= kMaxColumns) {
    state.limit_error = "the file has more than " + std::to_string(kMaxColumns) + " columns";
    return;
  }
  if (++state.cell_count > state.limits->max_cells) {
    state.limit_error =
        "the file has more than " + std::to_string(state.limits->max_cells) + " cells";
    return;
  }
  state.current.cells.emplace_back(data == nullptr ? ""
                                                   : std::string(static_cast<char*>(data), length));
}

void onRecord(int /*terminator*/, void* user) {
  auto& state = *static_cast<ParseState*>(user);
  state.at_record_start = true;
  RawRecord record = std::move(state.current);
  state.current = {};
  if (state.limit_error) return;
  bool any = false;
  for (const auto& cell : record.cells) any = any || !cell.empty();
  if (!any) {
    state.cell_count -= record.cells.size();
    return;
  }
  if (state.table.records.size() > state.limits->max_data_rows) {
    state.limit_error =
        "the file has more than " + std::to_string(state.limits->max_data_rows) + " rows";
    return;
  }
  record.line = state.record_start_line;
  state.table.records.push_back(std::move(record));
}

// Only the space character is trimmed around unquoted fields; libcsv's default also trims
// tabs, which would eat TSV delimiters and hide control characters we want to report.
int isSpace(unsigned char c) {
  return c == ' ' ? 1 : 0;
}

struct CsvParserDeleter {
  void operator()(csv_parser* parser) const {
    csv_free(parser);
    delete parser;
  }
};

RawTable failed(std::string message, int line = 0) {
  RawTable table;
  table.error = RowError{line, "", std::move(message)};
  return table;
}

}  // namespace

RawTable readDelimited(std::string_view text, char delimiter, const ImportLimits& limits) {
  std::unique_ptr<csv_parser, CsvParserDeleter> parser(new csv_parser{});
  if (csv_init(parser.get(), CSV_STRICT | CSV_STRICT_FINI) != 0) {
    return failed("cannot initialise the CSV parser");
  }
  csv_set_delim(parser.get(), static_cast<unsigned char>(delimiter));
  csv_set_space_func(parser.get(), isSpace);

  ParseState state;
  state.limits = &limits;
  // Fed one physical line at a time so each record can be given the line it starts on.
  int line = 1;
  std::size_t pos = 0;
  while (pos < text.size() && !state.limit_error) {
    const std::size_t newline = text.find('\n', pos);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    const std::string_view chunk = text.substr(pos, end - pos);
    if (state.at_record_start && chunk.find_first_not_of("\r\n") != std::string_view::npos) {
      state.record_start_line = line;
      state.at_record_start = false;
    }
    if (csv_parse(parser.get(), chunk.data(), chunk.size(), onField, onRecord, &state) !=
        chunk.size()) {
      return failed(
          std::string("malformed quoting (") + csv_strerror(csv_error(parser.get())) + ")", line);
    }
    pos = end;
    ++line;
  }
  if (!state.limit_error && csv_fini(parser.get(), onField, onRecord, &state) != 0) {
    return failed("a quoted field is not closed before the end of the file",
                  state.record_start_line);
  }
  if (state.limit_error) return failed(*state.limit_error);
  return std::move(state.table);
}

}  // namespace pw::manager::exchange::detail
