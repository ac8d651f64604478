#pragma once
// Storage of monitoring notification rules and of what each rule last matched on each device
// (manager/core/notification.hpp). Rules are kept as their JSON document (written and checked by
// services/notification_service); the store owns names' uniqueness.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/core/clock.hpp"

namespace pw::manager {

struct StoredNotificationRule {
  std::int64_t id = 0;
  std::string name;
  std::string body_json;
  Clock::TimePoint created_at;
  Clock::TimePoint updated_at;
};

enum class NotificationRuleChange { kDone, kNotFound, kNameTaken };

class NotificationStore {
 public:
  virtual ~NotificationStore() = default;
  /// By name.
  virtual std::vector<StoredNotificationRule> listNotificationRules() = 0;
  virtual std::optional<StoredNotificationRule> findNotificationRule(std::int64_t id) = 0;
  /// The new id; nullopt when the name is taken.
  virtual std::optional<std::int64_t> createNotificationRule(const std::string& name,
                                                             const std::string& body_json,
                                                             Clock::TimePoint now) = 0;
  virtual NotificationRuleChange updateNotificationRule(std::int64_t id, const std::string& name,
                                                        const std::string& body_json,
                                                        Clock::TimePoint now) = 0;
  /// Deletes the rule and its match state; false when it did not exist.
  virtual bool deleteNotificationRule(std::int64_t id) = 0;
  /// What the rule last matched on the device (JSON), if anything.
  virtual std::optional<std::string> notificationState(std::int64_t rule_id,
                                                       std::int64_t device_id) = 0;
  /// Replaces it; an empty text deletes it. Ignored for a rule or device deleted meanwhile.
  virtual void saveNotificationState(std::int64_t rule_id, std::int64_t device_id,
                                     const std::string& state_json) = 0;
  /// Every device with a state for the rule, with it.
  virtual std::vector<std::pair<std::int64_t, std::string>> notificationStates(
      std::int64_t rule_id) = 0;
};

}  // namespace pw::manager
