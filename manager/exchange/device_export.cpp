#include <vector>

#include "manager/exchange/device_exchange.hpp"
#include "manager/exchange/device_fields.hpp"
#include "manager/exchange/table_export.hpp"

namespace pw::manager::exchange {

using namespace detail;

std::string exportDevices(std::span<const DeviceRow> rows, FileFormat format, bool template_only) {
  std::vector<TableRow> table;
  table.reserve(template_only ? 1 : rows.size() + 1);
  table.emplace_back(kTemplateColumns.begin(), kTemplateColumns.end());
  if (!template_only) {
    for (const DeviceRow& row : rows) {
      auto& cells = table.emplace_back();
      cells.reserve(kTemplateColumns.size());
      for (const auto field : kDeviceFields) cells.push_back(row.*field);
    }
  }
  return exportTable(table, format, "Devices");
}

}  // namespace pw::manager::exchange
