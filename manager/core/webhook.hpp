#pragma once
// Webhooks: subscriptions of other systems to the Manager's events, and the delivery rules
// (bounded attempts with exponential backoff). Pure rules; storage is WebhookStore, the HTTP
// POST is WebhookPoster (manager/notify), the use cases services/webhook_service.
#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/core/clock.hpp"

namespace pw::manager {

/// Event kinds a subscription may ask for.
inline constexpr const char* kWebhookEvents[] = {
    "device.status_changed",  ///< a reading opened a new status edge (severity, power, conditions)
    "notification",           ///< a monitoring notification rule raised or cleared something
    "task.finished",          ///< a task ended (when the task engine reports it)
};
/// What a device.status_changed payload may carry besides the device and its status
/// ([Information Included in Webhook Payload]).
inline constexpr const char* kWebhookPayloadParts[] = {"alerts", "supplies", "counters"};

struct WebhookSubscription {
  std::int64_t id = 0;
  std::string name;
  std::string url;  ///< http:// or https://
  bool active = true;
  std::set<std::string> events;
  std::set<std::string> payload_parts;
  std::string token_header = "X-Printwarden-Token";  ///< sent with the token when one is set
  bool token_set = false;                            ///< the token itself is never shown
};

/// Why the subscription cannot be stored, naming the field; nullopt when it can.
std::optional<std::string> validateWebhook(const WebhookSubscription& subscription);

struct WebhookDeliveryPolicy {
  int max_attempts = 6;
  std::chrono::seconds first_retry{30};  ///< then doubled each attempt
  std::chrono::seconds max_retry{std::chrono::hours(1)};
  std::chrono::seconds timeout{10};  ///< per attempt
};

/// When to try again after `attempts` failed attempts (1, 2, ...): first_retry × 2^(attempts-1),
/// at most max_retry; nullopt when the attempts are used up.
std::optional<std::chrono::seconds> retryDelay(const WebhookDeliveryPolicy& policy, int attempts);

/// The answer of one attempt: the HTTP status, or the transport error.
struct WebhookAttempt {
  std::optional<int> status_code;
  std::string error;  ///< empty when an HTTP answer came
  [[nodiscard]] bool delivered() const {
    return status_code && *status_code >= 200 && *status_code < 300;
  }
};

struct WebhookDelivery {
  std::int64_t id = 0;
  std::int64_t subscription_id = 0;
  std::string event;
  std::string payload_json;
  std::string state = "pending";  ///< pending | delivered | failed
  int attempts = 0;
  std::optional<int> status_code;
  std::string last_error;
  Clock::TimePoint created_at;
  std::optional<Clock::TimePoint> next_attempt_at;
  std::optional<Clock::TimePoint> finished_at;
};

/// Posts one payload (blocking). Implemented with libcurl in manager/notify.
class WebhookPoster {
 public:
  virtual ~WebhookPoster() = default;
  /// `token` empty: no token header.
  virtual WebhookAttempt post(const std::string& url, const std::string& event,
                              std::int64_t delivery_id, const std::string& token_header,
                              const std::string& token, const std::string& payload_json) = 0;
};

}  // namespace pw::manager
