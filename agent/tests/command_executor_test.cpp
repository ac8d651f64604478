#include "agent/core/command_executor.hpp"

#include <gtest/gtest.h>

#include <future>
#include <vector>

namespace pw::agent {
namespace {

proto::Command command(std::int64_t id, std::string kind) {
  return {id, std::move(kind), 0, nlohmann::json::object()};
}

TEST(CommandExecutor, AnswersPingWithTheAgentTime) {
  FakeClock clock;
  CommandExecutor executor(clock);
  const auto result = executor.execute(command(1, "ping"));
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->succeeded);
  EXPECT_EQ(result->id, 1);
  EXPECT_EQ(result->data["agentTime"], toUnixSeconds(clock.now()));
}

TEST(CommandExecutor, RefusesUnknownKindsByName) {
  FakeClock clock;
  CommandExecutor executor(clock);
  const auto result = executor.execute(command(2, "reboot"));
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->succeeded);
  ASSERT_TRUE(result->error);
  EXPECT_EQ(result->error->code, "unsupported_command");
}

TEST(CommandExecutor, RepeatedIdRunsOnce) {
  FakeClock clock;
  CommandExecutor executor(clock);
  int runs = 0;
  executor.registerHandler("count", [&](const proto::Command& c, const ProgressSink&) {
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

TEST(CommandExecutor, RedeliveryWhileRunningIsNotRunAgainAndProgressReachesTheSink) {
  FakeClock clock;
  CommandExecutor executor(clock);
  std::promise<void> entered;
  std::promise<void> release;
  auto released = release.get_future().share();
  executor.registerHandler("long", [&](const proto::Command& c, const ProgressSink& progress) {
    progress({c.id, 1, 2, 0});
    entered.set_value();
    released.wait();
    proto::CommandResult r;
    r.id = c.id;
    r.succeeded = true;
    return r;
  });
  std::vector<proto::CommandProgress> seen;
  auto first = std::async(std::launch::async, [&] {
    return executor.execute(command(5, "long"),
                            [&](const proto::CommandProgress& p) { seen.push_back(p); });
  });
  entered.get_future().wait();
  EXPECT_FALSE(executor.execute(command(5, "long")).has_value());  // still running
  release.set_value();
  const auto result = first.get();
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->succeeded);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].done, 1);
  EXPECT_EQ(seen[0].total, 2);
  const auto again = executor.execute(command(5, "long"));  // finished: answered from memory
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->succeeded);
}

}  // namespace
}  // namespace pw::agent
