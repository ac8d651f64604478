// MailQueue: messages sent in order off the caller's thread, `done` told the outcome, a full
// queue refusing instead of growing, stop() sending what is queued.
#include "manager/notify/mail_queue.hpp"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <vector>

namespace pw::manager::notify {
namespace {

MailMessage message(const std::string& subject) {
  return {{"a@example.org"}, subject, "", {}};
}

TEST(MailQueue, SendsInOrderAndReportsEachOutcome) {
  std::mutex mutex;
  std::vector<std::string> sent;
  MailQueue queue(
      [&](const MailServerSettings&, const MailMessage& m) -> std::optional<std::string> {
        std::lock_guard lock(mutex);
        sent.push_back(m.subject);
        if (m.subject == "bad") return "550 no such user";
        return std::nullopt;
      },
      10);
  std::promise<std::optional<std::string>> first;
  std::promise<std::optional<std::string>> second;
  ASSERT_TRUE(queue.post({}, message("good"), [&](auto e) { first.set_value(e); }));
  ASSERT_TRUE(queue.post({}, message("bad"), [&](auto e) { second.set_value(e); }));
  EXPECT_EQ(first.get_future().get(), std::nullopt);
  EXPECT_EQ(second.get_future().get(), "550 no such user");
  queue.stop();
  EXPECT_EQ(sent, (std::vector<std::string>{"good", "bad"}));
}

TEST(MailQueue, FullQueueRefusesAndStopSendsWhatIsQueued) {
  std::promise<void> release;
  auto released = release.get_future().share();
  std::promise<void> started;
  int calls = 0;
  MailQueue queue(
      [&](const MailServerSettings&, const MailMessage&) -> std::optional<std::string> {
        if (++calls == 1) {
          started.set_value();
          released.wait();
        }
        return std::nullopt;
      },
      2);
  ASSERT_TRUE(queue.post({}, message("1"), {}));
  started.get_future().wait();  // the first is being sent: the queue is empty again
  EXPECT_TRUE(queue.post({}, message("2"), {}));
  EXPECT_TRUE(queue.post({}, message("3"), {}));
  bool called = false;
  EXPECT_FALSE(queue.post({}, message("4"), [&](auto) { called = true; }));
  release.set_value();
  queue.stop();
  EXPECT_EQ(calls, 3);
  EXPECT_FALSE(called);
  EXPECT_FALSE(queue.post({}, message("5"), {}));
}

TEST(MailQueue, ASenderThatThrowsIsReportedAsAnError) {
  MailQueue queue(
      [](const MailServerSettings&, const MailMessage&) -> std::optional<std::string> {
        throw std::runtime_error("boom");
      },
      1);
  std::promise<std::optional<std::string>> done;
  ASSERT_TRUE(queue.post({}, message("x"), [&](auto e) { done.set_value(e); }));
  EXPECT_EQ(done.get_future().get(), "boom");
}

}  // namespace
}  // namespace pw::manager::notify
