// GroupStore on SQLite (tables of migration 0011). Every check that guards an invariant (the
// parent exists, no loop, names unique among siblings, at most 5,000 members) runs in the same
// transaction as the write it guards. A static group's member rows stay while a device is
// removed from management (it comes back into its groups when restored) and count towards
// the limit; every read leaves removed devices out.
#include <algorithm>
#include <map>

#include "manager/storage/sqlite_statement.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace pw::manager {
namespace {

using sqlite::Statement;
using sqlite::Transaction;

constexpr const char* kGroupColumns = "id, parent_id, name, comment, kind, created_at";

DeviceGroup readGroup(const Statement& s) {
  DeviceGroup group;
  group.id = s.integer(0);
  if (!s.isNull(1)) group.parent_id = s.integer(1);
  group.name = s.text(2);
  group.comment = s.text(3);
  group.kind = groupKindFromString(s.text(4)).value_or(GroupKind::kStatic);
  group.created_at = s.time(5);
  return group;
}

// Adds one filter row per value, in order, so that the filter reads back as it was saved.
void writeFilters(sqlite3* db, std::int64_t group_id, const std::vector<DeviceFilter>& filters) {
  Statement(db, "DELETE FROM device_group_filters WHERE group_id = ?").bind(group_id).step();
  Statement insert(db,
                   "INSERT INTO device_group_filters (group_id, position, field, value) "
                   "VALUES (?, ?, ?, ?)");
  std::int64_t position = 0;
  for (const auto& filter : filters) {
    for (const auto& value : filter.values) {
      insert.reset()
          .bind(group_id)
          .bind(position++)
          .bind(std::string(toString(filter.field)))
          .bind(value)
          .step();
    }
  }
}

// Parents before children, siblings by name (case-insensitive), then id.
std::vector<DeviceGroup> treeOrder(std::vector<DeviceGroup> groups) {
  std::sort(groups.begin(), groups.end(), [](const DeviceGroup& a, const DeviceGroup& b) {
    const auto lower = [](std::string text) {
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return text;
    };
    const auto la = lower(a.name);
    const auto lb = lower(b.name);
    return la != lb ? la < lb : a.id < b.id;
  });
  std::map<std::int64_t, std::vector<const DeviceGroup*>> children;  // 0: the top level
  for (const auto& group : groups) children[group.parent_id.value_or(0)].push_back(&group);
  std::vector<DeviceGroup> ordered;
  ordered.reserve(groups.size());
  std::vector<const DeviceGroup*> stack(children[0].rbegin(), children[0].rend());
  while (!stack.empty()) {
    const auto* group = stack.back();
    stack.pop_back();
    ordered.push_back(*group);
    const auto& below = children[group->id];
    stack.insert(stack.end(), below.rbegin(), below.rend());
  }
  return ordered;
}

}  // namespace

std::optional<DeviceGroup> SqliteStorage::findGroupLocked(std::int64_t id) {
  return selectGroup(db_, id);
}

std::optional<DeviceGroup> SqliteStorage::selectGroup(sqlite3* db, std::int64_t id) {
  std::optional<DeviceGroup> group;
  {
    Statement s(db, std::string("SELECT ") + kGroupColumns + " FROM device_groups WHERE id = ?");
    s.bind(id);
    if (!s.step()) return std::nullopt;
    group = readGroup(s);
  }
  Statement s(db,
              "SELECT field, value FROM device_group_filters WHERE group_id = ? ORDER BY position");
  s.bind(id);
  while (s.step()) {
    const auto field = deviceFieldFromString(s.text(0));
    if (!field) throw StorageError("device group " + std::to_string(id) + " has a bad filter");
    if (group->filters.empty() || group->filters.back().field != *field) {
      group->filters.push_back({*field, {}});
    }
    group->filters.back().values.push_back(s.text(1));
  }
  return group;
}

std::vector<DeviceGroup> SqliteStorage::allGroupsLocked() {
  std::vector<std::int64_t> ids;
  {
    Statement s(db_, "SELECT id FROM device_groups");
    while (s.step()) ids.push_back(s.integer(0));
  }
  std::vector<DeviceGroup> groups;
  for (const auto id : ids) groups.push_back(*findGroupLocked(id));
  return groups;
}

std::vector<GroupSummary> SqliteStorage::listGroups() {
  std::lock_guard lock(mutex_);
  std::vector<GroupSummary> summaries;
  for (auto& group : treeOrder(allGroupsLocked())) {
    DeviceQuery members;
    members.groups = {group.id};
    const auto count = countMatchingDevicesLocked(members);
    summaries.push_back({std::move(group), count});
  }
  return summaries;
}

std::optional<GroupSummary> SqliteStorage::findGroup(std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto group = findGroupLocked(id);
  if (!group) return std::nullopt;
  DeviceQuery members;
  members.groups = {id};
  return GroupSummary{std::move(*group), countMatchingDevicesLocked(members)};
}

std::variant<std::int64_t, GroupChange> SqliteStorage::createGroup(const DeviceGroup& group,
                                                                   Clock::TimePoint now) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (group.parent_id && !findGroupLocked(*group.parent_id)) return GroupChange::kParentNotFound;
  Statement insert(db_,
                   "INSERT INTO device_groups (parent_id, name, comment, kind, created_at) "
                   "VALUES (?, ?, ?, ?, ?)");
  insert.bind(group.parent_id)
      .bind(group.name)
      .bind(group.comment)
      .bind(std::string(toString(group.kind)))
      .bind(now);
  if (!insert.stepUnlessConstraint()) return GroupChange::kNameTaken;
  const auto id = sqlite3_last_insert_rowid(db_);
  writeFilters(db_, id, group.filters);
  tx.commit();
  return id;
}

GroupChange SqliteStorage::updateGroup(std::int64_t id, const GroupEdit& edit) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  auto group = findGroupLocked(id);
  if (!group) return GroupChange::kNotFound;
  if (edit.filters && group->kind != GroupKind::kDynamic) return GroupChange::kNotDynamic;
  if (edit.parent_id && *edit.parent_id) {
    const auto parent = **edit.parent_id;
    if (parent != id && !findGroupLocked(parent)) return GroupChange::kParentNotFound;
    if (wouldCreateCycle(allGroupsLocked(), id, parent)) return GroupChange::kCycle;
  }
  if (edit.parent_id) group->parent_id = *edit.parent_id;
  if (edit.name) group->name = *edit.name;
  if (edit.comment) group->comment = *edit.comment;
  Statement update(db_,
                   "UPDATE device_groups SET parent_id = ?, name = ?, comment = ? WHERE id = ?");
  update.bind(group->parent_id).bind(group->name).bind(group->comment).bind(id);
  if (!update.stepUnlessConstraint()) return GroupChange::kNameTaken;
  if (edit.filters) writeFilters(db_, id, *edit.filters);
  tx.commit();
  return GroupChange::kDone;
}

GroupChange SqliteStorage::deleteGroup(std::int64_t id, bool subtree) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  if (!findGroupLocked(id)) return GroupChange::kNotFound;
  if (!subtree) {
    Statement children(db_, "SELECT 1 FROM device_groups WHERE parent_id = ? LIMIT 1");
    children.bind(id);
    if (children.step()) return GroupChange::kHasChildren;
  }
  // Subgroups, members and filters go by ON DELETE CASCADE.
  Statement(db_, "DELETE FROM device_groups WHERE id = ?").bind(id).step();
  tx.commit();
  return GroupChange::kDone;
}

MemberChange SqliteStorage::addGroupMembersLocked(std::int64_t id,
                                                  const std::vector<std::int64_t>& devices) {
  const auto group = findGroupLocked(id);
  if (!group) return {GroupChange::kNotFound, 0, {}};
  if (group->kind != GroupKind::kStatic) return {GroupChange::kNotStatic, 0, {}};
  std::vector<std::int64_t> wanted = devices;
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());

  MemberChange outcome;
  std::vector<std::int64_t> fresh;  // not yet members
  Statement device(db_, "SELECT state FROM devices WHERE id = ?");
  Statement member(db_, "SELECT 1 FROM device_group_members WHERE group_id = ? AND device_id = ?");
  for (const auto device_id : wanted) {
    device.reset().bind(device_id);
    if (!device.step() || device.text(0) == toString(DeviceState::kRemoved)) {
      outcome.unknown_devices.push_back(device_id);
      continue;
    }
    if (!member.reset().bind(id).bind(device_id).step()) fresh.push_back(device_id);
  }
  if (!outcome.unknown_devices.empty()) {
    outcome.change = GroupChange::kUnknownDevices;
    return outcome;
  }
  Statement stored(db_, "SELECT COUNT(*) FROM device_group_members WHERE group_id = ?");
  stored.bind(id).step();
  if (static_cast<std::size_t>(stored.integer(0)) + fresh.size() > kMaxStaticGroupMembers) {
    return {GroupChange::kTooManyMembers, 0, {}};
  }
  Statement insert(db_, "INSERT INTO device_group_members (group_id, device_id) VALUES (?, ?)");
  for (const auto device_id : fresh) insert.reset().bind(id).bind(device_id).step();
  outcome.count = static_cast<std::int64_t>(fresh.size());
  return outcome;
}

MemberChange SqliteStorage::addGroupMembers(std::int64_t id,
                                            const std::vector<std::int64_t>& devices) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  auto outcome = addGroupMembersLocked(id, devices);
  if (outcome.change == GroupChange::kDone) tx.commit();
  return outcome;
}

MemberChange SqliteStorage::addGroupMembersMatching(std::int64_t id, const DeviceQuery& query) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  const auto group = findGroupLocked(id);
  if (!group) return {GroupChange::kNotFound, 0, {}};
  if (group->kind != GroupKind::kStatic) return {GroupChange::kNotStatic, 0, {}};
  // Removed devices are never added, even when the query asks for them.
  auto selection = query;
  std::erase_if(selection.filters, [](const auto& f) { return f.field == DeviceField::kState; });
  for (const auto& filter : query.filters) {
    if (filter.field != DeviceField::kState) continue;
    auto visible = filter;
    std::erase(visible.values, std::string(toString(DeviceState::kRemoved)));
    if (visible.values.empty()) return {GroupChange::kDone, 0, {}};
    selection.filters.push_back(std::move(visible));
  }
  const auto ids = matchingDeviceIdsLocked(selection);
  if (ids.size() > kMaxStaticGroupMembers) return {GroupChange::kTooManyMembers, 0, {}};
  auto outcome = addGroupMembersLocked(id, ids);
  if (outcome.change == GroupChange::kDone) tx.commit();
  return outcome;
}

MemberChange SqliteStorage::removeGroupMembers(std::int64_t id,
                                               const std::vector<std::int64_t>& devices) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  const auto group = findGroupLocked(id);
  if (!group) return {GroupChange::kNotFound, 0, {}};
  if (group->kind != GroupKind::kStatic) return {GroupChange::kNotStatic, 0, {}};
  MemberChange outcome;
  Statement remove(db_, "DELETE FROM device_group_members WHERE group_id = ? AND device_id = ?");
  for (const auto device_id : devices) {
    remove.reset().bind(id).bind(device_id).step();
    outcome.count += sqlite3_changes(db_);
  }
  tx.commit();
  return outcome;
}

std::optional<std::vector<std::int64_t>> SqliteStorage::groupDeviceIds(std::int64_t id) {
  std::lock_guard lock(mutex_);
  if (!findGroupLocked(id)) return std::nullopt;
  DeviceQuery members;
  members.groups = {id};
  return matchingDeviceIdsLocked(members);
}

}  // namespace pw::manager
