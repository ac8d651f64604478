#include "manager/services/device_view_service.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace pw::manager {
namespace {

Problem invalidInput(std::string message) {
  return {ErrorKind::kInvalidInput, "invalid_input", std::move(message)};
}

Problem viewNotFound(std::int64_t id) {
  return {ErrorKind::kNotFound, "not_found", "There is no saved view " + std::to_string(id) + "."};
}

Problem nameTaken(const std::string& name) {
  return {ErrorKind::kConflict, "view_name_taken",
          "You already have a saved view named \"" + name + "\"."};
}

// A column key names a column of the console's list (the console owns the set, and helpers
// add columns): a short identifier.
bool isColumnKey(const std::string& key) {
  return !key.empty() && key.size() <= 64 &&
         std::isalpha(static_cast<unsigned char>(key.front())) != 0 &&
         std::all_of(key.begin(), key.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

std::string checkName(const std::string& name) {
  if (name.empty() || name.size() > kMaxDeviceViewNameLength) {
    return "name must be 1 to " + std::to_string(kMaxDeviceViewNameLength) + " characters";
  }
  if (std::any_of(name.begin(), name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return "name must not contain control characters";
  }
  return {};
}

DeviceViewRecord record(const SavedDeviceView& view) {
  return {view.id, view.name, nlohmann::json::parse(view.settings_json, nullptr, false),
          view.created_at, view.updated_at};
}

}  // namespace

Outcome<nlohmann::json> normalizeDeviceViewSettings(const nlohmann::json& settings) {
  using nlohmann::json;
  if (!settings.is_object()) return invalidInput("settings must be an object");
  for (const auto& [key, value] : settings.items()) {
    if (key != "columns" && key != "sort" && key != "order" && key != "filters") {
      return invalidInput("settings.\"" + key +
                          "\" is not a view setting; use columns, sort, order, filters");
    }
  }
  json out = {
      {"columns", json::array()}, {"sort", nullptr}, {"order", "asc"}, {"filters", json::object()}};
  DeviceQuery query;
  if (const auto it = settings.find("columns"); it != settings.end()) {
    if (!it->is_array() || it->size() > 64) {
      return invalidInput("settings.columns must be a list of at most 64 column keys");
    }
    for (const auto& column : *it) {
      if (!column.is_string() || !isColumnKey(column.get<std::string>())) {
        return invalidInput("settings.columns must hold column keys (letters and digits)");
      }
      out["columns"].push_back(column);
    }
  }
  if (const auto it = settings.find("sort"); it != settings.end() && !it->is_null()) {
    const auto field =
        it->is_string() ? deviceFieldFromString(it->get<std::string>()) : std::nullopt;
    if (!field) return invalidInput("settings.sort must name a device field or be null");
    query.sort = *field;
    out["sort"] = *it;
  }
  if (const auto it = settings.find("order"); it != settings.end()) {
    if (*it != "asc" && *it != "desc") return invalidInput("settings.order must be asc or desc");
    out["order"] = *it;
  }
  if (const auto it = settings.find("filters"); it != settings.end()) {
    if (!it->is_object()) return invalidInput("settings.filters must be an object");
    for (const auto& [key, values] : it->items()) {
      const auto field = deviceFieldFromString(key);
      if (!field) return invalidInput("settings.filters: there is no device field \"" + key + "\"");
      if (!values.is_array()) return invalidInput("settings.filters." + key + " must be a list");
      DeviceFilter filter{*field, {}};
      for (const auto& value : values) {
        if (!value.is_string()) {
          return invalidInput("settings.filters." + key + " must hold strings");
        }
        filter.values.push_back(value.get<std::string>());
      }
      query.filters.push_back(std::move(filter));
      out["filters"][key] = values;
    }
  }
  if (auto reason = validateDeviceQuery(query); !reason.empty()) {
    return invalidInput("settings: " + reason);
  }
  return Outcome<nlohmann::json>(boost::system::in_place_value, std::move(out));
}

DeviceViewService::DeviceViewService(DeviceViewStore& store, const Clock& clock)
    : store_(store), clock_(clock) {}

std::vector<DeviceViewRecord> DeviceViewService::list(std::int64_t user_id) {
  std::vector<DeviceViewRecord> out;
  for (const auto& view : store_.listDeviceViews(user_id)) out.push_back(record(view));
  return out;
}

Outcome<DeviceViewRecord> DeviceViewService::create(std::int64_t user_id, const std::string& name,
                                                    const nlohmann::json& settings) {
  if (auto reason = checkName(name); !reason.empty()) return invalidInput(reason);
  auto normalized = normalizeDeviceViewSettings(settings);
  if (!normalized) return normalized.error();
  if (store_.listDeviceViews(user_id).size() >= kMaxDeviceViewsPerUser) {
    return Problem{ErrorKind::kConflict, "too_many_views",
                   "You have " + std::to_string(kMaxDeviceViewsPerUser) +
                       " saved views already; delete one first."};
  }
  const auto id = store_.createDeviceView(user_id, name, normalized->dump(), clock_.now());
  if (!id) return nameTaken(name);
  return record(*store_.findDeviceView(user_id, *id));
}

Outcome<DeviceViewRecord> DeviceViewService::update(std::int64_t user_id, std::int64_t id,
                                                    const std::optional<std::string>& name,
                                                    const std::optional<nlohmann::json>& settings) {
  if (name) {
    if (auto reason = checkName(*name); !reason.empty()) return invalidInput(reason);
  }
  std::optional<std::string> settings_json;
  if (settings) {
    auto normalized = normalizeDeviceViewSettings(*settings);
    if (!normalized) return normalized.error();
    settings_json = normalized->dump();
  }
  switch (store_.updateDeviceView(user_id, id, name, settings_json, clock_.now())) {
    case DeviceViewChange::kNotFound: return viewNotFound(id);
    case DeviceViewChange::kNameTaken: return nameTaken(*name);
    case DeviceViewChange::kDone: break;
  }
  return record(*store_.findDeviceView(user_id, id));
}

Outcome<void> DeviceViewService::remove(std::int64_t user_id, std::int64_t id) {
  if (!store_.deleteDeviceView(user_id, id)) return viewNotFound(id);
  return {};
}

}  // namespace pw::manager
