#include "manager/core/agent.hpp"

#include <gtest/gtest.h>

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

TEST(AgentStatus, FollowsStateAndHeartbeats) {
  FakeClock clock;
  Agent agent;
  EXPECT_EQ(agentStatus(agent, clock.now(), 30s), AgentStatus::kInactive);
  agent.state = AgentState::kActive;
  EXPECT_EQ(agentStatus(agent, clock.now(), 30s), AgentStatus::kUnreachable);
  agent.last_contact = clock.now();
  clock.advance(90s);
  EXPECT_EQ(agentStatus(agent, clock.now(), 30s), AgentStatus::kActive);
  clock.advance(1s);
  EXPECT_EQ(agentStatus(agent, clock.now(), 30s), AgentStatus::kUnreachable);
  EXPECT_STREQ(toString(AgentStatus::kUnreachable), "unreachable");
}

TEST(AgentName, MustBeShortPrintableAndNotBlank) {
  EXPECT_EQ(validateAgentName("Site Berlin"), "");
  EXPECT_EQ(validateAgentName("東京オフィス"), "");
  EXPECT_NE(validateAgentName(""), "");
  EXPECT_NE(validateAgentName("   "), "");
  EXPECT_NE(validateAgentName(std::string(65, 'a')), "");
  EXPECT_EQ(validateAgentName(std::string(64, 'a')), "");
  EXPECT_NE(validateAgentName("bad\nname"), "");
}

}  // namespace
}  // namespace pw::manager
