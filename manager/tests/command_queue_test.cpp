#include "manager/core/command_queue.hpp"

#include <gtest/gtest.h>

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

struct Recorder {
  std::vector<std::vector<QueuedCommand>> deliveries;
  CommandQueue::Delivery delivery() {
    return [this](std::vector<QueuedCommand> c) { deliveries.push_back(std::move(c)); };
  }
};

TEST(CommandQueue, ParkedPollIsAnsweredByTheNextCommand) {
  FakeClock clock;
  CommandQueue queue(clock);
  Recorder poll;
  const auto wait = queue.wait(7, poll.delivery());
  EXPECT_NE(wait, 0u);
  EXPECT_TRUE(poll.deliveries.empty());
  const auto id = queue.issue(7, "ping", "{}", 10s, nullptr);
  ASSERT_EQ(poll.deliveries.size(), 1u);
  ASSERT_EQ(poll.deliveries[0].size(), 1u);
  EXPECT_EQ(poll.deliveries[0][0].id, id);
  queue.release(wait);  // already answered: no second delivery
  EXPECT_EQ(poll.deliveries.size(), 1u);
}

TEST(CommandQueue, ANewPollSupersedesTheAgentsOlderOne) {
  FakeClock clock;
  CommandQueue queue(clock);
  Recorder dead, live;
  queue.wait(7, dead.delivery());
  queue.wait(7, live.delivery());
  ASSERT_EQ(dead.deliveries.size(), 1u);  // ended empty
  EXPECT_TRUE(dead.deliveries[0].empty());
  queue.issue(7, "ping", "{}", 10s, nullptr);
  EXPECT_EQ(dead.deliveries.size(), 1u);
  ASSERT_EQ(live.deliveries.size(), 1u);
  EXPECT_EQ(live.deliveries[0].size(), 1u);
}

TEST(CommandQueue, CommandsForOtherAgentsDoNotWakeAPoll) {
  FakeClock clock;
  CommandQueue queue(clock);
  Recorder poll;
  const auto wait = queue.wait(1, poll.delivery());
  queue.issue(2, "ping", "{}", 10s, nullptr);
  EXPECT_TRUE(poll.deliveries.empty());
  queue.release(wait);
  ASSERT_EQ(poll.deliveries.size(), 1u);
  EXPECT_TRUE(poll.deliveries[0].empty());
}

TEST(CommandQueue, QueuedCommandIsDeliveredAtOnceAndCompleted) {
  FakeClock clock;
  CommandQueue queue(clock);
  std::optional<CommandOutcome> outcome;
  const auto id = queue.issue(3, "ping", "{}", 10s, [&](const CommandOutcome& o) { outcome = o; });
  Recorder poll;
  EXPECT_EQ(queue.wait(3, poll.delivery()), 0u);
  ASSERT_EQ(poll.deliveries.size(), 1u);
  EXPECT_FALSE(queue.complete(4, id, {}));  // another Agent cannot answer it
  EXPECT_TRUE(
      queue.complete(3, id, {CommandOutcome::Kind::kSucceeded, "{\"a\":1}", "", "", clock.now()}));
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->data_json, "{\"a\":1}");
  EXPECT_FALSE(queue.complete(3, id, {}));  // only once
  EXPECT_EQ(queue.pendingCount(), 0u);
}

TEST(CommandQueue, TickRedeliversAnUnansweredCommandToTheParkedPoll) {
  FakeClock clock;
  CommandQueue queue(clock, 3s);
  Recorder lost, live;
  queue.wait(1, lost.delivery());  // a poll whose connection already died
  queue.issue(1, "ping", "{}", 60s, nullptr);
  ASSERT_EQ(lost.deliveries.size(), 1u);
  queue.wait(1, live.delivery());  // the Agent's next poll: nothing due yet
  EXPECT_TRUE(live.deliveries.empty());
  clock.advance(2s);
  queue.tick();
  EXPECT_TRUE(live.deliveries.empty());
  clock.advance(2s);
  queue.tick();
  ASSERT_EQ(live.deliveries.size(), 1u);
  EXPECT_EQ(live.deliveries[0].size(), 1u);
}

TEST(CommandQueue, UnansweredDeliveryIsRedeliveredLater) {
  FakeClock clock;
  CommandQueue queue(clock, 15s);
  queue.issue(1, "ping", "{}", 60s, nullptr);
  Recorder first, second, third;
  EXPECT_EQ(queue.wait(1, first.delivery()), 0u);
  const auto parked = queue.wait(1, second.delivery());
  EXPECT_NE(parked, 0u);  // delivered moments ago: not again yet
  queue.release(parked);
  clock.advance(16s);
  EXPECT_EQ(queue.wait(1, third.delivery()), 0u);
  ASSERT_EQ(third.deliveries.size(), 1u);
  EXPECT_EQ(third.deliveries[0].size(), 1u);
}

TEST(CommandQueue, ProgressReachesTheIssuerAndPostponesRedelivery) {
  FakeClock clock;
  CommandQueue queue(clock, 15s);
  std::vector<CommandProgressInfo> seen;
  const auto id = queue.issue(1, "discover", "{}", 300s, nullptr,
                              [&seen](const CommandProgressInfo& p) { seen.push_back(p); });
  Recorder first, second;
  EXPECT_EQ(queue.wait(1, first.delivery()), 0u);
  clock.advance(10s);
  EXPECT_TRUE(queue.progress(1, id, {50, 100, 2}));
  EXPECT_FALSE(queue.progress(2, id, {60, 100, 2}));  // another Agent's report is refused
  EXPECT_FALSE(queue.progress(1, id + 1, {1, 1, 0}));
  clock.advance(10s);  // 20 s after delivery but only 10 s after the progress report
  EXPECT_NE(queue.wait(1, second.delivery()), 0u);
  EXPECT_TRUE(second.deliveries.empty());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].done, 50);
  EXPECT_EQ(seen[0].found, 2);
}

TEST(CommandQueue, ExpiresPastDeadlineAsTimedOut) {
  FakeClock clock;
  CommandQueue queue(clock);
  std::optional<CommandOutcome> outcome;
  queue.issue(1, "ping", "{}", 10s, [&](const CommandOutcome& o) { outcome = o; });
  clock.advance(9s);
  queue.tick();
  EXPECT_FALSE(outcome);
  clock.advance(1s);
  queue.tick();
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->kind, CommandOutcome::Kind::kTimedOut);
  EXPECT_EQ(outcome->error_code, "agent_timeout");
}

TEST(CommandQueue, DroppingAnAgentCancelsItsCommandsAndPolls) {
  FakeClock clock;
  CommandQueue queue(clock);
  Recorder poll;
  queue.wait(5, poll.delivery());
  std::optional<CommandOutcome> outcome;
  queue.issue(6, "ping", "{}", 10s, [&](const CommandOutcome& o) { outcome = o; });
  queue.dropAgent(5);
  ASSERT_EQ(poll.deliveries.size(), 1u);
  EXPECT_FALSE(outcome);
  queue.dropAgent(6);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->kind, CommandOutcome::Kind::kCancelled);
}

}  // namespace
}  // namespace pw::manager
