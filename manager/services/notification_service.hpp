#pragma once
// Monitoring notifications (manager/core/notification.hpp): the rules' CRUD, their evaluation
// after readings are stored (edge-triggered, state kept per rule and device), "error ongoing"
// and storm digests on a timer, and the e-mails. Thread-safe: evaluations are serialised by one
// mutex (readings of several Agents may arrive at once).
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/core/clock.hpp"
#include "manager/core/notification.hpp"
#include "manager/core/notification_store.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/group_service.hpp"
#include "manager/services/mail_service.hpp"
#include "manager/services/problem.hpp"
#include "manager/services/webhook_service.hpp"

namespace pw::manager {

/// One notification as it is sent (a rule's change on a device).
struct NotificationEvent {
  std::int64_t rule_id = 0;
  std::int64_t device_id = 0;
  std::string device_label;  ///< name (address)
  MatchSet raised;
  MatchSet cleared;
  Clock::TimePoint at;
};

/// How many notifications went out or were held since the start (for the console and tests).
struct NotificationCounters {
  std::int64_t sent = 0;      ///< single messages handed to the mail queue
  std::int64_t digests = 0;   ///< digest messages handed to the mail queue
  std::int64_t held = 0;      ///< events folded into digests
  std::int64_t not_sent = 0;  ///< refused: e-mail not configured or the queue full
};

class NotificationService {
 public:
  NotificationService(NotificationStore& store, MonitoringStore& monitoring, DeviceStore& devices,
                      GroupService& groups, SettingsStore& settings, MailService& mail,
                      const Clock& clock);

  std::vector<NotificationRule> list();
  Outcome<NotificationRule> get(std::int64_t id);
  /// invalid_input naming the field, 409 notification_name_taken.
  Outcome<NotificationRule> create(NotificationRule rule);
  Outcome<NotificationRule> update(std::int64_t id, NotificationRule rule);
  /// A copy named "<name> - Copy" (then " - Copy 2"...), inactive until switched on.
  Outcome<NotificationRule> duplicate(std::int64_t id);
  Outcome<bool> remove(std::int64_t id);

  ThrottleSettings throttle();
  Outcome<ThrottleSettings> setThrottle(const ThrottleSettings& settings);

  /// Also publish to webhooks: "device.status_changed" when a reading opened a new status edge,
  /// "notification" for every raised or cleared event (webhooks get each one: storm control is
  /// for people's mailboxes). Set before the first reading arrives.
  void publishTo(WebhookService& webhooks) { webhooks_ = &webhooks; }

  /// Readings of these devices were stored: evaluates the active rules on them.
  void readingsStored(const std::vector<std::int64_t>& device_ids);
  /// The timer (every minute): "error ongoing" conditions, and digests whose window ended.
  void tick();

  NotificationCounters counters();

 private:
  struct RuleState {
    MatchSet keys;
    std::optional<Clock::TimePoint> error_since;
  };
  struct Pending {
    NotificationThrottle throttle;
    std::vector<NotificationEvent> held;
  };
  std::vector<NotificationRule> activeRulesLocked();
  bool inScopeLocked(const NotificationRule& rule, std::int64_t device_id);
  void evaluateLocked(const NotificationRule& rule, std::int64_t device_id,
                      const std::optional<CurrentStatus>& status, const DeviceFacts& facts);
  void dispatchLocked(const NotificationRule& rule, NotificationEvent event);
  void sendLocked(const NotificationRule& rule, const std::vector<NotificationEvent>& events);
  std::string labelOf(std::int64_t device_id);
  void invalidate();
  void publishStatusChange(std::int64_t device_id, const CurrentStatus& status);

  NotificationStore& store_;
  MonitoringStore& monitoring_;
  DeviceStore& devices_;
  GroupService& groups_;
  SettingsStore& settings_;
  MailService& mail_;
  const Clock& clock_;
  WebhookService* webhooks_ = nullptr;

  std::mutex mutex_;
  std::optional<std::vector<NotificationRule>> rules_;  ///< cache of the active rules
  /// Group members, read at most once a minute per group (dynamic groups run a query).
  std::map<std::int64_t, std::pair<Clock::TimePoint, std::set<std::int64_t>>> members_;
  std::map<std::int64_t, Pending> pending_;  ///< by rule
  NotificationCounters counters_;
};

/// The rule as its REST/stored JSON document and back (errors name the field).
nlohmann::json notificationRuleJson(const NotificationRule& rule);
Outcome<NotificationRule> notificationRuleFromJson(const nlohmann::json& body);

/// A device's facts from its stored status and supplies document (wire JSON).
DeviceFacts deviceFactsOf(const std::optional<CurrentStatus>& status,
                          const std::optional<std::string>& supplies_json);

/// The message for one or more events of a rule, in the rule's language.
MailMessage notificationMessage(const NotificationRule& rule,
                                const std::vector<NotificationEvent>& events,
                                std::chrono::minutes window);

}  // namespace pw::manager
