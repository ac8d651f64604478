#pragma once
// Device groups (manager/core/device_group.hpp): the hierarchy, static members and dynamic
// filters, checked and stored, and the one resolver of "the devices of group G" that task
// targets and reports call. Thread-safe (the store is).
#include <cstdint>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/device_group.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

class GroupService {
 public:
  GroupService(GroupStore& store, const Clock& clock);

  /// Every group with its member count, parents before children, siblings by name.
  std::vector<GroupSummary> list();
  /// not_found.
  Outcome<GroupSummary> get(std::int64_t id);
  /// `group` carries parent_id, name, comment, kind and (dynamic only) filters. invalid_input
  /// naming the field (parentId when the parent does not exist); conflict group_name_taken.
  Outcome<GroupSummary> create(DeviceGroup group);
  /// As create, plus not_found, conflict group_cycle (the parent is the group or below it) and
  /// invalid_input for a filter on a static group.
  Outcome<GroupSummary> update(std::int64_t id, GroupEdit edit);
  /// not_found; conflict group_has_children unless `subtree`.
  Outcome<void> remove(std::int64_t id, bool subtree);

  /// Adds devices to a static group, all or none. invalid_input: more than 5,000 ids, an id that
  /// is no device or a removed one (details in MemberChange::unknown_devices, listed in the
  /// message), group_too_large when the group would pass 5,000; conflict group_dynamic.
  Outcome<MemberChange> addMembers(std::int64_t id, const std::vector<std::int64_t>& devices);
  /// Adds what the device list shows for `query` (its filters; paging ignored), all or none.
  Outcome<MemberChange> addMembersMatching(std::int64_t id, DeviceQuery query);
  /// Removes devices from a static group (ids that are not members are ignored).
  Outcome<MemberChange> removeMembers(std::int64_t id, const std::vector<std::int64_t>& devices);

  /// The resolver: the devices of the group now — its static members, or what its dynamic
  /// filter matches — never removed devices, and not its subgroups' devices (decision 0016).
  /// Ascending ids. not_found.
  Outcome<std::vector<std::int64_t>> devicesOf(std::int64_t id);

 private:
  Outcome<GroupSummary> summary(std::int64_t id);

  GroupStore& store_;
  const Clock& clock_;
};

}  // namespace pw::manager
