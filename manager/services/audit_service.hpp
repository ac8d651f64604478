#pragma once
// The audit log's use cases (decision 0028): recording a request (called by the console's
// dispatch; never fails the request it records), the System Managers' view of the log, its
// retention setting and the daily purge. Secrets are kept out by member name: the request body
// and a handler's before/after go through redactSecrets before they are stored. Thread-safe
// (the store is; the purge bookkeeping has its own lock).
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/core/clock.hpp"
#include "manager/core/audit.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// `value` with the value of every member whose name isSecretField replaced by kRedacted, at any
/// depth (objects inside arrays too).
nlohmann::json redactSecrets(nlohmann::json value);

/// What a handler adds to its request's record (RouteContext::audit). Written by the handler
/// before it answers, read by the dispatch when the answer goes out.
struct AuditNote {
  nlohmann::json before;  ///< null: nothing to say
  nlohmann::json after;
  std::string action;  ///< replaces the route's action name when set ("auth.lockout")
  /// A sign-in: the name tried, and the user once it succeeded. When set, they replace the
  /// session's user (a browser may try a login while still holding another session).
  std::optional<std::int64_t> user_id;
  std::string username;
  nlohmann::json facts = nlohmann::json::object();  ///< other details ({"locked": true})

  /// Keeps the members of two objects that differ (a shallow diff), so a record says what
  /// changed and not the whole resource. Non-objects are kept whole.
  void change(const nlohmann::json& old_value, const nlohmann::json& new_value);
};

class AuditService {
 public:
  static constexpr const char* kRetentionKey = "audit.retention";
  using Warn = std::function<void(const std::string&)>;

  AuditService(AuditStore& store, SettingsStore& settings, const Clock& clock, Warn warn = {});

  /// Stores `entry` (its time is set here) with details built from the JSON request body (null
  /// when there was none or it was not JSON) and the handler's note, redacted; details longer
  /// than kMaxAuditDetailsBytes lose the request body. Never throws: a storage failure goes to
  /// `warn`, so the answer to the request is not lost with it.
  void record(AuditEntry entry, const nlohmann::json& request_body, const AuditNote& note);

  /// invalid_input naming the query parameter.
  Outcome<AuditPage> list(const AuditQuery& query);

  int retentionDays();
  /// invalid_input unless kMinAuditRetentionDays..kMaxAuditRetentionDays.
  Outcome<int> setRetentionDays(int days);
  /// Deletes the records older than the retention, at most once a day (the first call always
  /// does); returns how many. Called by the Manager's hourly housekeeping tick.
  std::size_t purgeIfDue();

 private:
  AuditStore& store_;
  SettingsStore& settings_;
  const Clock& clock_;
  const Warn warn_;
  std::mutex purge_mutex_;
  std::optional<Clock::TimePoint> last_purge_;
};

}  // namespace pw::manager
