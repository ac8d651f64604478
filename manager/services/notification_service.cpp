#include "manager/services/notification_service.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <type_traits>

#include "manager/core/text_catalogue.hpp"

namespace pw::manager {
namespace {

using nlohmann::json;

constexpr const char* kThrottleKey = "notification_throttle";

Problem invalid(std::string message) {
  return {ErrorKind::kInvalidInput, "invalid_input", std::move(message)};
}

Problem ruleNotFound(std::int64_t id) {
  return {ErrorKind::kNotFound, "not_found",
          "There is no notification rule " + std::to_string(id) + "."};
}

Problem nameTaken(const std::string& name) {
  return {ErrorKind::kConflict, "notification_name_taken",
          "A notification rule is already named \"" + name + "\"."};
}

bool inError(const std::string& severity) {
  return severity == "error" || severity == "service_call";
}

std::string utcText(Clock::TimePoint at) {
  const auto t = static_cast<std::time_t>(toUnixSeconds(at));
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> out{};
  std::strftime(out.data(), out.size(), "%Y-%m-%d %H:%M:%S", &tm);
  return out.data();
}

template <typename T>
json setJson(const std::set<T>& values) {
  return json(std::vector<T>(values.begin(), values.end()));
}

// Reads an array of strings (or integers) into a set; the error names the field.
template <typename T>
std::optional<std::string> readSet(const json& value, const std::string& name, std::set<T>& out) {
  if (!value.is_array()) return name + ": a list";
  for (const auto& item : value) {
    if constexpr (std::is_same_v<T, std::string>) {
      if (!item.is_string()) return name + ": a list of names";
    } else {
      if (!item.is_number_integer()) return name + ": a list of integers";
    }
    out.insert(item.get<T>());
  }
  return std::nullopt;
}

std::optional<std::string> readAddresses(const json& value, const std::string& name,
                                         std::vector<std::string>& out) {
  if (!value.is_array()) return name + ": a list of e-mail addresses";
  for (const auto& item : value) {
    if (!item.is_string()) return name + ": a list of e-mail addresses";
    out.push_back(item.get<std::string>());
  }
  return std::nullopt;
}

std::optional<std::string> readConditions(const json& body, NotificationConditions& c) {
  if (!body.is_object()) return "conditions: an object";
  for (const auto& [key, value] : body.items()) {
    const auto name = "conditions." + key;
    std::optional<std::string> error;
    if (key == "severityLevels") {
      error = readSet(value, name, c.severity_levels);
    } else if (key == "trainingLevels") {
      error = readSet(value, name, c.training_levels);
    } else if (key == "errorCodes") {
      error = readSet(value, name, c.error_codes);
    } else if (key == "powerStates") {
      error = readSet(value, name, c.power_states);
    } else if (key == "remainingAtMost") {
      if (!value.is_object()) return name + ": an object of level kind → percentage";
      for (const auto& [kind, percent] : value.items()) {
        if (!percent.is_number_integer()) return name + "." + kind + ": a percentage, 0 to 100";
        c.remaining_at_most[kind] =
            static_cast<int>(std::clamp<std::int64_t>(percent.get<std::int64_t>(), -1, 101));
      }
    } else if (key == "errorOngoingMinutes") {
      if (value.is_null()) continue;
      if (!value.is_number_integer()) return name + ": whole minutes";
      c.error_ongoing_minutes = static_cast<int>(
          std::clamp<std::int64_t>(value.get<std::int64_t>(), 0, kMaxOngoingMinutes + 1));
    } else {
      return "conditions: unknown field \"" + key +
             "\"; send severityLevels, trainingLevels, errorCodes, remainingAtMost, "
             "powerStates, errorOngoingMinutes";
    }
    if (error) return error;
  }
  return std::nullopt;
}

json stateJson(const MatchSet& keys, const std::optional<Clock::TimePoint>& error_since) {
  if (keys.empty() && !error_since) return nullptr;
  json j = {{"keys", keys}};
  if (error_since) j["errorSince"] = toUnixSeconds(*error_since);
  return j;
}

}  // namespace

json notificationRuleJson(const NotificationRule& rule) {
  const auto& c = rule.conditions;
  json remaining = json::object();
  for (const auto& [kind, percent] : c.remaining_at_most) remaining[kind] = percent;
  return {{"id", rule.id},
          {"name", rule.name},
          {"active", rule.active},
          {"conditions",
           {{"severityLevels", setJson(c.severity_levels)},
            {"trainingLevels", setJson(c.training_levels)},
            {"errorCodes", setJson(c.error_codes)},
            {"remainingAtMost", remaining},
            {"powerStates", setJson(c.power_states)},
            {"errorOngoingMinutes",
             c.error_ongoing_minutes ? json(*c.error_ongoing_minutes) : json(nullptr)}}},
          {"groupIds", rule.group_ids},
          {"to", rule.to},
          {"cc", rule.cc},
          {"language", rule.language},
          {"notifyRecovery", rule.notify_recovery}};
}

Outcome<NotificationRule> notificationRuleFromJson(const json& body) {
  if (!body.is_object()) return invalid("the body must be a JSON object");
  NotificationRule rule;
  for (const auto& [key, value] : body.items()) {
    std::optional<std::string> error;
    if (key == "id") {
      continue;  // the path names the rule; GET's answer may be sent back as it is
    } else if (key == "name") {
      if (!value.is_string()) return invalid("name: 1 to 100 characters");
      rule.name = value.get<std::string>();
    } else if (key == "active") {
      if (!value.is_boolean()) return invalid("active: true or false");
      rule.active = value.get<bool>();
    } else if (key == "notifyRecovery") {
      if (!value.is_boolean()) return invalid("notifyRecovery: true or false");
      rule.notify_recovery = value.get<bool>();
    } else if (key == "language") {
      if (!value.is_string()) return invalid("language: one of en, fr, de, it, es, ja");
      rule.language = value.get<std::string>();
    } else if (key == "conditions") {
      error = readConditions(value, rule.conditions);
    } else if (key == "groupIds") {
      std::set<std::int64_t> ids;
      error = readSet(value, "groupIds", ids);
      rule.group_ids.assign(ids.begin(), ids.end());
    } else if (key == "to") {
      error = readAddresses(value, "to", rule.to);
    } else if (key == "cc") {
      error = readAddresses(value, "cc", rule.cc);
    } else {
      return invalid("unknown field \"" + key +
                     "\"; send name, active, conditions, groupIds, to, cc, language, "
                     "notifyRecovery");
    }
    if (error) return invalid(*error);
  }
  if (auto error = validateRule(rule)) return invalid(*error);
  return rule;
}

DeviceFacts deviceFactsOf(const std::optional<CurrentStatus>& status,
                          const std::optional<std::string>& supplies_json) {
  DeviceFacts facts;
  if (status) {
    facts.severity = status->status.severity;
    facts.power = status->status.power;
    const auto alerts = json::parse(status->alerts_json, nullptr, false);
    if (alerts.is_array()) {
      for (const auto& a : alerts) {
        if (!a.is_object()) continue;
        facts.alerts.push_back({a.value("index", ""), a.value("severityLevelName", ""),
                                a.value("trainingLevelName", ""), a.value("code", std::int64_t{0}),
                                a.value("description", "")});
      }
    }
  }
  if (supplies_json) {
    const auto doc = json::parse(*supplies_json, nullptr, false);
    const auto percentOf = [](const json& item) -> std::optional<std::int64_t> {
      const auto it = item.find("percent");
      if (it == item.end() || !it->is_number_integer()) return std::nullopt;
      return it->get<std::int64_t>();
    };
    if (doc.is_object()) {
      for (const auto& item : doc.value("items", json::array())) {
        const auto kind = levelKindOfSupplyType(item.value("type", ""));
        const auto percent = percentOf(item);
        if (!kind.empty() && percent) {
          facts.levels.push_back(
              {kind, item.value("index", ""), item.value("description", ""), *percent});
        }
      }
      // Paper: every input tray but the manual (multi-purpose) feed.
      for (const auto& tray : doc.value("inputTrays", json::array())) {
        const auto percent = percentOf(tray);
        if (tray.value("type", "") != "sheetFeedManual" && percent) {
          facts.levels.push_back(
              {"paper", tray.value("index", ""), tray.value("name", ""), *percent});
        }
      }
    }
  }
  return facts;
}

MailMessage notificationMessage(const NotificationRule& rule,
                                const std::vector<NotificationEvent>& events,
                                std::chrono::minutes window) {
  const Words words(rule.language);
  MailMessage message;
  message.to = rule.to;
  message.to.insert(message.to.end(), rule.cc.begin(), rule.cc.end());
  std::string text = std::string(words("mail.rule.rule")) + ": " + rule.name + "\r\n";
  if (events.size() == 1) {
    message.subject = "[Printwarden] " + rule.name + ": " + events[0].device_label;
  } else {
    message.subject = "[Printwarden] " + rule.name + ": " + std::to_string(events.size()) + " ×";
    text += words("mail.rule.digest",
                  {{"n", std::to_string(events.size())}, {"m", std::to_string(window.count())}}) +
            "\r\n";
  }
  for (const auto& event : events) {
    text += "\r\n" + std::string(words("mail.rule.device")) + ": " + event.device_label + "\r\n";
    text += std::string(words("mail.rule.time")) + ": " + utcText(event.at) + "\r\n";
    for (const auto& [key, line] : event.raised) {
      text += "  " + std::string(words("mail.rule.raised")) + ": " + line + "\r\n";
    }
    for (const auto& [key, line] : event.cleared) {
      text += "  " + std::string(words("mail.rule.cleared")) + ": " + line + "\r\n";
    }
  }
  message.text = std::move(text);
  return message;
}

NotificationService::NotificationService(NotificationStore& store, MonitoringStore& monitoring,
                                         DeviceStore& devices, GroupService& groups,
                                         SettingsStore& settings, MailService& mail,
                                         const Clock& clock)
    : store_(store),
      monitoring_(monitoring),
      devices_(devices),
      groups_(groups),
      settings_(settings),
      mail_(mail),
      clock_(clock) {}

namespace {

NotificationRule ruleOf(const StoredNotificationRule& stored) {
  auto parsed = notificationRuleFromJson(json::parse(stored.body_json));
  // Stored documents were checked when written; a later, stricter check must not lose them.
  NotificationRule rule = parsed ? std::move(*parsed) : NotificationRule{};
  rule.id = stored.id;
  rule.name = stored.name;
  if (!parsed) rule.active = false;
  return rule;
}

}  // namespace

std::vector<NotificationRule> NotificationService::list() {
  std::vector<NotificationRule> out;
  for (const auto& stored : store_.listNotificationRules()) out.push_back(ruleOf(stored));
  return out;
}

Outcome<NotificationRule> NotificationService::get(std::int64_t id) {
  const auto stored = store_.findNotificationRule(id);
  if (!stored) return ruleNotFound(id);
  return ruleOf(*stored);
}

void NotificationService::invalidate() {
  std::lock_guard lock(mutex_);
  rules_.reset();
}

Outcome<NotificationRule> NotificationService::create(NotificationRule rule) {
  if (auto error = validateRule(rule)) return invalid(*error);
  const auto id =
      store_.createNotificationRule(rule.name, notificationRuleJson(rule).dump(), clock_.now());
  if (!id) return nameTaken(rule.name);
  rule.id = *id;
  invalidate();
  return rule;
}

Outcome<NotificationRule> NotificationService::update(std::int64_t id, NotificationRule rule) {
  if (auto error = validateRule(rule)) return invalid(*error);
  rule.id = id;
  switch (store_.updateNotificationRule(id, rule.name, notificationRuleJson(rule).dump(),
                                        clock_.now())) {
    case NotificationRuleChange::kNotFound: return ruleNotFound(id);
    case NotificationRuleChange::kNameTaken: return nameTaken(rule.name);
    case NotificationRuleChange::kDone: break;
  }
  invalidate();
  return rule;
}

Outcome<NotificationRule> NotificationService::duplicate(std::int64_t id) {
  auto source = get(id);
  if (!source) return source.error();
  auto copy = *source;
  copy.active = false;
  for (int n = 1; n < 1000; ++n) {
    copy.name = source->name + " - Copy" + (n == 1 ? "" : " " + std::to_string(n));
    if (copy.name.size() > 100) copy.name = copy.name.substr(copy.name.size() - 100);
    auto created = create(copy);
    if (created || created.error().code != "notification_name_taken") return created;
  }
  return nameTaken(source->name + " - Copy");
}

Outcome<bool> NotificationService::remove(std::int64_t id) {
  if (!store_.deleteNotificationRule(id)) return ruleNotFound(id);
  std::lock_guard lock(mutex_);
  rules_.reset();
  pending_.erase(id);
  return true;
}

ThrottleSettings NotificationService::throttle() {
  ThrottleSettings out;
  if (const auto text = settings_.findSetting(kThrottleKey)) {
    const auto j = json::parse(*text);
    out.limit = j.at("limit").get<int>();
    out.window = std::chrono::minutes(j.at("windowMinutes").get<int>());
  }
  return out;
}

Outcome<ThrottleSettings> NotificationService::setThrottle(const ThrottleSettings& settings) {
  if (auto error = validateThrottle(settings)) return invalid(*error);
  settings_.saveSetting(
      kThrottleKey,
      json{{"limit", settings.limit}, {"windowMinutes", settings.window.count()}}.dump());
  return settings;
}

NotificationCounters NotificationService::counters() {
  std::lock_guard lock(mutex_);
  return counters_;
}

std::vector<NotificationRule> NotificationService::activeRulesLocked() {
  if (!rules_) {
    rules_.emplace();
    for (auto& rule : list()) {
      if (rule.active) rules_->push_back(std::move(rule));
    }
  }
  return *rules_;
}

bool NotificationService::inScopeLocked(const NotificationRule& rule, std::int64_t device_id) {
  if (rule.group_ids.empty()) return true;
  const auto now = clock_.now();
  for (const auto group : rule.group_ids) {
    auto& [read_at, members] = members_[group];
    if (read_at == Clock::TimePoint{} || now - read_at >= std::chrono::minutes(1)) {
      const auto ids = groups_.devicesOf(group);
      members = ids ? std::set<std::int64_t>(ids->begin(), ids->end()) : std::set<std::int64_t>{};
      read_at = now;
    }
    if (members.contains(device_id)) return true;
  }
  return false;
}

std::string NotificationService::labelOf(std::int64_t device_id) {
  const auto device = devices_.findDevice(device_id);
  if (!device) return "#" + std::to_string(device_id);
  const auto name = device->name.empty() ? device->identity.model : device->name;
  const auto address = device->ip_address.empty() ? device->hostname : device->ip_address;
  if (name.empty()) return address;
  return address.empty() ? name : name + " (" + address + ")";
}

void NotificationService::readingsStored(const std::vector<std::int64_t>& device_ids) {
  std::lock_guard lock(mutex_);
  const auto rules = activeRulesLocked();
  const bool status_hooks = webhooks_ && webhooks_->wanted("device.status_changed");
  if (rules.empty() && !status_hooks) return;
  for (const auto device_id : device_ids) {
    const auto status = monitoring_.currentStatus(device_id);
    // A reading that opened a new status edge changed the status.
    if (status_hooks && status && status->since == status->read_at) {
      publishStatusChange(device_id, *status);
    }
    const auto supplies = monitoring_.currentSupplies(device_id);
    const auto facts =
        deviceFactsOf(status, supplies ? std::optional(supplies->first) : std::nullopt);
    for (const auto& rule : rules) {
      if (inScopeLocked(rule, device_id)) evaluateLocked(rule, device_id, status, facts);
    }
  }
}

void NotificationService::evaluateLocked(const NotificationRule& rule, std::int64_t device_id,
                                         const std::optional<CurrentStatus>& status,
                                         const DeviceFacts& device_facts) {
  const auto now = clock_.now();
  RuleState before;
  if (const auto text = store_.notificationState(rule.id, device_id)) {
    const auto j = json::parse(*text);
    before.keys = j.at("keys").get<MatchSet>();
    if (j.contains("errorSince")) {
      before.error_since = fromUnixSeconds(j["errorSince"].get<long long>());
    }
  }
  auto facts = device_facts;
  // An error lasts from the start of the edge that entered it until the device leaves error.
  if (inError(facts.severity)) {
    facts.error_since =
        before.error_since ? before.error_since : std::optional(status ? status->since : now);
  }
  const auto matches = matchRule(rule.conditions, facts, now);
  const auto change = compareMatches(before.keys, matches);
  if (change.empty() && before.error_since == facts.error_since) return;
  const auto state = stateJson(matches, facts.error_since);
  store_.saveNotificationState(rule.id, device_id, state.is_null() ? "" : state.dump());
  NotificationEvent event{rule.id, device_id, {}, change.raised, {}, now};
  if (rule.notify_recovery) event.cleared = change.cleared;
  if (event.raised.empty() && event.cleared.empty()) return;
  event.device_label = labelOf(device_id);
  dispatchLocked(rule, std::move(event));
}

void NotificationService::publishStatusChange(std::int64_t device_id, const CurrentStatus& status) {
  const auto parts = webhooks_->payloadParts("device.status_changed");
  json payload = {{"device", {{"id", device_id}, {"label", labelOf(device_id)}}},
                  {"severity", status.status.severity},
                  {"power", status.status.power},
                  {"conditions", status.status.conditions},
                  {"since", toUnixSeconds(status.since)}};
  if (parts.contains("alerts")) payload["alerts"] = json::parse(status.alerts_json, nullptr, false);
  if (parts.contains("supplies")) {
    const auto supplies = monitoring_.currentSupplies(device_id);
    payload["supplies"] = supplies ? json::parse(supplies->first, nullptr, false) : json(nullptr);
  }
  if (parts.contains("counters")) {
    const auto counters = monitoring_.currentCounters(device_id);
    payload["counters"] = counters ? json::parse(counters->first, nullptr, false) : json(nullptr);
  }
  webhooks_->publish("device.status_changed", payload);
}

void NotificationService::dispatchLocked(const NotificationRule& rule, NotificationEvent event) {
  if (webhooks_) {
    const auto lines = [](const MatchSet& set) {
      json out = json::array();
      for (const auto& [key, text] : set) out.push_back({{"key", key}, {"text", text}});
      return out;
    };
    webhooks_->publish("notification",
                       {{"rule", {{"id", rule.id}, {"name", rule.name}}},
                        {"device", {{"id", event.device_id}, {"label", event.device_label}}},
                        {"raised", lines(event.raised)},
                        {"cleared", lines(event.cleared)}});
  }
  const auto settings = throttle();
  auto& pending = pending_[rule.id];
  if (pending.throttle.admit(event.at, settings)) {
    sendLocked(rule, {std::move(event)});
    return;
  }
  pending.throttle.hold(event.at);
  pending.held.push_back(std::move(event));
  ++counters_.held;
}

void NotificationService::sendLocked(const NotificationRule& rule,
                                     const std::vector<NotificationEvent>& events) {
  const bool sent = mail_.send(notificationMessage(rule, events, throttle().window));
  if (!sent) {
    ++counters_.not_sent;
  } else if (events.size() == 1) {
    ++counters_.sent;
  } else {
    ++counters_.digests;
  }
}

void NotificationService::tick() {
  std::lock_guard lock(mutex_);
  const auto rules = activeRulesLocked();
  const auto now = clock_.now();
  for (const auto& rule : rules) {
    if (!rule.conditions.error_ongoing_minutes) continue;
    // Only devices already seen in error can have an error going on.
    for (const auto& [device_id, text] : store_.notificationStates(rule.id)) {
      const auto j = json::parse(text);
      if (!j.contains("errorSince") || j.at("keys").contains("ongoing")) continue;
      if (now - fromUnixSeconds(j["errorSince"].get<long long>()) <
          std::chrono::minutes(*rule.conditions.error_ongoing_minutes)) {
        continue;
      }
      if (!inScopeLocked(rule, device_id)) continue;
      const auto status = monitoring_.currentStatus(device_id);
      const auto supplies = monitoring_.currentSupplies(device_id);
      evaluateLocked(
          rule, device_id, status,
          deviceFactsOf(status, supplies ? std::optional(supplies->first) : std::nullopt));
    }
  }
  const auto settings = throttle();
  for (auto& [rule_id, pending] : pending_) {
    if (pending.held.empty() || !pending.throttle.digestDue(now, settings)) continue;
    const auto rule = std::find_if(rules.begin(), rules.end(),
                                   [id = rule_id](const auto& r) { return r.id == id; });
    if (rule != rules.end()) sendLocked(*rule, pending.held);
    pending.held.clear();
  }
}

}  // namespace pw::manager
