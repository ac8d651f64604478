#pragma once
// DeviceRow members in template column order, so import and export cannot drift apart.

#include <array>
#include <string>

#include "manager/exchange/device_exchange.hpp"

namespace pw::manager::exchange::detail {

inline constexpr std::array<std::string DeviceRow::*, kTemplateColumns.size()> kDeviceFields = {
    &DeviceRow::device_type, &DeviceRow::product_name, &DeviceRow::manufacturer,
    &DeviceRow::mac,         &DeviceRow::state,        &DeviceRow::ip_address,
    &DeviceRow::host_name,   &DeviceRow::serial,       &DeviceRow::name,
    &DeviceRow::location,    &DeviceRow::contact,      &DeviceRow::link_url};

enum ColumnIndex : std::size_t {
  kDeviceTypeColumn = 0,
  kProductNameColumn,
  kManufacturerColumn,
  kPhysicalAddressColumn,
  kStateColumn,
  kIpAddressColumn,
  kHostNameColumn,
  kSerialNumberColumn,
  kDeviceNameColumn,
  kLocationColumn,
  kContactColumn,
  kLinkUrlColumn,
};

}  // namespace pw::manager::exchange::detail
