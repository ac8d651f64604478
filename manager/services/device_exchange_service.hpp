#pragma once
// Device import and export: files in, devices registered; devices out, files. manager/exchange
// parses, checks and writes the files; this service maps their rows to and from the registry,
// and the store applies an import in one transaction (DeviceStore::importDevices), so a file
// is applied whole or not at all. Thread-safe (the store is).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/device.hpp"
#include "manager/core/storage.hpp"
#include "manager/exchange/device_exchange.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// Which Agent reaches an imported device, from the row's IPv4 address and host name; nullopt
/// leaves it without one (an existing device keeps its Agent). The composition root wires this
/// to the Agent scope resolver; unset, imported devices get no Agent.
using AgentAssignment = std::function<std::optional<std::int64_t>(const ImportedDevice& device)>;

/// What an import came to. `errors` not empty: the file was rejected and nothing was stored.
struct DeviceImportReport {
  int rows = 0;
  int created = 0;
  int updated = 0;
  std::vector<exchange::RowError> errors;    ///< file, row and registry errors, by line
  std::vector<exchange::RowError> warnings;  ///< e.g. unknown columns (ignored)

  [[nodiscard]] bool ok() const { return errors.empty(); }
};

struct ExportedFile {
  std::string file_name;  ///< "devices-20261121-140500.csv"
  std::string content_type;
  std::string bytes;
  int rows = 0;  ///< devices written (0 for the template)
};

class DeviceExchangeService {
 public:
  /// An export holds at most this many devices, as many as an import may hold, so every export
  /// can be imported again.
  static constexpr std::size_t kMaxExportRows = exchange::kMaxDataRows;
  /// The DeviceType an export writes for a device discovery found (discovery does not tell
  /// printers from multifunction devices), so the row can be imported again.
  static constexpr std::string_view kDefaultDeviceType = manager::kDefaultDeviceType;

  DeviceExchangeService(DeviceStore& store, const Clock& clock,
                        AgentAssignment assign_agent = nullptr);

  /// Parses the file and, when every row is valid, registers or updates its devices in one
  /// transaction (see DeviceStore::importDevices for the identity rule and what an update
  /// changes).
  DeviceImportReport importDevices(std::string_view bytes, exchange::FileFormat format);

  /// The devices the query's filters and sort select (all of them, not one page), or only the
  /// header row when template_only. invalid_input for a bad filter; rejected
  /// (export_too_large) when more than kMaxExportRows devices match.
  Outcome<ExportedFile> exportDevices(exchange::FileFormat format, bool template_only,
                                      DeviceQuery query);

 private:
  DeviceStore& store_;
  const Clock& clock_;
  AgentAssignment assign_agent_;
};

/// The device an import row describes (the row is valid: parseDeviceImport accepted it).
ImportedDevice importedDevice(const exchange::DeviceRow& row);
/// The export row of a device.
exchange::DeviceRow exportRow(const Device& device);

}  // namespace pw::manager
