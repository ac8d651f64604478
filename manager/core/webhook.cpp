#include "manager/core/webhook.hpp"

#include <algorithm>
#include <iterator>

namespace pw::manager {
namespace {

template <typename List>
bool contains(const List& list, const std::string& value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

bool isHeaderName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

}  // namespace

std::optional<std::string> validateWebhook(const WebhookSubscription& s) {
  if (s.name.empty() || s.name.size() > 100) return "name: 1 to 100 characters";
  const bool http = s.url.rfind("http://", 0) == 0;
  const bool https = s.url.rfind("https://", 0) == 0;
  const auto host_start = http ? 7U : 8U;
  if ((!http && !https) || s.url.size() <= host_start || s.url.size() > 2000 ||
      s.url[host_start] == '/' || std::any_of(s.url.begin(), s.url.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
      })) {
    return "url: an http:// or https:// URL without spaces";
  }
  if (s.events.empty()) return "events: at least one event kind";
  for (const auto& event : s.events) {
    if (!contains(kWebhookEvents, event)) {
      return "events: \"" + event +
             "\" is not an event kind (device.status_changed, notification, task.finished)";
    }
  }
  for (const auto& part : s.payload_parts) {
    if (!contains(kWebhookPayloadParts, part)) {
      return "payload: \"" + part + "\" is not alerts, supplies or counters";
    }
  }
  if (!isHeaderName(s.token_header)) return "tokenHeader: a header name (letters, digits, -)";
  return std::nullopt;
}

std::optional<std::chrono::seconds> retryDelay(const WebhookDeliveryPolicy& policy, int attempts) {
  if (attempts < 1 || attempts >= policy.max_attempts) return std::nullopt;
  auto delay = policy.first_retry;
  for (int i = 1; i < attempts && delay < policy.max_retry; ++i) delay *= 2;
  return std::min(delay, policy.max_retry);
}

}  // namespace pw::manager
