#pragma once
// Saved views of the device list: per user, a name and the list's settings (columns, sort,
// order, filters) as a JSON document that the services write and check
// (manager/services/device_view_service.hpp); the store keeps the document as text.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/core/clock.hpp"

namespace pw::manager {

struct SavedDeviceView {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string settings_json;
  Clock::TimePoint created_at;
  Clock::TimePoint updated_at;
};

/// What a change to a saved view came to.
enum class DeviceViewChange { kDone, kNotFound, kNameTaken };

/// Views are only ever seen through their user: another user's view is "not found".
class DeviceViewStore {
 public:
  virtual ~DeviceViewStore() = default;
  /// The user's views by name.
  virtual std::vector<SavedDeviceView> listDeviceViews(std::int64_t user_id) = 0;
  virtual std::optional<SavedDeviceView> findDeviceView(std::int64_t user_id, std::int64_t id) = 0;
  /// The new view's id; nullopt when the user already has a view of that name.
  virtual std::optional<std::int64_t> createDeviceView(std::int64_t user_id,
                                                       const std::string& name,
                                                       const std::string& settings_json,
                                                       Clock::TimePoint now) = 0;
  /// Renames and/or replaces the settings (unset: kept).
  virtual DeviceViewChange updateDeviceView(std::int64_t user_id, std::int64_t id,
                                            const std::optional<std::string>& name,
                                            const std::optional<std::string>& settings_json,
                                            Clock::TimePoint now) = 0;
  /// False when the user has no such view.
  virtual bool deleteDeviceView(std::int64_t user_id, std::int64_t id) = 0;
};

}  // namespace pw::manager
