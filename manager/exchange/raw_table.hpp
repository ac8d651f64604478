#pragma once
// The readers turn a file into raw records (strings per cell); validation happens afterwards,
// the same way for every format.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manager/exchange/device_exchange.hpp"

namespace pw::manager::exchange::detail {

struct RawRecord {
  int line = 0;
  std::vector<std::string> cells;
};

// Records with only empty cells are dropped by the readers (spreadsheets leave such rows
// behind). The first record is the header. error is set when the file cannot be read at all or
// holds more than limits.max_data_rows records after the header.
struct RawTable {
  std::vector<RawRecord> records;
  std::optional<RowError> error;
};

// text must already be UTF-8 (BOM removed). delimiter is ',' or '\t'.
RawTable readDelimited(std::string_view text, char delimiter, const ImportLimits& limits);
RawTable readXlsx(std::string_view bytes, const ImportLimits& limits);

}  // namespace pw::manager::exchange::detail
