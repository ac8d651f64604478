#include "manager/services/webhook_service.hpp"

#include <array>
#include <ctime>

namespace pw::manager {
namespace {

using nlohmann::json;

Problem invalid(std::string message) {
  return {ErrorKind::kInvalidInput, "invalid_input", std::move(message)};
}

Problem notFound(std::int64_t id) {
  return {ErrorKind::kNotFound, "not_found", "There is no webhook " + std::to_string(id) + "."};
}

Problem nameTaken(const std::string& name) {
  return {ErrorKind::kConflict, "webhook_name_taken",
          "A webhook is already named \"" + name + "\"."};
}

std::string binding(std::int64_t id) {
  return "webhook:" + std::to_string(id) + ":token";
}

// The stored document: everything but id, name and the token.
json bodyJson(const WebhookSubscription& s) {
  return {{"url", s.url},
          {"active", s.active},
          {"events", s.events},
          {"payload", s.payload_parts},
          {"tokenHeader", s.token_header}};
}

WebhookSubscription subscriptionOf(const StoredWebhook& stored) {
  const auto j = json::parse(stored.body_json);
  WebhookSubscription s;
  s.id = stored.id;
  s.name = stored.name;
  s.url = j.value("url", "");
  s.active = j.value("active", true);
  s.events = j.value("events", std::set<std::string>{});
  s.payload_parts = j.value("payload", std::set<std::string>{});
  s.token_header = j.value("tokenHeader", "X-Printwarden-Token");
  s.token_set = !stored.token_sealed.empty();
  return s;
}

}  // namespace

std::string isoText(Clock::TimePoint at) {
  const auto t = static_cast<std::time_t>(toUnixSeconds(at));
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> out{};
  std::strftime(out.data(), out.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out.data();
}

json webhookJson(const WebhookSubscription& s) {
  auto j = bodyJson(s);
  j["id"] = s.id;
  j["name"] = s.name;
  j["tokenSet"] = s.token_set;
  return j;
}

Outcome<WebhookEdit> webhookFromJson(const json& body) {
  if (!body.is_object()) return invalid("the body must be a JSON object");
  WebhookEdit edit;
  auto& s = edit.subscription;
  for (const auto& [key, value] : body.items()) {
    if (key == "id" || key == "tokenSet") continue;  // GET's answer may be sent back
    if (key == "name" || key == "url" || key == "tokenHeader" || key == "token") {
      if (!value.is_string()) return invalid(key + ": text");
      const auto text = value.get<std::string>();
      if (key == "name") s.name = text;
      if (key == "url") s.url = text;
      if (key == "tokenHeader") s.token_header = text;
      if (key == "token") {
        if (text.size() > 512) return invalid("token: at most 512 characters");
        if (text.find_first_of("\r\n") != std::string::npos) return invalid("token: one line");
        edit.token = text;
      }
    } else if (key == "active") {
      if (!value.is_boolean()) return invalid("active: true or false");
      s.active = value.get<bool>();
    } else if (key == "events" || key == "payload") {
      if (!value.is_array()) return invalid(key + ": a list of names");
      for (const auto& item : value) {
        if (!item.is_string()) return invalid(key + ": a list of names");
        (key == "events" ? s.events : s.payload_parts).insert(item.get<std::string>());
      }
    } else {
      return invalid("unknown field \"" + key +
                     "\"; send name, url, active, events, payload, tokenHeader, token");
    }
  }
  if (auto error = validateWebhook(s)) return invalid(*error);
  return edit;
}

json webhookDeliveryJson(const WebhookDelivery& d) {
  return {{"id", d.id},
          {"event", d.event},
          {"state", d.state},
          {"attempts", d.attempts},
          {"statusCode", d.status_code ? json(*d.status_code) : json(nullptr)},
          {"lastError", d.last_error},
          {"createdAt", isoText(d.created_at)},
          {"nextAttemptAt", d.next_attempt_at ? json(isoText(*d.next_attempt_at)) : json(nullptr)},
          {"finishedAt", d.finished_at ? json(isoText(*d.finished_at)) : json(nullptr)}};
}

WebhookService::WebhookService(WebhookStore& store, const crypto::SecretBox& box,
                               WebhookPoster& poster, const Clock& clock,
                               WebhookDeliveryPolicy policy)
    : store_(store), box_(box), poster_(poster), clock_(clock), policy_(policy) {}

std::vector<WebhookSubscription> WebhookService::list() {
  std::vector<WebhookSubscription> out;
  for (const auto& stored : store_.listWebhooks()) out.push_back(subscriptionOf(stored));
  return out;
}

Outcome<WebhookSubscription> WebhookService::get(std::int64_t id) {
  const auto stored = store_.findWebhook(id);
  if (!stored) return notFound(id);
  return subscriptionOf(*stored);
}

Outcome<WebhookSubscription> WebhookService::create(const WebhookEdit& edit) {
  if (auto error = validateWebhook(edit.subscription)) return invalid(*error);
  const auto token = edit.token.value_or("");
  const auto id = store_.createWebhook(
      edit.subscription.name, bodyJson(edit.subscription).dump(),
      [&](std::int64_t new_id) { return token.empty() ? "" : box_.seal(token, binding(new_id)); },
      clock_.now());
  if (!id) return nameTaken(edit.subscription.name);
  {
    std::lock_guard lock(mutex_);
    active_.reset();
  }
  return get(*id);
}

Outcome<WebhookSubscription> WebhookService::update(std::int64_t id, const WebhookEdit& edit) {
  if (auto error = validateWebhook(edit.subscription)) return invalid(*error);
  std::optional<std::string> sealed;
  if (edit.token) sealed = edit.token->empty() ? "" : box_.seal(*edit.token, binding(id));
  switch (store_.updateWebhook(id, edit.subscription.name, bodyJson(edit.subscription).dump(),
                               sealed, clock_.now())) {
    case WebhookChange::kNotFound: return notFound(id);
    case WebhookChange::kNameTaken: return nameTaken(edit.subscription.name);
    case WebhookChange::kDone: break;
  }
  {
    std::lock_guard lock(mutex_);
    active_.reset();
  }
  return get(id);
}

Outcome<bool> WebhookService::remove(std::int64_t id) {
  if (!store_.deleteWebhook(id)) return notFound(id);
  std::lock_guard lock(mutex_);
  active_.reset();
  return true;
}

Outcome<std::vector<WebhookDelivery>> WebhookService::deliveries(std::int64_t id,
                                                                 std::size_t limit) {
  if (!store_.findWebhook(id)) return notFound(id);
  return store_.webhookDeliveries(id, limit);
}

std::vector<WebhookSubscription> WebhookService::activeLocked() {
  if (!active_) {
    active_.emplace();
    for (auto& s : list()) {
      if (s.active) active_->push_back(std::move(s));
    }
  }
  return *active_;
}

bool WebhookService::wanted(const std::string& event) {
  std::lock_guard lock(mutex_);
  for (const auto& s : activeLocked()) {
    if (s.events.contains(event)) return true;
  }
  return false;
}

std::set<std::string> WebhookService::payloadParts(const std::string& event) {
  std::lock_guard lock(mutex_);
  std::set<std::string> parts;
  for (const auto& s : activeLocked()) {
    if (s.events.contains(event)) parts.insert(s.payload_parts.begin(), s.payload_parts.end());
  }
  return parts;
}

void WebhookService::publish(const std::string& event, const json& payload) {
  std::vector<std::int64_t> ids;
  {
    std::lock_guard lock(mutex_);
    for (const auto& s : activeLocked()) {
      if (s.events.contains(event)) ids.push_back(s.id);
    }
  }
  if (ids.empty()) return;
  const auto now = clock_.now();
  const json envelope = {{"event", event}, {"occurredAt", isoText(now)}, {"data", payload}};
  store_.addWebhookDeliveries(ids, event, envelope.dump(), now);
}

std::size_t WebhookService::deliverDue() {
  std::size_t attempts = 0;
  for (auto& delivery : store_.dueWebhookDeliveries(clock_.now(), 100)) {
    const auto stored = store_.findWebhook(delivery.subscription_id);
    if (!stored) continue;  // deleted meanwhile (its deliveries went with it)
    const auto subscription = subscriptionOf(*stored);
    std::string token;
    if (!stored->token_sealed.empty()) {
      auto opened = box_.open(stored->token_sealed, binding(stored->id));
      if (opened) token = std::move(*opened);
    }
    const auto result = poster_.post(subscription.url, delivery.event, delivery.id,
                                     subscription.token_header, token, delivery.payload_json);
    ++attempts;
    const auto now = clock_.now();
    delivery.attempts += 1;
    delivery.status_code = result.status_code;
    delivery.last_error = result.error;
    if (result.delivered()) {
      delivery.state = "delivered";
      delivery.next_attempt_at.reset();
      delivery.finished_at = now;
    } else if (const auto delay = retryDelay(policy_, delivery.attempts)) {
      delivery.next_attempt_at = now + *delay;
    } else {
      delivery.state = "failed";
      delivery.next_attempt_at.reset();
      delivery.finished_at = now;
    }
    store_.saveWebhookDelivery(delivery);
  }
  return attempts;
}

std::size_t WebhookService::purge(std::chrono::hours retention) {
  return store_.purgeWebhookDeliveries(clock_.now() - retention);
}

}  // namespace pw::manager
