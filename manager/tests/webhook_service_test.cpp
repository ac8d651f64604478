// WebhookService on SQLite with the real libcurl poster against a real HTTP receiver (Python's
// http.server, tests/harness/http_receiver.py) that fails the first requests: headers, token and
// payload as received, retries with exponential backoff on a FakeClock, bounded attempts, the
// delivery log, retention, and the token sealed (never in the stored rows or the answers).
#include "manager/services/webhook_service.hpp"

#include <gtest/gtest.h>

#include "manager/notify/tests/peer_process.hpp"
#include "manager/notify/webhook_poster.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using notify::testing::PeerProcess;

class Receiver : public PeerProcess {
 public:
  explicit Receiver(int fail, int status = 503)
      : PeerProcess(PW_HTTP_RECEIVER,
                    {"--fail", std::to_string(fail), "--status", std::to_string(status)}) {}
  [[nodiscard]] json request(int n) const {
    const auto text = read(numbered("request", n, ".json"));
    return text.empty() ? json() : json::parse(text);
  }
  [[nodiscard]] std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port()) + "/hook";
  }
};

struct WebhookServiceTest : ::testing::Test {
  WebhookEdit edit(const std::string& url, std::optional<std::string> token = "t0ken-s3cret") {
    WebhookEdit e;
    e.subscription.name = "ITSM";
    e.subscription.url = url;
    e.subscription.events = {"device.status_changed"};
    e.token = std::move(token);
    return e;
  }

  testing::TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  crypto::SecretBox box{crypto::SecretBox::generateKey()};
  notify::CurlWebhookPoster poster{5s};
  WebhookService webhooks{storage, box, poster, clock, {4, 30s, 1h, 5s}};
};

TEST_F(WebhookServiceTest, RetriesWithBackoffUntilTheReceiverRecovers) {
  Receiver receiver(2);
  const auto created = webhooks.create(edit(receiver.url()));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_TRUE(created->token_set);
  EXPECT_EQ(webhookJson(*created).dump().find("t0ken-s3cret"), std::string::npos);
  EXPECT_EQ(storage.findWebhook(created->id)->token_sealed.find("t0ken"), std::string::npos);

  webhooks.publish("notification", {{"ignored", true}});  // nobody asked for it
  webhooks.publish("device.status_changed", {{"deviceId", 7}, {"severity", "error"}});
  EXPECT_EQ(webhooks.deliverDue(), 1U);  // 503
  EXPECT_EQ(webhooks.deliverDue(), 0U);  // not due before 30 s
  clock.advance(30s);
  EXPECT_EQ(webhooks.deliverDue(), 1U);  // 503 again
  clock.advance(59s);
  EXPECT_EQ(webhooks.deliverDue(), 0U);  // the second wait is 60 s
  clock.advance(1s);
  EXPECT_EQ(webhooks.deliverDue(), 1U);  // 204

  const auto log = webhooks.deliveries(created->id, 10);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1U);
  EXPECT_EQ((*log)[0].state, "delivered");
  EXPECT_EQ((*log)[0].attempts, 3);
  EXPECT_EQ((*log)[0].status_code, 204);

  for (int n = 1; n <= 3; ++n) {
    const auto request = receiver.request(n);
    ASSERT_FALSE(request.is_null()) << n;
    EXPECT_EQ(request["path"], "/hook");
    EXPECT_EQ(request["headers"]["X-Printwarden-Token"], "t0ken-s3cret");
    EXPECT_EQ(request["headers"]["X-Printwarden-Event"], "device.status_changed");
    EXPECT_EQ(request["headers"]["X-Printwarden-Delivery"], std::to_string((*log)[0].id));
    EXPECT_EQ(request["headers"]["Content-Type"], "application/json");
    const auto body = json::parse(request["body"].get<std::string>());
    EXPECT_EQ(body["event"], "device.status_changed");
    EXPECT_EQ(body["data"]["deviceId"], 7);
  }
  EXPECT_TRUE(receiver.request(4).is_null());
}

TEST_F(WebhookServiceTest, AttemptsAreBoundedAndTheLastErrorIsKept) {
  Receiver receiver(100, 500);
  const auto created = webhooks.create(edit(receiver.url(), std::nullopt));
  ASSERT_TRUE(created);
  webhooks.publish("device.status_changed", {{"deviceId", 1}});
  for (int i = 0; i < 10; ++i) {
    webhooks.deliverDue();
    clock.advance(1h);
  }
  const auto log = *webhooks.deliveries(created->id, 10);
  ASSERT_EQ(log.size(), 1U);
  EXPECT_EQ(log[0].state, "failed");
  EXPECT_EQ(log[0].attempts, 4);
  EXPECT_EQ(log[0].status_code, 500);
  EXPECT_EQ(log[0].last_error, "HTTP 500");
  EXPECT_FALSE(receiver.request(1)["headers"].contains("X-Printwarden-Token"));
  EXPECT_TRUE(receiver.request(5).is_null());

  // Retention: finished deliveries older than it go.
  EXPECT_EQ(webhooks.purge(std::chrono::hours(24 * 30)), 0U);
  clock.advance(std::chrono::hours(24 * 31));
  EXPECT_EQ(webhooks.purge(std::chrono::hours(24 * 30)), 1U);
  EXPECT_TRUE(webhooks.deliveries(created->id, 10)->empty());
}

TEST_F(WebhookServiceTest, NothingListeningIsATransportError) {
  std::string url;
  {
    Receiver gone(0);
    url = gone.url();
  }
  const auto created = webhooks.create(edit(url));
  ASSERT_TRUE(created);
  webhooks.publish("device.status_changed", {{"deviceId", 1}});
  webhooks.deliverDue();
  const auto log = *webhooks.deliveries(created->id, 10);
  ASSERT_EQ(log.size(), 1U);
  EXPECT_EQ(log[0].state, "pending");
  EXPECT_FALSE(log[0].status_code);
  EXPECT_FALSE(log[0].last_error.empty());
}

TEST_F(WebhookServiceTest, ValidationNamesTheField) {
  const auto error = [&](const json& body) {
    const auto parsed = webhookFromJson(body);
    return parsed ? std::string() : parsed.error().message;
  };
  const json good = {{"name", "a"}, {"url", "https://example.org/h"}, {"events", {"notification"}}};
  EXPECT_EQ(error(good), "");
  EXPECT_EQ(error({{"name", "a"}, {"url", "ftp://x"}, {"events", {"notification"}}}),
            "url: an http:// or https:// URL without spaces");
  EXPECT_EQ(error({{"name", "a"}, {"url", "https://x"}, {"events", json::array()}}),
            "events: at least one event kind");
  EXPECT_EQ(error({{"name", "a"}, {"url", "https://x"}, {"events", {"boom"}}}),
            "events: \"boom\" is not an event kind (device.status_changed, notification, "
            "task.finished)");
  auto bad_part = good;
  bad_part["payload"] = {"colour"};
  EXPECT_EQ(error(bad_part), "payload: \"colour\" is not alerts, supplies or counters");
  auto extra = good;
  extra["proxy"] = "x";
  EXPECT_EQ(error(extra),
            "unknown field \"proxy\"; send name, url, active, events, payload, tokenHeader, "
            "token");
  ASSERT_TRUE(webhooks.create(*webhookFromJson(good)));
  const auto again = webhooks.create(*webhookFromJson(good));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "webhook_name_taken");
}

TEST(WebhookRetry, DoublesUpToTheCapAndStops) {
  const WebhookDeliveryPolicy policy{5, 30s, 100s, 5s};
  EXPECT_EQ(retryDelay(policy, 1), 30s);
  EXPECT_EQ(retryDelay(policy, 2), 60s);
  EXPECT_EQ(retryDelay(policy, 3), 100s);
  EXPECT_EQ(retryDelay(policy, 4), 100s);
  EXPECT_EQ(retryDelay(policy, 5), std::nullopt);
  EXPECT_EQ(retryDelay(policy, 0), std::nullopt);
}

}  // namespace
}  // namespace pw::manager
