#pragma once
// The device registry: records what discovery finds (one device per physical printer, see
// matchDevice), lists devices a page at a time, and carries out administrators' edits and
// the remove / restore / delete lifecycle. Thread-safe (the store is).
#include <cstdint>

#include "common/core/clock.hpp"
#include "manager/core/device.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

class DeviceService {
 public:
  DeviceService(DeviceStore& store, const Clock& clock);

  /// Records a device an Agent found, seen now. invalid_input for a malformed MAC address.
  Outcome<DeviceUpsert> recordDiscovery(DiscoveryReport report);

  /// Notes a failed contact on the devices registered at the address (not removed ones).
  void recordContactFailure(const std::string& ip_address, const ContactFailure& failure) {
    store_.recordContactFailure(ip_address, failure);
  }

  /// invalid_input naming the parameter when the page, page size or a filter is invalid. Only
  /// devices in query.scope are listed.
  Outcome<DevicePage> list(const DeviceQuery& query);
  /// not_found also when the device is outside `scope` (RegionService::scopeFor).
  Outcome<Device> get(std::int64_t id, const DeviceScope& scope = DeviceScope::all());
  /// invalid_input naming the field; conflict (device_removed) for a removed device.
  Outcome<Device> update(std::int64_t id, const DeviceEdit& edit);
  /// conflict (device_removed) when already removed.
  Outcome<Device> remove(std::int64_t id);
  /// conflict (device_not_removed) unless removed.
  Outcome<Device> restore(std::int64_t id);
  /// Deletes a removed device for good; conflict (device_not_removed) unless removed, so
  /// that a device in use is never deleted by one mistaken call.
  Outcome<void> deletePermanently(std::int64_t id);

 private:
  Outcome<Device> changed(std::int64_t id, DeviceChange change, const char* wrong_state_code,
                          const char* wrong_state_message);

  DeviceStore& store_;
  const Clock& clock_;
};

}  // namespace pw::manager
