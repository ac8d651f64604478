// The group rules of manager/core/device_group.hpp: loops, names, comments, dynamic filters.
#include "manager/core/device_group.hpp"

#include <gtest/gtest.h>

namespace pw::manager {
namespace {

DeviceGroup group(std::int64_t id, std::optional<std::int64_t> parent) {
  DeviceGroup g;
  g.id = id;
  g.parent_id = parent;
  return g;
}

TEST(DeviceGroup, AParentBelowTheGroupWouldCloseALoop) {
  // 1 ─ 2 ─ 3, and 4 alone.
  const std::vector<DeviceGroup> groups = {group(1, std::nullopt), group(2, 1), group(3, 2),
                                           group(4, std::nullopt)};
  EXPECT_TRUE(wouldCreateCycle(groups, 1, 1));
  EXPECT_TRUE(wouldCreateCycle(groups, 1, 3));
  EXPECT_TRUE(wouldCreateCycle(groups, 2, 3));
  EXPECT_FALSE(wouldCreateCycle(groups, 3, 1));
  EXPECT_FALSE(wouldCreateCycle(groups, 1, 4));
  EXPECT_FALSE(wouldCreateCycle(groups, 4, 99));  // an unknown parent is not a loop
  // A loop already in the data (not this change's doing) does not hang the walk.
  const std::vector<DeviceGroup> broken = {group(1, 2), group(2, 1), group(5, std::nullopt)};
  EXPECT_FALSE(wouldCreateCycle(broken, 5, 1));
}

TEST(DeviceGroup, NamesCommentsAndFiltersAreChecked) {
  EXPECT_EQ(validateGroupName("Paris"), "");
  EXPECT_EQ(validateGroupName("   "), "name must not be empty");
  EXPECT_EQ(validateGroupName(std::string(101, 'x')), "name must be at most 100 characters");
  EXPECT_EQ(validateGroupName("a\tb"), "name must not contain control characters");
  EXPECT_EQ(validateGroupComment("two\nlines"), "");
  EXPECT_EQ(validateGroupComment("bell\a"), "comment must not contain control characters");
  EXPECT_EQ(
      validateGroupFilters({{DeviceField::kVendor, {"hp"}}, {DeviceField::kState, {"managed"}}}),
      "");
  EXPECT_EQ(validateGroupFilters({{DeviceField::kLastSeen, {"x"}}}),
            "filter: the list cannot be filtered by lastSeen");
  EXPECT_NE(validateGroupFilters({{DeviceField::kState, {"removed"}}}).find("never holds removed"),
            std::string::npos);
  EXPECT_EQ(groupKindFromString("dynamic"), GroupKind::kDynamic);
  EXPECT_FALSE(groupKindFromString("Static"));
}

}  // namespace
}  // namespace pw::manager
