// GroupService on the real SQLite engine: the hierarchy rules, static members and their limit,
// dynamic filters evaluated when used, and removed or deleted devices.
#include "manager/services/group_service.hpp"

#include <gtest/gtest.h>

#include "manager/services/device_service.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

class GroupServiceTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  DeviceService devices{storage, clock};
  GroupService groups{storage, clock};

  std::int64_t discover(int n, const std::string& vendor) {
    DiscoveryReport r;
    char mac[18];
    std::snprintf(mac, sizeof mac, "aa:bb:cc:%02x:%02x:%02x", (n >> 16) & 0xff, (n >> 8) & 0xff,
                  n & 0xff);
    r.identity = {vendor, "M" + std::to_string(n), "S" + std::to_string(n), "1.0", mac};
    r.ip_address = "10.0." + std::to_string(n / 250) + "." + std::to_string(n % 250 + 1);
    return devices.recordDiscovery(r)->id;
  }

  std::int64_t create(const std::string& name, GroupKind kind,
                      std::optional<std::int64_t> parent = std::nullopt,
                      std::vector<DeviceFilter> filters = {}) {
    DeviceGroup g;
    g.name = name;
    g.kind = kind;
    g.parent_id = parent;
    g.filters = std::move(filters);
    const auto created = groups.create(g);
    EXPECT_TRUE(created) << created.error().message;
    return created ? created->group.id : 0;
  }
};

TEST_F(GroupServiceTest, NamesAreUniqueAmongSiblingsOnly) {
  const auto sites = create("Sites", GroupKind::kStatic);
  const auto paris = create("Paris", GroupKind::kStatic, sites);
  create("Paris", GroupKind::kStatic);  // another level: allowed
  DeviceGroup twin;
  twin.name = "PARIS";
  twin.parent_id = sites;
  EXPECT_EQ(groups.create(twin).error().code, "group_name_taken");
  twin.parent_id = 999;
  EXPECT_EQ(groups.create(twin).error().message, "parentId: group 999 does not exist");
  twin.parent_id = std::nullopt;
  twin.name = " ";
  EXPECT_EQ(groups.create(twin).error().message, "name must not be empty");
  twin.name = "static with a filter";
  twin.filters = {{DeviceField::kVendor, {"HP"}}};
  EXPECT_EQ(groups.create(twin).error().message, "filter: only a dynamic group has a filter");

  GroupEdit rename;
  rename.name = "paris";
  EXPECT_EQ(groups.update(sites, rename).error().code, "group_name_taken");  // top level
  const auto list = groups.list();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].group.name, "Paris");  // siblings by name, parents before children
  EXPECT_EQ(list[1].group.id, sites);
  EXPECT_EQ(list[2].group.id, paris);
}

TEST_F(GroupServiceTest, MovesThatWouldCloseALoopAreRefused) {
  const auto a = create("A", GroupKind::kStatic);
  const auto b = create("B", GroupKind::kStatic, a);
  const auto c = create("C", GroupKind::kDynamic, b);
  GroupEdit move;
  move.parent_id = c;
  EXPECT_EQ(groups.update(a, move).error().code, "group_cycle");
  move.parent_id = a;
  EXPECT_EQ(groups.update(a, move).error().code, "group_cycle");
  move.parent_id = std::optional<std::int64_t>();  // to the top level
  ASSERT_TRUE(groups.update(c, move));
  EXPECT_FALSE(groups.get(c)->group.parent_id);
  move.parent_id = c;
  ASSERT_TRUE(groups.update(a, move));  // c is no longer below a
  EXPECT_EQ(groups.get(a)->group.parent_id, c);
}

TEST_F(GroupServiceTest, DeletingAGroupWithSubgroupsNeedsTheSubtree) {
  const auto a = create("A", GroupKind::kStatic);
  const auto b = create("B", GroupKind::kStatic, a);
  const auto d = discover(1, "HP");
  ASSERT_TRUE(groups.addMembers(b, {d}));
  EXPECT_EQ(groups.remove(a, false).error().code, "group_has_children");
  ASSERT_TRUE(groups.remove(a, true));
  EXPECT_EQ(groups.get(b).error().code, "not_found");
  EXPECT_TRUE(groups.list().empty());
  EXPECT_TRUE(devices.get(d));  // devices stay
  EXPECT_EQ(groups.remove(a, true).error().code, "not_found");
}

TEST_F(GroupServiceTest, StaticGroupsHoldAtMostFiveThousandDevices) {
  const auto g = create("Big", GroupKind::kStatic);
  std::vector<std::int64_t> ids;
  for (int n = 0; n < 5001; ++n) ids.push_back(discover(n, "HP"));
  const std::vector<std::int64_t> first(ids.begin(), ids.begin() + 4999);
  const auto added = groups.addMembers(g, first);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->count, 4999);
  EXPECT_EQ(groups.addMembers(g, first)->count, 0);  // already members
  EXPECT_EQ(groups.addMembers(g, {ids[4999], ids[5000]}).error().code, "group_too_large");
  EXPECT_EQ(groups.get(g)->member_count, 4999);  // all or none
  EXPECT_EQ(groups.addMembers(g, {ids[4999]})->count, 1);
  EXPECT_EQ(groups.addMembers(g, ids).error().message,
            "deviceIds takes at most 5000 devices at once");
  EXPECT_EQ(groups.devicesOf(g)->size(), 5000u);
}

TEST_F(GroupServiceTest, UnknownOrRemovedDevicesAreRefusedAllOrNone) {
  const auto g = create("G", GroupKind::kStatic);
  const auto d1 = discover(1, "HP");
  const auto d2 = discover(2, "HP");
  ASSERT_TRUE(devices.remove(d2));
  const auto refused = groups.addMembers(g, {d1, d2, 777});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "deviceIds: these devices do not exist or are removed from management: " +
                std::to_string(d2) + ", 777");
  EXPECT_EQ(groups.get(g)->member_count, 0);
}

TEST_F(GroupServiceTest, RemovedDevicesLeaveTheirGroupsUntilRestoredAndDeletedOnesForGood) {
  const auto g = create("G", GroupKind::kStatic);
  const auto dyn =
      create("HP", GroupKind::kDynamic, std::nullopt, {{DeviceField::kVendor, {"HP"}}});
  const auto d1 = discover(1, "HP");
  const auto d2 = discover(2, "HP");
  ASSERT_TRUE(groups.addMembers(g, {d1, d2}));
  ASSERT_TRUE(devices.remove(d2));
  EXPECT_EQ(groups.devicesOf(g).value(), std::vector<std::int64_t>{d1});
  EXPECT_EQ(groups.devicesOf(dyn).value(), std::vector<std::int64_t>{d1});
  EXPECT_EQ(groups.get(g)->member_count, 1);
  DeviceQuery removed_view;
  removed_view.groups = {g};
  removed_view.filters = {{DeviceField::kState, {"removed"}}};
  EXPECT_EQ(devices.list(removed_view)->total, 0);  // not even when asking for removed ones

  ASSERT_TRUE(devices.restore(d2));
  EXPECT_EQ(groups.devicesOf(g)->size(), 2u);
  ASSERT_TRUE(devices.remove(d2));
  ASSERT_TRUE(devices.deletePermanently(d2));
  ASSERT_TRUE(groups.removeMembers(g, {d1}));
  EXPECT_TRUE(groups.devicesOf(g)->empty());
  // The deleted device's membership went with it: rediscovered, it is a new device, in no group.
  discover(2, "HP");
  EXPECT_TRUE(groups.devicesOf(g)->empty());
}

TEST_F(GroupServiceTest, DynamicGroupsEvaluateTheirFilterWhenUsed) {
  const auto hp =
      create("HP or Canon in Paris", GroupKind::kDynamic, std::nullopt,
             {{DeviceField::kVendor, {"hp", "canon"}}, {DeviceField::kIpAddress, {"10.0.0."}}});
  const auto d1 = discover(1, "HP");
  discover(2, "Xerox");
  const auto d3 = discover(3, "Canon");
  discover(300, "HP");  // 10.0.1.x
  EXPECT_EQ(groups.devicesOf(hp).value(), (std::vector<std::int64_t>{d1, d3}));
  const auto d4 = discover(4, "HP");  // found later: joins by itself
  EXPECT_EQ(groups.get(hp)->member_count, 3);
  EXPECT_EQ(groups.devicesOf(hp)->back(), d4);

  EXPECT_EQ(groups.addMembers(hp, {d1}).error().code, "group_dynamic");
  GroupEdit edit;
  edit.filters = std::vector<DeviceFilter>{{DeviceField::kState, {"removed"}}};
  EXPECT_EQ(groups.update(hp, edit).error().code, "invalid_input");
  edit.filters = std::vector<DeviceFilter>{{DeviceField::kVendor, {"xerox"}}};
  ASSERT_TRUE(groups.update(hp, edit));
  EXPECT_EQ(groups.get(hp)->group.filters.at(0).values.at(0), "xerox");
  EXPECT_EQ(groups.get(hp)->member_count, 1);

  const auto fixed = create("Fixed", GroupKind::kStatic);
  EXPECT_EQ(groups.update(fixed, edit).error().message,
            "filter: only a dynamic group has a filter");
}

TEST_F(GroupServiceTest, TheDeviceListFiltersByGroupsOrEdAndAddsAViewToAStaticGroup) {
  const auto d1 = discover(1, "HP");
  const auto d2 = discover(2, "Xerox");
  const auto d3 = discover(3, "Canon");
  const auto fixed = create("Fixed", GroupKind::kStatic);
  const auto xerox =
      create("Xerox", GroupKind::kDynamic, std::nullopt, {{DeviceField::kVendor, {"xerox"}}});
  ASSERT_TRUE(groups.addMembers(fixed, {d1}));
  DeviceQuery q;
  q.groups = {fixed, xerox};
  const auto page = devices.list(q);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 2);
  EXPECT_EQ(page->items[0].id, d1);
  EXPECT_EQ(page->items[1].id, d2);
  q.filters = {{DeviceField::kVendor, {"hp"}}};  // AND with other fields
  EXPECT_EQ(devices.list(q)->total, 1);
  q = {};
  q.groups = {12345};
  EXPECT_EQ(devices.list(q)->total, 0);

  // "Add all devices of the current view": the filter's selection, not the page.
  DeviceQuery view;
  view.page = 3;
  view.filters = {{DeviceField::kVendor, {"xerox", "canon"}}};
  const auto added = groups.addMembersMatching(fixed, view);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->count, 2);
  EXPECT_EQ(groups.devicesOf(fixed).value(), (std::vector<std::int64_t>{d1, d2, d3}));
  EXPECT_EQ(groups.addMembersMatching(xerox, view).error().code, "group_dynamic");
}

}  // namespace
}  // namespace pw::manager
