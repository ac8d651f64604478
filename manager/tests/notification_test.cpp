// The notification rules without storage: what a rule matches on a device's facts, the keys that
// make it edge-triggered, "error ongoing", storm control, rule checks naming the field, and the
// facts read from the stored status and supplies documents.
#include "manager/core/notification.hpp"

#include <gtest/gtest.h>

#include "manager/services/notification_service.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

DeviceFacts jammedWithLowToner() {
  DeviceFacts f;
  f.severity = "error";
  f.power = "on";
  f.alerts = {{"1.7", "critical", "untrained", 8, "Paper jam"},
              {"1.9", "warning", "fieldService", 1101, "Toner low"}};
  f.levels = {{"toner", "1.1", "Black", 4}, {"paper", "1.2", "Tray 2", 50}};
  return f;
}

TEST(NotificationMatch, ConditionsAreOredAndEachMatchHasAKey) {
  const auto now = Clock::TimePoint{} + 1000h;
  NotificationConditions c;
  c.error_codes = {8};
  c.training_levels = {"fieldService"};
  c.remaining_at_most = {{"toner", 5}, {"paper", 10}};
  const auto m = matchRule(c, jammedWithLowToner(), now);
  EXPECT_EQ(m.size(), 3U);
  EXPECT_EQ(m.at("alert:1.7:8"), "Paper jam");
  EXPECT_EQ(m.at("alert:1.9:1101"), "Toner low");
  EXPECT_EQ(m.at("level:toner:1.1"), "Black: 4 %");
  EXPECT_FALSE(m.contains("level:paper:1.2"));

  NotificationConditions power;
  power.power_states = {"no_response"};
  auto off = jammedWithLowToner();
  EXPECT_TRUE(matchRule(power, off, now).empty());
  off.power = "no_response";
  EXPECT_EQ(matchRule(power, off, now).at("power:no_response"), "power: no_response");
}

TEST(NotificationMatch, ErrorOngoingNeedsTheWholeDuration) {
  const auto start = Clock::TimePoint{} + 1000h;
  NotificationConditions c;
  c.error_ongoing_minutes = 15;
  auto f = jammedWithLowToner();
  f.error_since = start;
  EXPECT_TRUE(matchRule(c, f, start + 14min).empty());
  EXPECT_TRUE(matchRule(c, f, start + 15min).contains("ongoing"));
  f.severity = "warning";
  EXPECT_TRUE(matchRule(c, f, start + 60min).empty());
}

TEST(NotificationMatch, OnlyNewKeysRaiseAndGoneKeysClear) {
  const MatchSet before = {{"a", "A"}, {"b", "B"}};
  const MatchSet now = {{"b", "B"}, {"c", "C"}};
  const auto change = compareMatches(before, now);
  EXPECT_EQ(change.raised, (MatchSet{{"c", "C"}}));
  EXPECT_EQ(change.cleared, (MatchSet{{"a", "A"}}));
  EXPECT_TRUE(compareMatches(now, now).empty());
}

TEST(NotificationThrottle, LimitThenOneDigestPerWindow) {
  const ThrottleSettings s{2, 10min};
  NotificationThrottle t;
  const auto t0 = Clock::TimePoint{} + 1000h;
  EXPECT_TRUE(t.admit(t0, s));
  EXPECT_TRUE(t.admit(t0 + 1min, s));
  EXPECT_FALSE(t.admit(t0 + 2min, s));
  t.hold(t0 + 2min);
  EXPECT_FALSE(t.admit(t0 + 11min, s));  // while holding, everything joins the digest
  EXPECT_FALSE(t.digestDue(t0 + 11min, s));
  EXPECT_TRUE(t.digestDue(t0 + 12min, s));
  EXPECT_FALSE(t.digestDue(t0 + 30min, s));  // nothing held any more
  EXPECT_TRUE(t.admit(t0 + 20min, s));       // the digest (at +12) counts as one of the two
  EXPECT_FALSE(t.admit(t0 + 21min, s));
}

TEST(NotificationRuleCheck, ErrorsNameTheField) {
  NotificationRule r;
  r.name = "n";
  r.to = {"ops@example.org"};
  EXPECT_EQ(validateRule(r), "conditions: at least one condition");
  r.conditions.severity_levels = {"loud"};
  EXPECT_EQ(validateRule(r), "conditions.severityLevels: \"loud\" is not a severity level");
  r.conditions.severity_levels = {"critical"};
  r.conditions.remaining_at_most = {{"toner", 101}};
  EXPECT_EQ(validateRule(r), "conditions.remainingAtMost.toner: a percentage, 0 to 100");
  r.conditions.remaining_at_most = {{"ribbon", 5}};
  EXPECT_EQ(validateRule(r), "conditions.remainingAtMost: \"ribbon\" is not a level kind");
  r.conditions.remaining_at_most.clear();
  r.conditions.error_ongoing_minutes = 0;
  EXPECT_EQ(validateRule(r), "conditions.errorOngoingMinutes: 1 to 10080");
  r.conditions.error_ongoing_minutes = 30;
  r.cc = {"not an address"};
  EXPECT_EQ(validateRule(r), "cc: \"not an address\" is not an e-mail address");
  r.cc.clear();
  r.language = "xx";
  EXPECT_EQ(validateRule(r), "language: one of en, fr, de, it, es, ja");
  r.language = "ja";
  EXPECT_EQ(validateRule(r), std::nullopt);
  EXPECT_EQ(validateThrottle({0, 10min}), "limit: 1 to 1000 notifications");
  EXPECT_EQ(validateThrottle({5, 0min}), "windowMinutes: 1 to 1440");
}

TEST(NotificationJson, RoundTripAndUnknownFields) {
  const auto body = nlohmann::json::parse(R"({
    "name": "Toner", "active": true, "language": "de", "notifyRecovery": true,
    "conditions": {"remainingAtMost": {"toner": 10}, "powerStates": ["no_response"],
                   "errorOngoingMinutes": 30, "errorCodes": [8, 13]},
    "groupIds": [3], "to": ["a@example.org"], "cc": []})");
  const auto rule = notificationRuleFromJson(body);
  ASSERT_TRUE(rule) << rule.error().message;
  EXPECT_EQ(rule->conditions.error_codes, (std::set<std::int64_t>{8, 13}));
  auto back = notificationRuleJson(*rule);
  EXPECT_EQ(back["conditions"]["remainingAtMost"]["toner"], 10);
  EXPECT_EQ(back["conditions"]["errorOngoingMinutes"], 30);
  EXPECT_EQ(back["groupIds"], nlohmann::json::array({3}));
  back["colour"] = "red";
  EXPECT_EQ(notificationRuleFromJson(back).error().message,
            "unknown field \"colour\"; send name, active, conditions, groupIds, to, cc, language, "
            "notifyRecovery");
}

TEST(NotificationFacts, FromTheStoredDocuments) {
  CurrentStatus status;
  status.status = {"error", "on", {"jammed"}};
  status.alerts_json =
      R"([{"index":"1.7","severityLevelName":"critical","trainingLevelName":"untrained",)"
      R"("code":8,"description":"Jam"}])";
  const std::string supplies = R"({"items":[
      {"index":"1.1","description":"Black","type":"tonerCartridge","percent":7},
      {"index":"1.2","description":"Drum","type":"opc","percent":null},
      {"index":"1.3","description":"Fuser","type":"fuser","percent":50}],
    "inputTrays":[{"index":"1.1","name":"Bypass","type":"sheetFeedManual","percent":0},
                  {"index":"1.2","name":"Tray 1","type":"sheetFeedAutoRemovableTray","percent":20}],
    "outputBins":[]})";
  const auto facts = deviceFactsOf(status, supplies);
  EXPECT_EQ(facts.severity, "error");
  ASSERT_EQ(facts.alerts.size(), 1U);
  EXPECT_EQ(facts.alerts[0].code, 8);
  ASSERT_EQ(facts.levels.size(), 2U);  // no percentage, no kind and the manual feed are skipped
  EXPECT_EQ(facts.levels[0].kind, "toner");
  EXPECT_EQ(facts.levels[1].kind, "paper");
  EXPECT_EQ(facts.levels[1].name, "Tray 1");
  EXPECT_TRUE(deviceFactsOf(std::nullopt, std::string("not json")).levels.empty());
}

}  // namespace
}  // namespace pw::manager
