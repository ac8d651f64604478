#pragma once
// Saved views of the device list, per user: a name and the list's settings
//   {"columns": ["name", "status", ...], "sort": "name" | null, "order": "asc" | "desc",
//    "filters": {"<field>": ["value", ...]}}
// checked like the list's own query (validateDeviceQuery) so that picking a view never
// produces a query the list refuses. Thread-safe as far as the store is.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "manager/core/storage.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// A view as the API shows it: settings parsed back into JSON.
struct DeviceViewRecord {
  std::int64_t id = 0;
  std::string name;
  nlohmann::json settings;
  Clock::TimePoint created_at;
  Clock::TimePoint updated_at;
};

inline constexpr std::size_t kMaxDeviceViewsPerUser = 100;
inline constexpr std::size_t kMaxDeviceViewNameLength = 100;

class DeviceViewService {
 public:
  DeviceViewService(DeviceViewStore& store, const Clock& clock);

  std::vector<DeviceViewRecord> list(std::int64_t user_id);
  /// invalid_input naming the field (name, settings.columns, settings.filters.<field>...);
  /// conflict (view_name_taken) when the user has a view of that name; conflict
  /// (too_many_views) past kMaxDeviceViewsPerUser.
  Outcome<DeviceViewRecord> create(std::int64_t user_id, const std::string& name,
                                   const nlohmann::json& settings);
  /// Renames and/or replaces the settings; not_found for another user's view.
  Outcome<DeviceViewRecord> update(std::int64_t user_id, std::int64_t id,
                                   const std::optional<std::string>& name,
                                   const std::optional<nlohmann::json>& settings);
  Outcome<void> remove(std::int64_t user_id, std::int64_t id);

 private:
  DeviceViewStore& store_;
  const Clock& clock_;
};

/// The settings in their stored form (keys in a fixed order, defaults filled in), or an
/// invalid_input problem naming the field at fault.
Outcome<nlohmann::json> normalizeDeviceViewSettings(const nlohmann::json& settings);

}  // namespace pw::manager
