#include "agent/core/enrollment_state.hpp"

#include <gtest/gtest.h>

namespace pw::agent {
namespace {

TEST(EnrollmentState, RoundTripsThroughJson) {
  EnrollmentState s{12, "Lab", "mgr.example.test", 8443, 8444, 30, "abc"};
  const auto back = EnrollmentState::fromJson(s.toJson());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->agent_id, 12);
  EXPECT_EQ(back->manager_host, "mgr.example.test");
  EXPECT_EQ(back->agent_port, 8444);
}

TEST(EnrollmentState, RejectsDamagedFiles) {
  EnrollmentState s{12, "Lab", "m", 8443, 8444, 30, "abc"};
  auto j = s.toJson();
  j.erase("agentPort");
  EXPECT_FALSE(EnrollmentState::fromJson(j));
  j = s.toJson();
  j["agentPort"] = "x";
  EXPECT_FALSE(EnrollmentState::fromJson(j));
  j = s.toJson();
  j["agentPort"] = 0;
  EXPECT_FALSE(EnrollmentState::fromJson(j));
}

TEST(ManagerAddress, ParsesHttpsUrls) {
  auto a = ManagerAddress::parse("https://mgr.example.test:8443/");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "mgr.example.test");
  EXPECT_EQ(a->port, 8443);
  a = ManagerAddress::parse("https://10.0.0.5");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port, 443);
  a = ManagerAddress::parse("https://[::1]:9443");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 9443);
  EXPECT_FALSE(ManagerAddress::parse("http://mgr:8443"));
  EXPECT_FALSE(ManagerAddress::parse("https://:8443"));
  EXPECT_FALSE(ManagerAddress::parse("https://mgr:99999"));
  EXPECT_FALSE(ManagerAddress::parse("https://mgr:8443/console"));
  EXPECT_FALSE(ManagerAddress::parse("mgr:8443"));
}

}  // namespace
}  // namespace pw::agent
