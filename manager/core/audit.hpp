#pragma once
// The audit log (decision 0028): one append-only record per state-changing request to the REST
// API, written by the console's dispatch once the handler answered: who (a user, an API token,
// or nobody for login attempts), when, from where, what (method, route pattern, the path's id,
// an action name derived from the route), the status answered, and details (the redacted
// request body and, where a handler gives them, the values before and after). Pure rules here:
// the record, the action names, which member names hold secrets, the query's validation and
// the storage interface.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/clock.hpp"

namespace pw::manager {

/// Who made a request: a signed-in user (session), an API token (Authorization: Bearer), or
/// nobody (a login attempt, an Agent enrolling, a refused request without a session).
enum class AuditActor { kUser, kToken, kAnonymous };
const char* toString(AuditActor actor);  ///< "user", "token", "anonymous"
std::optional<AuditActor> auditActorFromString(std::string_view text);

struct AuditEntry {
  std::int64_t id = 0;  ///< assigned when stored
  Clock::TimePoint at;
  AuditActor actor = AuditActor::kAnonymous;
  std::optional<std::int64_t> user_id;   ///< the user (for a token: its owner)
  std::optional<std::int64_t> token_id;  ///< kToken only
  std::string username;  ///< the user's; for a login attempt, the name that was given
  std::string address;   ///< the client (see clientAddress)
  std::string method;
  std::string route;   ///< the route's pattern, "/api/v1/devices/{id}"
  std::string action;  ///< auditAction(method, route), or what the handler said (auth.lockout)
  std::string target;  ///< the path's {id} (or other parameter), empty when none
  int status = 0;      ///< the HTTP status answered
  std::string details_json = "{}";  ///< redacted JSON: {"request"?, "before"?, "after"?, ...}

  /// A status below 400.
  [[nodiscard]] bool succeeded() const { return status > 0 && status < 400; }
};

/// The action name of a route, from its literal segments after /api/v1/ joined by dots, then
/// what the method did: ".update" for PUT and PATCH, ".delete" for DELETE, ".create" for a
/// POST to a one-word collection ("agents.create"). Any other POST already ends with its verb:
/// "devices.remove" (/devices/{id}/remove), "auth.login", "settings.mail.test".
std::string auditAction(std::string_view method, std::string_view route);
/// The action's category (its first word, "devices" for "devices.update"), the guide's
/// "function" the log is filtered by.
std::string_view auditCategory(std::string_view action);

/// Whether a JSON member of this name may hold a secret (a password, community, token, key,
/// passphrase...): its value never reaches the audit log, whatever it is.
bool isSecretField(std::string_view name);
inline constexpr const char* kRedacted = "[redacted]";
/// The longest details a record keeps; longer ones keep only what the handler said.
inline constexpr std::size_t kMaxAuditDetailsBytes = 8 * 1024;

/// The client's address: the peer's, or, when the Manager is behind a reverse proxy
/// (`behind_proxy` in its configuration), the last address of X-Forwarded-For: the one the
/// proxy itself appended (earlier ones are whatever the client sent).
std::string clientAddress(std::string_view peer, std::string_view forwarded_for, bool behind_proxy);

/// One page of the log, newest first. Filters are AND-ed; each is optional.
struct AuditQuery {
  std::optional<Clock::TimePoint> from;  ///< inclusive
  std::optional<Clock::TimePoint> to;    ///< exclusive
  std::string username;                  ///< exact, case-insensitive
  std::string action;                    ///< exact ("devices.update"), or a category ("devices")
  std::string result;                    ///< "success" (status < 400), "failure", or "" (both)
  std::int64_t page = 1;
  std::int64_t page_size = 50;
};
inline constexpr std::int64_t kMaxAuditPageSize = 500;
/// An export holds at most this many records (the newest that match).
inline constexpr std::int64_t kMaxAuditExportRows = 100'000;

/// Empty when valid; otherwise "<parameter> ..." naming the API's query parameter.
std::string validateAuditQuery(const AuditQuery& query);

struct AuditPage {
  std::vector<AuditEntry> items;
  std::int64_t total = 0;  ///< records matching the filters, on every page
};

/// Retention in days ([Retain User Operation Log (in Days)], L2164-L2167).
inline constexpr int kDefaultAuditRetentionDays = 365;
inline constexpr int kMinAuditRetentionDays = 1;
inline constexpr int kMaxAuditRetentionDays = 3650;

/// Append-only storage of the log. Engine failures throw StorageError.
class AuditStore {
 public:
  virtual ~AuditStore() = default;
  /// Appends the record; returns its id.
  virtual std::int64_t appendAudit(const AuditEntry& entry) = 0;
  /// `query` is valid (validateAuditQuery).
  virtual AuditPage listAudit(const AuditQuery& query) = 0;
  /// Deletes the records older than `before`; returns how many.
  virtual std::size_t purgeAudit(Clock::TimePoint before) = 0;
};

}  // namespace pw::manager
