#pragma once
// WebhookPoster over libcurl: one JSON POST per attempt, no proxy (even if the environment
// names one), no redirects followed, TLS certificates checked against the system's CAs, a
// deadline per attempt. Headers: Content-Type, User-Agent, X-Printwarden-Event,
// X-Printwarden-Delivery (the delivery id: receivers can drop repeats) and the token header.
// Blocking: run it on the webhook thread. Thread-safe.
#include <chrono>

#include "manager/core/webhook.hpp"

namespace pw::manager::notify {

class CurlWebhookPoster final : public WebhookPoster {
 public:
  explicit CurlWebhookPoster(std::chrono::seconds timeout);
  WebhookAttempt post(const std::string& url, const std::string& event, std::int64_t delivery_id,
                      const std::string& token_header, const std::string& token,
                      const std::string& payload_json) override;

 private:
  std::chrono::seconds timeout_;
};

}  // namespace pw::manager::notify
