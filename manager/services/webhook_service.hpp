#pragma once
// Webhooks (manager/core/webhook.hpp): subscriptions (the token sealed with the master key,
// bound to "webhook:<id>:token", never returned), events turned into one queued delivery per
// subscribed subscription, delivery with bounded attempts and exponential backoff, the delivery
// log and its retention. Thread-safe; deliverDue() blocks on the network (run it on the webhook
// thread, one at a time).
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/core/clock.hpp"
#include "common/crypto/secrets.hpp"
#include "manager/core/webhook.hpp"
#include "manager/core/webhook_store.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// A subscription as written: the token nullopt keeps the stored one, "" removes it.
struct WebhookEdit {
  WebhookSubscription subscription;
  std::optional<std::string> token;
};

/// "2026-05-04T09:30:00Z": the UTC time form of webhook payloads (and of mailed task results).
std::string isoText(Clock::TimePoint at);

class WebhookService {
 public:
  WebhookService(WebhookStore& store, const crypto::SecretBox& box, WebhookPoster& poster,
                 const Clock& clock, WebhookDeliveryPolicy policy = {});

  std::vector<WebhookSubscription> list();
  Outcome<WebhookSubscription> get(std::int64_t id);
  /// invalid_input naming the field; conflict webhook_name_taken.
  Outcome<WebhookSubscription> create(const WebhookEdit& edit);
  Outcome<WebhookSubscription> update(std::int64_t id, const WebhookEdit& edit);
  Outcome<bool> remove(std::int64_t id);
  /// Newest first, at most `limit`; not_found for an unknown subscription.
  Outcome<std::vector<WebhookDelivery>> deliveries(std::int64_t id, std::size_t limit);

  /// Queues `payload` for every active subscription asking for `event`. Cheap when none does.
  void publish(const std::string& event, const nlohmann::json& payload);
  /// Whether some active subscription asks for `event` (callers skip building payloads).
  bool wanted(const std::string& event);
  /// The payload parts the subscriptions to `event` ask for, together.
  std::set<std::string> payloadParts(const std::string& event);

  /// Attempts every delivery due now; how many attempts were made.
  std::size_t deliverDue();
  /// Deletes finished deliveries older than `retention`.
  std::size_t purge(std::chrono::hours retention);

 private:
  std::vector<WebhookSubscription> activeLocked();

  WebhookStore& store_;
  const crypto::SecretBox& box_;
  WebhookPoster& poster_;
  const Clock& clock_;
  const WebhookDeliveryPolicy policy_;
  std::mutex mutex_;
  std::optional<std::vector<WebhookSubscription>> active_;  ///< cache, dropped on every change
};

nlohmann::json webhookJson(const WebhookSubscription& subscription);
Outcome<WebhookEdit> webhookFromJson(const nlohmann::json& body);
nlohmann::json webhookDeliveryJson(const WebhookDelivery& delivery);

}  // namespace pw::manager
