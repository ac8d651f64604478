#pragma once
// Device groups: named sets of devices that tasks, reports and notifications target, arranged
// in a hierarchy (a group may have a parent). A static group lists its devices; a dynamic
// group is a saved device-list filter, evaluated whenever the group is used and never stored
// as a member list, so devices discovered later join it by themselves. A group's devices are
// its own only: a parent does not include its children's (decision 0016). Removed devices
// belong to no group while removed.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/device.hpp"

namespace pw::manager {

/// Fixed at creation: a group is never turned from one kind into the other.
enum class GroupKind { kStatic, kDynamic };

const char* toString(GroupKind kind);  ///< "static", "dynamic"
std::optional<GroupKind> groupKindFromString(std::string_view text);

inline constexpr std::size_t kMaxStaticGroupMembers = 5000;
inline constexpr std::size_t kMaxGroupNameLength = 100;
inline constexpr std::size_t kMaxGroupCommentLength = 1000;

struct DeviceGroup {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;  ///< none: a top-level group
  std::string name;                       ///< unique among its siblings, ignoring case
  std::string comment;
  GroupKind kind = GroupKind::kStatic;
  std::vector<DeviceFilter> filters;  ///< a dynamic group's filter (AND across fields)
  Clock::TimePoint created_at;
};

/// A group with the number of devices it holds now (removed devices not counted).
struct GroupSummary {
  DeviceGroup group;
  std::int64_t member_count = 0;
};

/// The fields an edit may change; unset fields stay. The kind never changes.
struct GroupEdit {
  std::optional<std::string> name;
  std::optional<std::string> comment;
  std::optional<std::optional<std::int64_t>> parent_id;  ///< set to nullopt: to the top level
  std::optional<std::vector<DeviceFilter>> filters;      ///< dynamic groups only
};

/// Name: 1 to 100 characters, no control characters, not only spaces. Comment: at most 1000
/// characters. Filters: as the device list takes them (validateDeviceQuery), never asking for
/// removed devices (a group never holds them). Returns "<field> must ..." naming the API field,
/// or empty when valid.
std::string validateGroupName(const std::string& name);
std::string validateGroupComment(const std::string& comment);
std::string validateGroupFilters(const std::vector<DeviceFilter>& filters);

/// Whether making `parent_id` the parent of group `id` would close a loop: the parent is the
/// group itself or one of its descendants. `groups` holds every group (their current parents).
bool wouldCreateCycle(std::span<const DeviceGroup> groups, std::int64_t id, std::int64_t parent_id);

/// What a change to groups or their members came to.
enum class GroupChange {
  kDone,
  kNotFound,
  kParentNotFound,
  kNameTaken,    ///< a sibling has the name
  kCycle,        ///< the parent is the group or below it
  kHasChildren,  ///< deleting a group that has subgroups without asking for the subtree
  kNotStatic,    ///< members added to or removed from a dynamic group
  kNotDynamic,   ///< a filter given to a static group
  kTooManyMembers,
  kUnknownDevices,  ///< a device id that does not exist or is removed
};

/// The outcome of adding or removing members; for kUnknownDevices the ids at fault.
struct MemberChange {
  GroupChange change = GroupChange::kDone;
  std::int64_t count = 0;  ///< devices added (or removed) by the change
  std::vector<std::int64_t> unknown_devices;
};

}  // namespace pw::manager
