#include "common/net/event_loop.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "common/net/tests/test_support.hpp"

namespace pw::net {
namespace {

using namespace std::chrono_literals;
using testing::waitFor;

class EventLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    runner_ = std::thread([this] { loop_.run(); });
  }
  void TearDown() override {
    loop_.stop();
    if (runner_.joinable()) runner_.join();
  }

  EventLoop loop_{3};
  std::thread runner_;
};

TEST_F(EventLoopTest, PostRunsOnIoThreads) {
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::atomic<int> count{0};
  for (int i = 0; i < 200; ++i) {
    loop_.post([&] {
      {
        std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
      }
      ++count;
    });
  }
  ASSERT_TRUE(waitFor([&] { return count == 200; }));
  std::lock_guard lock(mutex);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0U);
}

TEST_F(EventLoopTest, RunDoesNotReturnWhileIdle) {
  // Nothing is queued, yet run() must keep going until stop().
  std::atomic<bool> ran{false};
  loop_.post([&] { ran = true; });
  ASSERT_TRUE(waitFor([&] { return ran.load(); }));
  std::atomic<bool> later{false};
  const auto id = loop_.runAfter(20ms, [&] { later = true; });
  EXPECT_NE(id, 0U);
  EXPECT_TRUE(waitFor([&] { return later.load(); }));
}

TEST_F(EventLoopTest, ThrowingCallbackDoesNotKillTheLoop) {
  loop_.post([] { throw std::runtime_error("boom"); });
  std::atomic<bool> ran{false};
  loop_.post([&] { ran = true; });
  EXPECT_TRUE(waitFor([&] { return ran.load(); }));
}

TEST_F(EventLoopTest, TimersFireAndCancel) {
  std::atomic<bool> fired{false};
  std::atomic<bool> cancelled_fired{false};
  const auto start = std::chrono::steady_clock::now();
  const auto keep = loop_.runAfter(50ms, [&] { fired = true; });
  const auto drop = loop_.runAfter(50ms, [&] { cancelled_fired = true; });
  EXPECT_NE(keep, drop);
  EXPECT_TRUE(loop_.cancel(drop));
  EXPECT_FALSE(loop_.cancel(drop));  // second cancel: nothing left to cancel
  ASSERT_TRUE(waitFor([&] { return fired.load(); }));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 50ms);
  EXPECT_FALSE(loop_.cancel(keep));  // already ran
  // A cancelled timer must stay silent even past its due time: wait for a later timer.
  std::atomic<bool> sentinel{false};
  loop_.runAfter(100ms, [&] { sentinel = true; });
  ASSERT_TRUE(waitFor([&] { return sentinel.load(); }));
  EXPECT_FALSE(cancelled_fired.load());
  EXPECT_FALSE(loop_.cancel(12345));
}

TEST(EventLoopStopTest, StopBeforeRunReturnsImmediately) {
  EventLoop loop(2);
  loop.stop();
  loop.run();  // must not hang
  SUCCEED();
}

}  // namespace
}  // namespace pw::net
