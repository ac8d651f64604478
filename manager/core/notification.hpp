#pragma once
// Monitoring notifications: rules that say which device states deserve an e-mail, and the rule
// that makes them edge-triggered. Design note:
//  - A device's state is reduced to "facts" (DeviceFacts: its alerts, supply and paper levels,
//    power, how long it has been in error). A rule's conditions are OR-ed; each fact a
//    condition matches becomes a MATCH KEY ("alert:1.3:8", "level:toner:1.1", "power:sleep",
//    "ongoing"), with a line of text for the message.
//  - The keys that matched at the last evaluation are kept per (rule, device). A key that appears
//    raises a notification once; a key that disappears clears it (a recovery notification when the
//    rule asks for it). A reading that changes nothing sends nothing, so polls never re-send.
//  - "Error ongoing for N minutes": the key "ongoing" matches once the device has been in error
//    (severity error or service call) for N minutes without a break; it stays matched (so it is
//    sent once per occurrence) until the error ends. It is evaluated on readings and on a timer.
//  - Storm control (NotificationThrottle): more than K notifications of one rule within the window
//    become one digest listing the devices (decision 0026).
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/core/clock.hpp"

namespace pw::manager {

/// Kinds of remaining-level conditions and the RFC 3805 supply types (or "paper": input trays
/// other than the manual feed) each covers.
inline constexpr const char* kLevelKinds[] = {"toner",     "drum",       "paper",
                                              "developer", "wasteToner", "staples"};
/// The level kind of an RFC 3805 supply type name ("tonerCartridge" → "toner"); "" for none.
std::string levelKindOfSupplyType(const std::string& type);

/// PrtAlertSeverityLevelTC and PrtAlertTrainingLevelTC names as the Agent reports them.
inline constexpr const char* kAlertSeverityLevels[] = {"other", "critical", "warning",
                                                       "warningBinaryChangeEvent"};
inline constexpr const char* kTrainingLevels[] = {"other",
                                                  "unknown",
                                                  "untrained",
                                                  "trained",
                                                  "fieldService",
                                                  "management",
                                                  "noInterventionRequired"};
/// Power states a condition may name (manager/core/monitoring.hpp kPowerStates).
inline constexpr const char* kNotifiablePowerStates[] = {"on", "sleep", "unknown", "no_response",
                                                         "conflict"};

struct AlertFact {
  std::string index;
  std::string severity_level;  ///< kAlertSeverityLevels
  std::string training_level;  ///< kTrainingLevels
  std::int64_t code = 0;       ///< PrtAlertCodeTC
  std::string description;
};

struct LevelFact {
  std::string kind;   ///< kLevelKinds
  std::string index;  ///< the supply's or tray's index
  std::string name;   ///< description
  std::int64_t percent = 0;
};

/// What a rule is evaluated against: a device's current state.
struct DeviceFacts {
  std::string severity;  ///< unknown | ok | warning | error | service_call
  std::string power;
  std::vector<AlertFact> alerts;
  std::vector<LevelFact> levels;
  /// Since when the device has been in error without a break (severity error or service call).
  std::optional<Clock::TimePoint> error_since;
};

struct NotificationConditions {
  std::set<std::string> severity_levels;
  std::set<std::string> training_levels;
  std::set<std::int64_t> error_codes;
  std::map<std::string, int> remaining_at_most;  ///< level kind → notify at or below this %
  std::set<std::string> power_states;
  std::optional<int> error_ongoing_minutes;
  [[nodiscard]] bool empty() const;
};

struct NotificationRule {
  std::int64_t id = 0;
  std::string name;
  bool active = true;
  NotificationConditions conditions;
  std::vector<std::int64_t> group_ids;  ///< empty: every managed device
  std::vector<std::string> to;
  std::vector<std::string> cc;
  std::string language = "en";  ///< the message's language (en fr de it es ja)
  bool notify_recovery = false;
};

inline constexpr std::size_t kMaxRuleRecipients = 50;
inline constexpr int kMaxOngoingMinutes = 7 * 24 * 60;
inline constexpr const char* kNotificationLanguages[] = {"en", "fr", "de", "it", "es", "ja"};

/// Why the rule cannot be stored, naming the field; nullopt when it can.
std::optional<std::string> validateRule(const NotificationRule& rule);

/// What matches now: key → a line describing it (for the message).
using MatchSet = std::map<std::string, std::string>;
MatchSet matchRule(const NotificationConditions& conditions, const DeviceFacts& facts,
                   Clock::TimePoint now);

/// The change between the last and the current matches of one rule on one device.
struct MatchChange {
  MatchSet raised;   ///< new keys
  MatchSet cleared;  ///< keys gone (with the text they had)
  [[nodiscard]] bool empty() const { return raised.empty() && cleared.empty(); }
};
MatchChange compareMatches(const MatchSet& before, const MatchSet& now);

/// Storm control of one rule: at most `limit` notifications in any `window`; past it, events are
/// held and sent as one digest when the window of the first held event ends.
struct ThrottleSettings {
  int limit = 10;
  std::chrono::minutes window{10};
  bool operator==(const ThrottleSettings&) const = default;
};
std::optional<std::string> validateThrottle(const ThrottleSettings& settings);

class NotificationThrottle {
 public:
  /// True: send now (counted); false: hold it for the digest.
  bool admit(Clock::TimePoint now, const ThrottleSettings& settings);
  /// True when held events are due as a digest at `now` (the hold started a window ago); the
  /// digest counts as one notification.
  bool digestDue(Clock::TimePoint now, const ThrottleSettings& settings);
  void hold(Clock::TimePoint now);

 private:
  void forget(Clock::TimePoint now, const ThrottleSettings& settings);
  std::deque<Clock::TimePoint> sent_;
  std::optional<Clock::TimePoint> holding_since_;
};

}  // namespace pw::manager
