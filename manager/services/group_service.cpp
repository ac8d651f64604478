#include "manager/services/group_service.hpp"

#include <utility>

namespace pw::manager {
namespace {

Problem notFound(std::int64_t id) {
  return {ErrorKind::kNotFound, "not_found", "Group " + std::to_string(id) + " does not exist."};
}

Problem invalidInput(std::string message) {
  return {ErrorKind::kInvalidInput, "invalid_input", std::move(message)};
}

Problem tooLarge() {
  return {ErrorKind::kInvalidInput, "group_too_large",
          "A static group holds at most " + std::to_string(kMaxStaticGroupMembers) +
              " devices (removed devices in it included)."};
}

std::string idList(const std::vector<std::int64_t>& ids) {
  std::string text;
  for (std::size_t i = 0; i < ids.size() && i < 20; ++i) {
    text += (i == 0 ? "" : ", ") + std::to_string(ids[i]);
  }
  if (ids.size() > 20) text += " and " + std::to_string(ids.size() - 20) + " more";
  return text;
}

Problem problemFor(std::int64_t id, std::optional<std::int64_t> parent_id, GroupChange change,
                   const std::vector<std::int64_t>& unknown_devices = {}) {
  switch (change) {
    case GroupChange::kNotFound: return notFound(id);
    case GroupChange::kParentNotFound:
      return invalidInput("parentId: group " + std::to_string(parent_id.value_or(0)) +
                          " does not exist");
    case GroupChange::kNameTaken:
      return {ErrorKind::kConflict, "group_name_taken",
              "Another group under the same parent has this name."};
    case GroupChange::kCycle:
      return {ErrorKind::kConflict, "group_cycle",
              "A group cannot be placed under itself or one of its subgroups."};
    case GroupChange::kHasChildren:
      return {ErrorKind::kConflict, "group_has_children",
              "The group has subgroups; delete them first or delete the whole subtree."};
    case GroupChange::kNotStatic:
      return {ErrorKind::kConflict, "group_dynamic",
              "A dynamic group's devices come from its filter; edit the filter instead."};
    case GroupChange::kNotDynamic: return invalidInput("filter: only a dynamic group has a filter");
    case GroupChange::kTooManyMembers: return tooLarge();
    case GroupChange::kUnknownDevices:
      return invalidInput(
          "deviceIds: these devices do not exist or are removed from "
          "management: " +
          idList(unknown_devices));
    case GroupChange::kDone: break;
  }
  return {ErrorKind::kInternal, "internal_error", "unexpected group change"};
}

Outcome<MemberChange> memberOutcome(std::int64_t id, MemberChange change) {
  if (change.change != GroupChange::kDone) {
    return problemFor(id, std::nullopt, change.change, change.unknown_devices);
  }
  return change;
}

std::string checkDeviceIds(const std::vector<std::int64_t>& devices) {
  if (devices.empty()) return "deviceIds must list at least one device";
  if (devices.size() > kMaxStaticGroupMembers) {
    return "deviceIds takes at most " + std::to_string(kMaxStaticGroupMembers) + " devices at once";
  }
  for (const auto device : devices) {
    if (device <= 0) return "deviceIds must be positive integers";
  }
  return {};
}

}  // namespace

GroupService::GroupService(GroupStore& store, const Clock& clock) : store_(store), clock_(clock) {}

std::vector<GroupSummary> GroupService::list() {
  return store_.listGroups();
}

Outcome<GroupSummary> GroupService::get(std::int64_t id) {
  return summary(id);
}

Outcome<GroupSummary> GroupService::summary(std::int64_t id) {
  auto group = store_.findGroup(id);
  if (!group) return notFound(id);
  return std::move(*group);
}

Outcome<GroupSummary> GroupService::create(DeviceGroup group) {
  if (auto reason = validateGroupName(group.name); !reason.empty()) return invalidInput(reason);
  if (auto reason = validateGroupComment(group.comment); !reason.empty()) {
    return invalidInput(reason);
  }
  if (group.kind == GroupKind::kStatic && !group.filters.empty()) {
    return invalidInput("filter: only a dynamic group has a filter");
  }
  if (auto reason = validateGroupFilters(group.filters); !reason.empty()) {
    return invalidInput(reason);
  }
  const auto created = store_.createGroup(group, clock_.now());
  if (const auto* change = std::get_if<GroupChange>(&created)) {
    return problemFor(0, group.parent_id, *change);
  }
  return summary(std::get<std::int64_t>(created));
}

Outcome<GroupSummary> GroupService::update(std::int64_t id, GroupEdit edit) {
  if (edit.name) {
    if (auto reason = validateGroupName(*edit.name); !reason.empty()) return invalidInput(reason);
  }
  if (edit.comment) {
    if (auto reason = validateGroupComment(*edit.comment); !reason.empty()) {
      return invalidInput(reason);
    }
  }
  if (edit.filters) {
    if (auto reason = validateGroupFilters(*edit.filters); !reason.empty()) {
      return invalidInput(reason);
    }
  }
  const auto change = store_.updateGroup(id, edit);
  if (change != GroupChange::kDone) {
    return problemFor(id, edit.parent_id.value_or(std::nullopt), change);
  }
  return summary(id);
}

Outcome<void> GroupService::remove(std::int64_t id, bool subtree) {
  const auto change = store_.deleteGroup(id, subtree);
  if (change != GroupChange::kDone) return problemFor(id, std::nullopt, change);
  return {};
}

Outcome<MemberChange> GroupService::addMembers(std::int64_t id,
                                               const std::vector<std::int64_t>& devices) {
  if (auto reason = checkDeviceIds(devices); !reason.empty()) return invalidInput(reason);
  return memberOutcome(id, store_.addGroupMembers(id, devices));
}

Outcome<MemberChange> GroupService::addMembersMatching(std::int64_t id, DeviceQuery query) {
  query.page = 1;  // the whole selection, whatever page the list was on
  query.page_size = 1;
  if (auto reason = validateDeviceQuery(query); !reason.empty()) return invalidInput(reason);
  return memberOutcome(id, store_.addGroupMembersMatching(id, query));
}

Outcome<MemberChange> GroupService::removeMembers(std::int64_t id,
                                                  const std::vector<std::int64_t>& devices) {
  if (auto reason = checkDeviceIds(devices); !reason.empty()) return invalidInput(reason);
  return memberOutcome(id, store_.removeGroupMembers(id, devices));
}

Outcome<std::vector<std::int64_t>> GroupService::devicesOf(std::int64_t id) {
  auto devices = store_.groupDeviceIds(id);
  if (!devices) return notFound(id);
  return std::move(*devices);
}

}  // namespace pw::manager
