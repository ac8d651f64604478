#pragma once
// The device registry: records what discovery finds (one device per physical printer, see
// matchDevice), lists devices a page at a time, and carries out administrators' edits and
// the remove / restore / delete lifecycle. Thread-safe (the store is).
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/device.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// How writing one identity field to the device went. `reason` when not written: what the
/// device answered (noAccess, notWritable, readOnly, authorizationError, timeout, ...) or why
/// it was not asked (agentOffline, noWriteCredential, failed): the field keeps its old value.
/// Except "noAgent": no Agent reaches the device, so the Manager's record is all there is and
/// the value is stored.
struct IdentityWrite {
  std::string field;  ///< name, location, contact
  bool written = false;
  std::string reason;
  std::string message;  ///< details, in words
};

/// An edit as stored, with how the device took the fields written to it.
struct DeviceEdited {
  Device device;
  std::vector<IdentityWrite> writes;  ///< one per field written to the device
};

/// Writes name, location and contact to the printer itself (AgentIdentityWriter: SNMP SET
/// through the device's Agent). The seam lets the edit rules be tested with a scripted device.
class DeviceIdentityWriter {
 public:
  using Values = std::vector<std::pair<std::string, std::string>>;  ///< (field, new value)
  using Done = std::function<void(std::vector<IdentityWrite>)>;
  virtual ~DeviceIdentityWriter() = default;
  /// `done` runs exactly once, possibly later on another thread, with one entry per value in
  /// order. Never throws.
  virtual void write(const Device& device, Values values, Done done) = 0;
};

class DeviceService {
 public:
  /// Without `writer`, edits are only stored (tests that do not concern the device).
  DeviceService(DeviceStore& store, const Clock& clock, DeviceIdentityWriter* writer = nullptr);

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
  /// Stores the edit as it is. invalid_input naming the field; conflict (device_removed) for a
  /// removed device.
  Outcome<Device> update(std::int64_t id, const DeviceEdit& edit);
  /// An administrator's edit: the name, location and contact that change are first written to
  /// the device; a refused field keeps its old value, accepted ones and the link URL are
  /// stored (all of it for a device no Agent reaches). Errors as for update, and not_found outside
  /// `scope`. `done` runs exactly once, possibly later on another thread (when the device has
  /// answered).
  void edit(std::int64_t id, DeviceEdit edit, const DeviceScope& scope,
            std::function<void(Outcome<DeviceEdited>)> done);
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
  DeviceIdentityWriter* const writer_;
};

}  // namespace pw::manager
