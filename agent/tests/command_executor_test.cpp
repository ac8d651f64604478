#include "agent/core/command_executor.hpp"

#include <gtest/gtest.h>

namespace pw::agent {
namespace {

proto::Command command(std::int64_t id, std::string kind) {
  return {id, std::move(kind), 0, nlohmann::json::object()};
}

TEST(CommandExecutor, AnswersPingWithTheAgentTime) {
  FakeClock clock;
  CommandExecutor executor(clock);
  const auto result = executor.execute(command(1, "ping"));
  EXPECT_TRUE(result.succeeded);
  EXPECT_EQ(result.id, 1);
  EXPECT_EQ(result.data["agentTime"], toUnixSeconds(clock.now()));
}

TEST(CommandExecutor, RefusesUnknownKindsByName) {
  FakeClock clock;
  CommandExecutor executor(clock);
  const auto result = executor.execute(command(2, "reboot"));
  EXPECT_FALSE(result.succeeded);
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->code, "unsupported_command");
}

TEST(CommandExecutor, RepeatedIdRunsOnce) {
  FakeClock clock;
  CommandExecutor executor(clock);
  int runs = 0;
  executor.registerHandler("count", [&](const proto::Command& c) {
    ++runs;
    proto::CommandResult r;
    r.id = c.id;
    r.succeeded = true;
    return r;
  });
  executor.execute(command(9, "count"));
  executor.execute(command(9, "count"));
  executor.execute(command(10, "count"));
  EXPECT_EQ(runs, 2);
}

}  // namespace
}  // namespace pw::agent
