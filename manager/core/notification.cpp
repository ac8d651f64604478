#include "manager/core/notification.hpp"

#include <algorithm>
#include <iterator>

#include "manager/core/mail.hpp"

namespace pw::manager {
namespace {

template <typename List>
bool contains(const List& list, const std::string& value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

bool inError(const std::string& severity) {
  return severity == "error" || severity == "service_call";
}

}  // namespace

std::string levelKindOfSupplyType(const std::string& type) {
  if (type == "toner" || type == "tonerCartridge" || type == "ink" || type == "inkCartridge" ||
      type == "inkRibbon" || type == "solidWax" || type == "ribbonWax") {
    return "toner";
  }
  if (type == "opc") return "drum";
  if (type == "developer") return "developer";
  if (type == "wasteToner" || type == "wasteInk" || type == "wasteWax") return "wasteToner";
  if (type == "staples") return "staples";
  return "";
}

bool NotificationConditions::empty() const {
  return severity_levels.empty() && training_levels.empty() && error_codes.empty() &&
         remaining_at_most.empty() && power_states.empty() && !error_ongoing_minutes;
}

std::optional<std::string> validateRule(const NotificationRule& rule) {
  if (rule.name.empty() || rule.name.size() > 100) return "name: 1 to 100 characters";
  const auto& c = rule.conditions;
  if (c.empty()) return "conditions: at least one condition";
  for (const auto& level : c.severity_levels) {
    if (!contains(kAlertSeverityLevels, level)) {
      return "conditions.severityLevels: \"" + level + "\" is not a severity level";
    }
  }
  for (const auto& level : c.training_levels) {
    if (!contains(kTrainingLevels, level)) {
      return "conditions.trainingLevels: \"" + level + "\" is not a training level";
    }
  }
  for (const auto code : c.error_codes) {
    if (code < 1 || code > 65535) return "conditions.errorCodes: alert codes are 1 to 65535";
  }
  for (const auto& [kind, percent] : c.remaining_at_most) {
    if (!contains(kLevelKinds, kind)) {
      return "conditions.remainingAtMost: \"" + kind + "\" is not a level kind";
    }
    if (percent < 0 || percent > 100) {
      return "conditions.remainingAtMost." + kind + ": a percentage, 0 to 100";
    }
  }
  for (const auto& state : c.power_states) {
    if (!contains(kNotifiablePowerStates, state)) {
      return "conditions.powerStates: \"" + state + "\" is not a power state";
    }
  }
  if (c.error_ongoing_minutes &&
      (*c.error_ongoing_minutes < 1 || *c.error_ongoing_minutes > kMaxOngoingMinutes)) {
    return "conditions.errorOngoingMinutes: 1 to " + std::to_string(kMaxOngoingMinutes);
  }
  if (rule.to.empty()) return "to: at least one address";
  if (rule.to.size() + rule.cc.size() > kMaxRuleRecipients) {
    return "to, cc: at most " + std::to_string(kMaxRuleRecipients) + " addresses";
  }
  for (const auto* list : {&rule.to, &rule.cc}) {
    for (const auto& address : *list) {
      if (!isMailAddress(address)) {
        return std::string(list == &rule.to ? "to" : "cc") + ": \"" + address +
               "\" is not an e-mail address";
      }
    }
  }
  if (!contains(kNotificationLanguages, rule.language)) {
    return "language: one of en, fr, de, it, es, ja";
  }
  for (const auto id : rule.group_ids) {
    if (id <= 0) return "groupIds: positive group ids";
  }
  return std::nullopt;
}

MatchSet matchRule(const NotificationConditions& c, const DeviceFacts& facts,
                   Clock::TimePoint now) {
  MatchSet out;
  for (const auto& alert : facts.alerts) {
    if (c.severity_levels.contains(alert.severity_level) ||
        c.training_levels.contains(alert.training_level) || c.error_codes.contains(alert.code)) {
      out["alert:" + alert.index + ":" + std::to_string(alert.code)] =
          alert.description.empty() ? "alert code " + std::to_string(alert.code)
                                    : alert.description;
    }
  }
  for (const auto& level : facts.levels) {
    const auto limit = c.remaining_at_most.find(level.kind);
    if (limit != c.remaining_at_most.end() && level.percent <= limit->second) {
      out["level:" + level.kind + ":" + level.index] =
          level.name + ": " + std::to_string(level.percent) + " %";
    }
  }
  if (c.power_states.contains(facts.power)) out["power:" + facts.power] = "power: " + facts.power;
  if (c.error_ongoing_minutes && inError(facts.severity) && facts.error_since &&
      now - *facts.error_since >= std::chrono::minutes(*c.error_ongoing_minutes)) {
    out["ongoing"] =
        "in error for " + std::to_string(*c.error_ongoing_minutes) + " minutes or more";
  }
  return out;
}

MatchChange compareMatches(const MatchSet& before, const MatchSet& now) {
  MatchChange change;
  for (const auto& [key, text] : now) {
    if (!before.contains(key)) change.raised.emplace(key, text);
  }
  for (const auto& [key, text] : before) {
    if (!now.contains(key)) change.cleared.emplace(key, text);
  }
  return change;
}

std::optional<std::string> validateThrottle(const ThrottleSettings& settings) {
  if (settings.limit < 1 || settings.limit > 1000) return "limit: 1 to 1000 notifications";
  if (settings.window < std::chrono::minutes(1) || settings.window > std::chrono::hours(24)) {
    return "windowMinutes: 1 to 1440";
  }
  return std::nullopt;
}

void NotificationThrottle::forget(Clock::TimePoint now, const ThrottleSettings& settings) {
  while (!sent_.empty() && now - sent_.front() >= settings.window) sent_.pop_front();
}

bool NotificationThrottle::admit(Clock::TimePoint now, const ThrottleSettings& settings) {
  forget(now, settings);
  if (holding_since_) return false;
  if (sent_.size() < static_cast<std::size_t>(settings.limit)) {
    sent_.push_back(now);
    return true;
  }
  return false;
}

void NotificationThrottle::hold(Clock::TimePoint now) {
  if (!holding_since_) holding_since_ = now;
}

bool NotificationThrottle::digestDue(Clock::TimePoint now, const ThrottleSettings& settings) {
  if (!holding_since_ || now - *holding_since_ < settings.window) return false;
  holding_since_.reset();
  forget(now, settings);
  sent_.push_back(now);
  return true;
}

}  // namespace pw::manager
