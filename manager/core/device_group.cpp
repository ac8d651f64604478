#include "manager/core/device_group.hpp"

#include <algorithm>
#include <map>

namespace pw::manager {

const char* toString(GroupKind kind) {
  return kind == GroupKind::kStatic ? "static" : "dynamic";
}

std::optional<GroupKind> groupKindFromString(std::string_view text) {
  if (text == "static") return GroupKind::kStatic;
  if (text == "dynamic") return GroupKind::kDynamic;
  return std::nullopt;
}

namespace {

bool hasControlCharacter(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

std::string validateGroupName(const std::string& name) {
  if (name.find_first_not_of(' ') == std::string::npos) return "name must not be empty";
  if (name.size() > kMaxGroupNameLength) return "name must be at most 100 characters";
  if (hasControlCharacter(name)) return "name must not contain control characters";
  return {};
}

std::string validateGroupComment(const std::string& comment) {
  if (comment.size() > kMaxGroupCommentLength) return "comment must be at most 1000 characters";
  if (std::any_of(comment.begin(), comment.end(), [](char c) {
        return (static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f;
      })) {
    return "comment must not contain control characters";
  }
  return {};
}

std::string validateGroupFilters(const std::vector<DeviceFilter>& filters) {
  DeviceQuery query;
  query.filters = filters;
  if (auto reason = validateDeviceQuery(query); !reason.empty()) return "filter: " + reason;
  for (const auto& filter : filters) {
    for (const auto& value : filter.values) {
      if (filter.field == DeviceField::kState && value == toString(DeviceState::kRemoved)) {
        return "filter: a group never holds removed devices; filter state by managed or "
               "unmanaged";
      }
    }
  }
  return {};
}

bool wouldCreateCycle(std::span<const DeviceGroup> groups, std::int64_t id,
                      std::int64_t parent_id) {
  std::map<std::int64_t, std::optional<std::int64_t>> parent_of;
  for (const auto& group : groups) parent_of[group.id] = group.parent_id;
  // Walk up from the new parent; meeting the group means the parent is below it. The step
  // bound stops a walk in a loop that should not exist but is not this change's doing.
  std::optional<std::int64_t> at = parent_id;
  for (std::size_t steps = 0; at && steps <= groups.size(); ++steps) {
    if (*at == id) return true;
    const auto it = parent_of.find(*at);
    if (it == parent_of.end()) return false;
    at = it->second;
  }
  return false;
}

}  // namespace pw::manager
