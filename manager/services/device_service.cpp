#include "manager/services/device_service.hpp"

#include <optional>
#include <utility>

namespace pw::manager {
namespace {

Problem notFound(std::int64_t id) {
  return {ErrorKind::kNotFound, "not_found", "Device " + std::to_string(id) + " does not exist."};
}

Problem invalidInput(std::string message) {
  return {ErrorKind::kInvalidInput, "invalid_input", std::move(message)};
}

constexpr const char* kRemovedCode = "device_removed";
constexpr const char* kRemovedMessage = "The device is removed; restore it first.";
constexpr const char* kNotRemovedCode = "device_not_removed";

// The problem a refused change comes to; nullopt when the change was made.
std::optional<Problem> refusal(std::int64_t id, DeviceChange change, const char* wrong_state_code,
                               const char* wrong_state_message) {
  switch (change) {
    case DeviceChange::kNotFound: return notFound(id);
    case DeviceChange::kWrongState:
      return Problem{ErrorKind::kConflict, wrong_state_code, wrong_state_message};
    case DeviceChange::kDone: break;
  }
  return std::nullopt;
}

}  // namespace

DeviceService::DeviceService(DeviceStore& store, const Clock& clock, DeviceIdentityWriter* writer)
    : store_(store), clock_(clock), writer_(writer) {}

Outcome<DeviceUpsert> DeviceService::recordDiscovery(DiscoveryReport report) {
  if (auto reason = normalizeReport(report); !reason.empty()) return invalidInput(reason);
  // The Manager's clock, not the Agent's: every "last seen" compares on one time line.
  return store_.upsertDevice(report, clock_.now());
}

Outcome<DevicePage> DeviceService::list(const DeviceQuery& query) {
  if (auto reason = validateDeviceQuery(query); !reason.empty()) return invalidInput(reason);
  return store_.listDevices(query);
}

Outcome<Device> DeviceService::get(std::int64_t id, const DeviceScope& scope) {
  auto device = store_.findDevice(id);
  // A device outside the caller's regions is not found, rather than forbidden: its existence
  // is not the caller's business.
  if (!device || !scope.allows(device->region_id)) return notFound(id);
  return *std::move(device);
}

Outcome<Device> DeviceService::update(std::int64_t id, const DeviceEdit& edit) {
  if (auto reason = validateDeviceEdit(edit); !reason.empty()) return invalidInput(reason);
  return changed(id, store_.updateDevice(id, edit), kRemovedCode, kRemovedMessage);
}

void DeviceService::edit(std::int64_t id, DeviceEdit edit, const DeviceScope& scope,
                         std::function<void(Outcome<DeviceEdited>)> done) {
  if (auto reason = validateDeviceEdit(edit); !reason.empty()) return done(invalidInput(reason));
  auto device = get(id, scope);
  if (!device) return done(device.error());
  if (device->state == DeviceState::kRemoved) {
    return done(Problem{ErrorKind::kConflict, kRemovedCode, kRemovedMessage});
  }
  // The fields that change, in kIdentityFields order; an unchanged value is not written again.
  const std::pair<const char*, std::optional<std::string> DeviceEdit::*> fields[] = {
      {"name", &DeviceEdit::name},
      {"location", &DeviceEdit::location},
      {"contact", &DeviceEdit::contact}};
  const DeviceEdit current{device->name, device->location, device->contact, {}};
  DeviceIdentityWriter::Values values;
  for (const auto& [field, member] : fields) {
    if ((edit.*member) && *(edit.*member) != *(current.*member)) {
      values.emplace_back(field, *(edit.*member));
    }
  }
  if (values.empty() || writer_ == nullptr || !device->agent_id) {
    // A device no Agent reaches (imported, never found) exists only as the Manager's record:
    // the edit is stored, and the answer says the printer was not told.
    std::vector<IdentityWrite> writes;
    if (writer_ != nullptr) {
      for (const auto& [field, value] : values) {
        writes.push_back(
            {field, false, "noAgent",
             "No Agent reaches this device: the change is stored in the Manager only."});
      }
    }
    auto stored = update(id, edit);
    if (!stored) return done(stored.error());
    return done(DeviceEdited{*std::move(stored), std::move(writes)});
  }
  writer_->write(*device, std::move(values),
                 [this, id, edit = std::move(edit), fields,
                  done = std::move(done)](std::vector<IdentityWrite> writes) mutable {
                   for (const auto& write : writes) {
                     for (const auto& [field, member] : fields) {
                       if (!write.written && write.field == field) edit.*member = std::nullopt;
                     }
                   }
                   auto stored = update(id, edit);
                   if (!stored) return done(stored.error());
                   done(DeviceEdited{*std::move(stored), std::move(writes)});
                 });
}

Outcome<Device> DeviceService::remove(std::int64_t id) {
  return changed(id, store_.removeDevice(id), kRemovedCode, "The device is already removed.");
}

Outcome<Device> DeviceService::restore(std::int64_t id) {
  return changed(id, store_.restoreDevice(id), kNotRemovedCode,
                 "Only a removed device can be restored.");
}

Outcome<void> DeviceService::deletePermanently(std::int64_t id) {
  if (auto problem = refusal(id, store_.deleteDevice(id), kNotRemovedCode,
                             "Only a removed device can be deleted; remove it first.")) {
    return *std::move(problem);
  }
  return {};
}

Outcome<Device> DeviceService::changed(std::int64_t id, DeviceChange change,
                                       const char* wrong_state_code,
                                       const char* wrong_state_message) {
  if (auto problem = refusal(id, change, wrong_state_code, wrong_state_message)) {
    return *std::move(problem);
  }
  auto device = store_.findDevice(id);
  if (!device) return notFound(id);  // deleted meanwhile
  return *std::move(device);
}

}  // namespace pw::manager
