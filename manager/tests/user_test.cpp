#include "manager/core/user.hpp"

#include <gtest/gtest.h>

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

TEST(PasswordRule, NeedsLengthAndThreeClasses) {
  EXPECT_EQ(validatePassword("Abcdef12"), "");
  EXPECT_EQ(validatePassword("abcdef1!"), "");
  EXPECT_NE(validatePassword("Abc12!"), "");      // too short
  EXPECT_NE(validatePassword("abcdefgh12"), "");  // two classes
  EXPECT_NE(validatePassword("ABCDEFGHIJ"), "");  // one class
  EXPECT_EQ(validatePassword("Abcdefghij1", 10), "");
  EXPECT_NE(validatePassword("Abcdefgh1", 10), "");
}

TEST(Roles, RoundTripThroughText) {
  for (auto role : {Role::kSystemManager, Role::kDeviceManager, Role::kUser}) {
    EXPECT_EQ(roleFromString(toString(role)), role);
  }
  EXPECT_FALSE(roleFromString("root"));
}

TEST(SessionPolicy, IdleSessionsSlideRememberedOnesDoNot) {
  FakeClock clock;
  const SessionPolicy policy{30min};
  const auto start = clock.now();
  EXPECT_EQ(policy.expiryAfterLogin(false, start), start + 30min);
  EXPECT_EQ(policy.expiryAfterLogin(true, start), start + std::chrono::hours(24 * 5));

  Session idle{"h", 1, "c", false, start, start, start + 30min};
  EXPECT_EQ(policy.expiryAfterActivity(idle, start + 10min), start + 40min);
  Session remembered{"h", 1, "c", true, start, start, start + std::chrono::hours(120)};
  EXPECT_EQ(policy.expiryAfterActivity(remembered, start + 10min), start + std::chrono::hours(120));
}

TEST(Grant, NamesRoundTripAndSetsKeepOnlyKnownBits) {
  for (const auto grant : kAllGrants) EXPECT_EQ(grantFromString(toString(grant)), grant);
  EXPECT_EQ(grantFromString("Devices"), std::nullopt);
  EXPECT_EQ(grantFromString(""), std::nullopt);

  const GrantSet set{Grant::kTasks, Grant::kReports};
  EXPECT_TRUE(set.has(Grant::kTasks));
  EXPECT_TRUE(set.has(Grant::kReports));
  EXPECT_FALSE(set.has(Grant::kDevices));
  EXPECT_FALSE(set.has(Grant::kDataManagement));
  EXPECT_EQ(GrantSet::fromBits(set.bits()), set);
  EXPECT_EQ(GrantSet::fromBits(0xF0U | set.bits()), set);  // unknown bits dropped
}

}  // namespace
}  // namespace pw::manager
