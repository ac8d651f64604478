#pragma once
// Storage of webhook subscriptions and their deliveries (manager/core/webhook.hpp). A
// subscription is kept as its JSON document (services/webhook_service writes and checks it) with
// its sealed token apart.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/webhook.hpp"

namespace pw::manager {

struct StoredWebhook {
  std::int64_t id = 0;
  std::string name;
  std::string body_json;
  std::string token_sealed;  ///< empty: no token
};

enum class WebhookChange { kDone, kNotFound, kNameTaken };

class WebhookStore {
 public:
  virtual ~WebhookStore() = default;
  virtual std::vector<StoredWebhook> listWebhooks() = 0;
  virtual std::optional<StoredWebhook> findWebhook(std::int64_t id) = 0;
  /// The new id; nullopt when the name is taken. `seal(id)` gives the sealed token for the new
  /// id (the token is bound to it), called inside the insert's transaction.
  virtual std::optional<std::int64_t> createWebhook(
      const std::string& name, const std::string& body_json,
      const std::function<std::string(std::int64_t)>& seal, Clock::TimePoint now) = 0;
  /// `token_sealed` nullopt keeps the stored one.
  virtual WebhookChange updateWebhook(std::int64_t id, const std::string& name,
                                      const std::string& body_json,
                                      const std::optional<std::string>& token_sealed,
                                      Clock::TimePoint now) = 0;
  virtual bool deleteWebhook(std::int64_t id) = 0;

  /// Queues one delivery per subscription, due at `now`.
  virtual void addWebhookDeliveries(const std::vector<std::int64_t>& subscription_ids,
                                    const std::string& event, const std::string& payload_json,
                                    Clock::TimePoint now) = 0;
  /// Pending deliveries due at `now`, oldest first, at most `limit`.
  virtual std::vector<WebhookDelivery> dueWebhookDeliveries(Clock::TimePoint now,
                                                            std::size_t limit) = 0;
  /// Stores the outcome of an attempt (state, attempts, status, error, next attempt, end).
  virtual void saveWebhookDelivery(const WebhookDelivery& delivery) = 0;
  /// The subscription's deliveries, newest first, at most `limit`.
  virtual std::vector<WebhookDelivery> webhookDeliveries(std::int64_t subscription_id,
                                                         std::size_t limit) = 0;
  /// Deletes finished deliveries created before `before`; how many.
  virtual std::size_t purgeWebhookDeliveries(Clock::TimePoint before) = 0;
};

}  // namespace pw::manager
