#include "manager/services/audit_service.hpp"

#include <utility>

namespace pw::manager {

using nlohmann::json;

json redactSecrets(json value) {
  if (value.is_object()) {
    for (auto& [name, member] : value.items()) {
      member = isSecretField(name) ? json(kRedacted) : redactSecrets(std::move(member));
    }
  } else if (value.is_array()) {
    for (auto& item : value) item = redactSecrets(std::move(item));
  }
  return value;
}

void AuditNote::change(const json& old_value, const json& new_value) {
  if (!old_value.is_object() || !new_value.is_object()) {
    before = old_value;
    after = new_value;
    return;
  }
  before = json::object();
  after = json::object();
  for (const auto& [name, value] : old_value.items()) {
    const auto now = new_value.find(name);
    if (now == new_value.end() || *now != value) before[name] = value;
  }
  for (const auto& [name, value] : new_value.items()) {
    const auto was = old_value.find(name);
    if (was == old_value.end() || *was != value) after[name] = value;
  }
}

AuditService::AuditService(AuditStore& store, SettingsStore& settings, const Clock& clock,
                           Warn warn)
    : store_(store), settings_(settings), clock_(clock), warn_(std::move(warn)) {}

void AuditService::record(AuditEntry entry, const json& request_body, const AuditNote& note) {
  try {
    entry.at = clock_.now();
    if (!note.action.empty()) entry.action = note.action;
    if (!note.username.empty()) {
      // A sign-in is about the identity it tried, whatever session the browser still had.
      entry.username = note.username;
      entry.user_id = note.user_id;
      entry.token_id.reset();
      entry.actor = note.user_id ? AuditActor::kUser : AuditActor::kAnonymous;
    }
    json details = note.facts.is_object() ? note.facts : json::object();
    if (!note.before.is_null()) details["before"] = note.before;
    if (!note.after.is_null()) details["after"] = note.after;
    details = redactSecrets(std::move(details));
    const auto text = [](const json& value) {
      return value.dump(-1, ' ', false, json::error_handler_t::replace);
    };
    std::string stored;
    if (!request_body.is_null()) {
      auto with_request = details;
      with_request["request"] = redactSecrets(request_body);
      stored = text(with_request);
      // An import or a long list: the record says the body was left out.
      if (stored.size() > kMaxAuditDetailsBytes) details["requestOmitted"] = true;
    }
    if (stored.empty() || stored.size() > kMaxAuditDetailsBytes) stored = text(details);
    if (stored.size() > kMaxAuditDetailsBytes) stored = text({{"detailsOmitted", true}});
    entry.details_json = std::move(stored);
    store_.appendAudit(entry);
  } catch (const std::exception& e) {
    if (warn_) warn_(std::string("audit record not stored: ") + e.what());
  }
}

Outcome<AuditPage> AuditService::list(const AuditQuery& query) {
  if (auto reason = validateAuditQuery(query); !reason.empty()) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input", std::move(reason)};
  }
  return store_.listAudit(query);
}

int AuditService::retentionDays() {
  const auto text = settings_.findSetting(kRetentionKey);
  if (!text) return kDefaultAuditRetentionDays;
  const auto value = json::parse(*text, nullptr, false);
  return value.is_object() && value.contains("days") && value["days"].is_number_integer()
             ? value["days"].get<int>()
             : kDefaultAuditRetentionDays;
}

Outcome<int> AuditService::setRetentionDays(int days) {
  if (days < kMinAuditRetentionDays || days > kMaxAuditRetentionDays) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input",
                   "retentionDays must be between " + std::to_string(kMinAuditRetentionDays) +
                       " and " + std::to_string(kMaxAuditRetentionDays)};
  }
  settings_.saveSetting(kRetentionKey, json{{"days", days}}.dump());
  return days;
}

std::size_t AuditService::purgeIfDue() {
  const auto now = clock_.now();
  {
    std::lock_guard lock(purge_mutex_);
    if (last_purge_ && now - *last_purge_ < std::chrono::hours(24)) return 0;
    last_purge_ = now;
  }
  return store_.purgeAudit(now - std::chrono::days(retentionDays()));
}

}  // namespace pw::manager
