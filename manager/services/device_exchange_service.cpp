#include "manager/services/device_exchange_service.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

namespace pw::manager {
namespace {

// "devices-20261121-140500": UTC, so that names sort by time whatever the server's zone.
std::string exportBaseName(Clock::TimePoint now) {
  using namespace std::chrono;
  const auto seconds = floor<std::chrono::seconds>(now);
  const auto day = floor<days>(seconds);
  const year_month_day date{day};
  const hh_mm_ss time{seconds - day};
  char text[32];
  std::snprintf(text, sizeof text, "devices-%04d%02u%02u-%02d%02d%02d", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), int(time.hours().count()),
                int(time.minutes().count()), int(time.seconds().count()));
  return text;
}

// The template's State values: "Managed" is the one an import accepts.
std::string exportState(DeviceState state) {
  switch (state) {
    case DeviceState::kManaged: return "Managed";
    case DeviceState::kUnmanaged: return "Unmanaged";
    case DeviceState::kRemoved: return "Removed";
  }
  return "Managed";
}

}  // namespace

ImportedDevice importedDevice(const exchange::DeviceRow& row) {
  ImportedDevice device;
  device.line = row.line;
  device.device_type = row.device_type;
  device.identity.vendor = row.manufacturer;
  device.identity.model = row.product_name;
  device.identity.serial = row.serial;
  device.identity.mac = row.mac;  // normalised by the parser, as normalizeMac does
  device.ip_address = row.ip_address;
  device.hostname = row.host_name;
  device.name = row.name;
  device.location = row.location;
  device.contact = row.contact;
  device.link_url = row.link_url;
  return device;
}

exchange::DeviceRow exportRow(const Device& device) {
  exchange::DeviceRow row;
  row.device_type = device.device_type.empty()
                        ? std::string(DeviceExchangeService::kDefaultDeviceType)
                        : device.device_type;
  row.product_name = device.identity.model;
  row.manufacturer = device.identity.vendor;
  row.mac = device.identity.mac;
  row.state = exportState(device.state);
  row.ip_address = device.ip_address;
  row.host_name = device.hostname;
  row.serial = device.identity.serial;
  row.name = device.name;
  row.location = device.location;
  row.contact = device.contact;
  row.link_url = device.link_url;
  return row;
}

DeviceExchangeService::DeviceExchangeService(DeviceStore& store, const Clock& clock,
                                             AgentAssignment assign_agent)
    : store_(store), clock_(clock), assign_agent_(std::move(assign_agent)) {}

DeviceImportReport DeviceExchangeService::importDevices(std::string_view bytes,
                                                        exchange::FileFormat format) {
  auto parsed = exchange::parseDeviceImport(bytes, format);
  DeviceImportReport report;
  report.rows = static_cast<int>(parsed.rows.size());
  report.warnings = std::move(parsed.warnings);
  if (!parsed.ok()) {
    report.errors = std::move(parsed.errors);
    return report;
  }
  std::vector<ImportedDevice> devices;
  devices.reserve(parsed.rows.size());
  for (const auto& row : parsed.rows) {
    devices.push_back(importedDevice(row));
    if (assign_agent_) devices.back().agent_id = assign_agent_(devices.back());
  }
  auto outcome = store_.importDevices(devices, clock_.now());
  for (auto& conflict : outcome.conflicts) {
    report.errors.push_back(
        {conflict.line, std::move(conflict.column), std::move(conflict.message)});
  }
  report.created = outcome.created;
  report.updated = outcome.updated;
  return report;
}

Outcome<ExportedFile> DeviceExchangeService::exportDevices(exchange::FileFormat format,
                                                           bool template_only, DeviceQuery query) {
  // Paging does not apply: the list's page-size bound is checked on a one-device page.
  query.page = 1;
  query.page_size = 1;
  if (auto reason = validateDeviceQuery(query); !reason.empty()) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input", reason};
  }
  std::vector<exchange::DeviceRow> rows;
  if (!template_only) {
    query.page_size = static_cast<int>(kMaxExportRows);
    const auto page = store_.listDevices(query);
    if (page.total > static_cast<std::int64_t>(kMaxExportRows)) {
      return Problem{ErrorKind::kRejected, "export_too_large",
                     std::to_string(page.total) + " devices match; an export holds at most " +
                         std::to_string(kMaxExportRows) + ", so narrow it with filters."};
    }
    rows.reserve(page.items.size());
    std::transform(page.items.begin(), page.items.end(), std::back_inserter(rows), exportRow);
  }
  ExportedFile file;
  file.file_name = exportBaseName(clock_.now()) + std::string(exchange::fileExtension(format));
  file.content_type = std::string(exchange::mimeType(format));
  file.bytes = exchange::exportDevices(rows, format, template_only);
  file.rows = static_cast<int>(rows.size());
  return file;
}

}  // namespace pw::manager
