#include "manager/core/audit.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace pw::manager {

namespace {

constexpr std::array kActors{AuditActor::kUser, AuditActor::kToken, AuditActor::kAnonymous};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

const char* toString(AuditActor actor) {
  switch (actor) {
    case AuditActor::kUser: return "user";
    case AuditActor::kToken: return "token";
    case AuditActor::kAnonymous: return "anonymous";
  }
  return "anonymous";
}

std::optional<AuditActor> auditActorFromString(std::string_view text) {
  for (const auto actor : kActors) {
    if (text == toString(actor)) return actor;
  }
  return std::nullopt;
}

std::string auditAction(std::string_view method, std::string_view route) {
  constexpr std::string_view kPrefix = "/api/v1/";
  if (route.starts_with(kPrefix)) route.remove_prefix(kPrefix.size());
  std::string action;
  std::size_t literals = 0;
  bool ends_with_literal = false;
  while (!route.empty()) {
    const auto end = std::min(route.find('/'), route.size());
    const auto segment = route.substr(0, end);
    ends_with_literal = !segment.empty() && segment.front() != '{';
    if (ends_with_literal) {
      if (!action.empty()) action += '.';
      action += segment;
      ++literals;
    }
    route.remove_prefix(std::min(end + 1, route.size()));
  }
  if (method == "PUT" || method == "PATCH") return action + ".update";
  if (method == "DELETE") return action + ".delete";
  if (method == "POST") return literals == 1 && ends_with_literal ? action + ".create" : action;
  return action + "." + lower(method);
}

std::string_view auditCategory(std::string_view action) {
  return action.substr(0, action.find('.'));
}

bool isSecretField(std::string_view name) {
  const auto text = lower(name);
  // Substrings, so that newPassword, bindPassword, apiToken, authPassphrase and
  // clientSecret are caught too. "key" and "pin" alone would catch "keyword" and "mapping", so
  // they count only at the end of a name (privKey, activationKey; a System Manager's pin).
  for (const std::string_view word :
       {"password", "passwd", "passphrase", "secret", "community", "token", "cookie", "private"}) {
    if (text.find(word) != std::string::npos) return true;
  }
  return text.ends_with("key") || text.ends_with("pin");
}

std::string clientAddress(std::string_view peer, std::string_view forwarded_for,
                          bool behind_proxy) {
  if (!behind_proxy) return std::string(peer);
  const auto comma = forwarded_for.rfind(',');
  const auto last =
      trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
  return last.empty() ? std::string(peer) : std::string(last);
}

std::string validateAuditQuery(const AuditQuery& query) {
  if (query.page < 1) return "page must be at least 1";
  if (query.page_size < 1 || query.page_size > kMaxAuditPageSize) {
    return "pageSize must be between 1 and " + std::to_string(kMaxAuditPageSize);
  }
  if (query.from && query.to && *query.to <= *query.from) return "to must be after from";
  if (!query.result.empty() && query.result != "success" && query.result != "failure") {
    return "result must be success or failure";
  }
  if (query.username.size() > 255) return "user must be at most 255 characters";
  if (query.action.size() > 128) return "action must be at most 128 characters";
  return {};
}

}  // namespace pw::manager
