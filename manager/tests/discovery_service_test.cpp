// DiscoveryService with the real SQLite engine and command queue; the Agent's side is played
// by the test (it takes the command from the queue, reports progress and completes it), and
// scopes and credentials come from a scripted DiscoverySources (our own interface).
#include "manager/services/discovery_service.hpp"

#include <gtest/gtest.h>

#include "manager/services/discovery_task_type.hpp"
#include "manager/tests/agent_fixture.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class ScriptedSources final : public DiscoverySources {
 public:
  Outcome<DiscoveryTargets> targetsFor(std::int64_t agent_id) override {
    if (const auto it = targets.find(agent_id); it != targets.end()) return it->second;
    return DiscoveryTargets{};
  }
  std::vector<proto::SnmpCredentialData> snmpCredentialsFor(std::int64_t agent_id) override {
    if (const auto it = credentials.find(agent_id); it != credentials.end()) return it->second;
    return {};
  }
  std::optional<std::int64_t> agentFor(const std::string& what) override {
    if (const auto it = owners.find(what); it != owners.end()) return it->second;
    return std::nullopt;
  }
  std::map<std::int64_t, DiscoveryTargets> targets;
  std::map<std::int64_t, std::vector<proto::SnmpCredentialData>> credentials;
  std::map<std::string, std::int64_t> owners;
};

class DiscoveryServiceTest : public testing::AgentFixture {
 protected:
  DeviceService devices{storage, clock};
  ScriptedSources sources;
  DiscoveryService discovery{storage, storage, commands, devices, sources, clock, {700, 2}};

  // An activated Agent with a scope of 4 addresses + 1 host name and one v2c credential.
  std::int64_t activeAgent(const std::string& name = "Berlin") {
    const auto id = enrolledAgent(false, name);
    sources.targets[id] = {{"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"}, {"mfp.example.com"}};
    sources.credentials[id] = {{9, "v2c", "site-community", std::nullopt}};
    return id;
  }

  void answer(std::int64_t agent_id, const QueuedCommand& command, const json& data) {
    commands.complete(agent_id, command.id,
                      {CommandOutcome::Kind::kSucceeded, data.dump(), "", "", clock.now()});
  }

  static json device(const std::string& address, const std::string& serial,
                     const std::string& vendor = "HP", bool printer = true) {
    return {{"address", address},   {"vendor", vendor},      {"model", "LaserJet"},
            {"serial", serial},     {"firmware", "1.0"},     {"mac", ""},
            {"name", "np\x07-1"},   {"location", "Floor 2"}, {"contact", ""},
            {"isPrinter", printer}, {"hostname", ""},        {"credentialId", 9},
            {"snmpVersion", "v2c"}};
  }
};

TEST_F(DiscoveryServiceTest, RefusesBadRequestsNamingTheField) {
  const auto id = activeAgent();
  EXPECT_EQ(discovery.start(ScopeDiscoveryRequest{{}, {}, 161, "admin"}).error().message,
            "agentIds must name 1 to 100 Agents");
  EXPECT_EQ(discovery.start(ScopeDiscoveryRequest{{id, id}, {}, 161, "admin"}).error().message,
            "agentIds names an Agent twice");
  EXPECT_EQ(discovery.start(ScopeDiscoveryRequest{{id + 5}, {}, 161, "admin"}).error().code,
            "not_found");
  EXPECT_EQ(discovery.start(ScopeDiscoveryRequest{{id}, {}, 0, "admin"}).error().message,
            "port must be between 1 and 65535");
  RegistrationRule removed{DeviceState::kRemoved, {}};
  EXPECT_EQ(discovery.start(ScopeDiscoveryRequest{{id}, removed, 161, "admin"}).error().message,
            "registration.method must be managed or unmanaged");
  EXPECT_EQ(discovery.start(SingleDiscoveryRequest{"10.0.0.0/24", id, {}, 161, "a"}).error().code,
            "invalid_input");
  EXPECT_EQ(
      discovery.start(SingleDiscoveryRequest{"10.9.9.9", std::nullopt, {}, 161, "a"}).error().code,
      "no_agent_for_target");
}

TEST_F(DiscoveryServiceTest, SendsScopeAndCredentialsFollowsProgressAndRecordsPrinters) {
  const auto id = activeAgent();
  RegistrationRule rule{DeviceState::kUnmanaged,
                        {{ConditionField::kVendor, ConditionOperator::kEquals, "ricoh"}}};
  const auto run = discovery.start(ScopeDiscoveryRequest{{id}, rule, 1161, "admin"});
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->state, RunState::kRunning);
  EXPECT_EQ(run->agents.at(0).total, 5);

  const auto command = takeOne(id);
  EXPECT_EQ(command.kind, "discover");
  const auto payload = proto::parseDiscoverPayload(json::parse(command.payload_json));
  ASSERT_TRUE(payload) << payload.error.message;
  EXPECT_EQ(payload.value->addresses.size(), 4u);
  EXPECT_EQ(payload.value->hostnames, std::vector<std::string>{"mfp.example.com"});
  EXPECT_EQ(payload.value->credentials.at(0).community, "site-community");
  EXPECT_EQ(payload.value->port, 1161);
  EXPECT_EQ(payload.value->timeout_ms, 700);
  EXPECT_EQ(payload.value->retries, 2);

  EXPECT_TRUE(commands.progress(id, command.id, {3, 5, 2}));
  EXPECT_EQ(discovery.get(run->id)->agents.at(0).done, 3);
  EXPECT_EQ(discovery.get(run->id)->agents.at(0).found, 2);

  auto ricoh = device("10.0.0.2", "R-1", "Ricoh");
  ricoh["hostname"] = "mfp.example.com";
  answer(
      id, command,
      {{"devices", {device("10.0.0.1", "H-1"), ricoh, device("10.0.0.3", "S-1", "Cisco", false)}},
       {"silent", 1},
       {"failures",
        {{{"address", "10.0.0.4"}, {"kind", "authentication"}, {"message", "wrong digest"}}}},
       {"warnings",
        {{{"address", "10.0.0.1"}, {"kind", "duplicate_engine_id"}, {"message", "shares"}}}}});
  const auto done = discovery.get(run->id);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->state, RunState::kSucceeded);
  EXPECT_TRUE(done->finished_at.has_value());
  EXPECT_EQ(done->summary.probed, 5);
  EXPECT_EQ(done->summary.found, 3);
  EXPECT_EQ(done->summary.created, 2);
  EXPECT_EQ(done->summary.not_printers, 1);
  EXPECT_EQ(done->summary.unmanaged, 1);  // the Ricoh matched the unmanaged rule
  EXPECT_EQ(done->summary.managed, 1);
  ASSERT_EQ(done->summary.failures.size(), 2u);
  EXPECT_EQ(done->summary.failures[0].kind, "duplicate_engine_id");
  EXPECT_EQ(done->summary.failures[1].kind, "authentication");

  DeviceQuery query;
  query.filters = {{DeviceField::kState, {"managed", "unmanaged"}}};
  const auto page = devices.list(query);
  ASSERT_EQ(page->items.size(), 2u);
  for (const auto& d : page->items) {
    EXPECT_EQ(d.state,
              d.identity.vendor == "Ricoh" ? DeviceState::kUnmanaged : DeviceState::kManaged);
    EXPECT_EQ(d.name, "np-1");  // the device's control character is not kept
    EXPECT_EQ(d.location, "Floor 2");
    EXPECT_EQ(d.communication.snmp_version, "v2c");
    EXPECT_EQ(d.communication.credential_id, 9);
    EXPECT_EQ(d.hostname, d.identity.vendor == "Ricoh" ? "mfp.example.com" : "");
  }
}

TEST_F(DiscoveryServiceTest, RediscoveryUpdatesAndKeepsTheStateAContactFailureShowsOnTheDevice) {
  const auto id = activeAgent();
  for (int round = 0; round < 2; ++round) {
    RegistrationRule rule{
        DeviceState::kManaged,
        {{ConditionField::kVendor, ConditionOperator::kEquals, round == 0 ? "hp" : "nobody"}}};
    const auto run = discovery.start(ScopeDiscoveryRequest{{id}, rule, 161, "admin"});
    answer(id, takeOne(id),
           {{"devices", {device("10.0.0.1", "H-1")}},
            {"silent", 4},
            {"failures", json::array()},
            {"warnings", json::array()}});
    const auto done = discovery.get(run->id);
    EXPECT_EQ(done->summary.created, round == 0 ? 1 : 0);
    EXPECT_EQ(done->summary.updated, round == 0 ? 0 : 1);
  }
  DeviceQuery query;
  auto page = devices.list(query);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].state, DeviceState::kManaged);  // rules apply to new devices only
  EXPECT_FALSE(page->items[0].communication.last_failure);

  const auto run = discovery.start(ScopeDiscoveryRequest{{id}, {}, 161, "admin"});
  answer(
      id, takeOne(id),
      {{"devices", json::array()},
       {"silent", 4},
       {"failures",
        {{{"address", "10.0.0.1"}, {"kind", "authentication"}, {"message", "unknown user name"}}}},
       {"warnings", json::array()}});
  page = devices.list(query);
  ASSERT_TRUE(page->items[0].communication.last_failure);
  EXPECT_EQ(page->items[0].communication.last_failure->kind, "authentication");
}

TEST_F(DiscoveryServiceTest, AgentsThatCannotTakePartFailWithTheReasonOthersGoAhead) {
  const auto ready = activeAgent("ready");
  const auto no_scope = activeAgent("no scope");
  sources.targets.erase(no_scope);
  const auto no_credentials = activeAgent("no credentials");
  sources.credentials.erase(no_credentials);
  const auto inactive = agents.create("inactive", false)->view.agent.id;
  const auto run = discovery.start(
      ScopeDiscoveryRequest{{ready, no_scope, no_credentials, inactive}, {}, 161, "admin"});
  ASSERT_TRUE(run);
  EXPECT_EQ(run->agents.at(1).error->code, "no_scope");
  EXPECT_EQ(run->agents.at(2).error->code, "no_credentials");
  EXPECT_EQ(run->agents.at(3).error->code, "agent_not_active");
  answer(ready, takeOne(ready),
         {{"devices", json::array()},
          {"silent", 5},
          {"failures", json::array()},
          {"warnings", json::array()}});
  EXPECT_EQ(discovery.get(run->id)->state, RunState::kPartial);
}

TEST_F(DiscoveryServiceTest, SingleDeviceByHostNameGoesToTheAgentWhoseScopeCoversIt) {
  const auto id = activeAgent();
  sources.owners["printer.example.com"] = id;
  const auto run =
      discovery.start(SingleDiscoveryRequest{"Printer.Example.com", std::nullopt, {}, 161, "a"});
  ASSERT_TRUE(run) << run.error().message;
  const auto payload =
      proto::parseDiscoverPayload(json::parse(takeOne(id).payload_json)).value.value();
  EXPECT_TRUE(payload.addresses.empty());
  EXPECT_EQ(payload.hostnames, std::vector<std::string>{"printer.example.com"});
}

TEST_F(DiscoveryServiceTest, RefusesAResultAboutAddressesItWasNotAskedAbout) {
  const auto id = activeAgent();
  const auto run = discovery.start(ScopeDiscoveryRequest{{id}, {}, 161, "admin"});
  answer(id, takeOne(id),
         {{"devices", {device("192.168.1.1", "X")}},
          {"silent", 0},
          {"failures", json::array()},
          {"warnings", json::array()}});
  const auto done = discovery.get(run->id);
  EXPECT_EQ(done->state, RunState::kFailed);
  EXPECT_EQ(done->agents.at(0).error->code, "agent_result_invalid");
  EXPECT_EQ(devices.list(DeviceQuery{})->total, 0);
}

TEST_F(DiscoveryServiceTest, CancelDiscardsLateResultsAndTimeoutsFailTheAgent) {
  const auto id = activeAgent();
  auto run = discovery.start(ScopeDiscoveryRequest{{id}, {}, 161, "admin"});
  const auto command = takeOne(id);
  EXPECT_EQ(discovery.cancel(run->id)->state, RunState::kCancelled);
  EXPECT_EQ(discovery.cancel(run->id).error().code, "run_finished");
  answer(id, command,
         {{"devices", {device("10.0.0.1", "H-1")}},
          {"silent", 4},
          {"failures", json::array()},
          {"warnings", json::array()}});
  EXPECT_EQ(devices.list(DeviceQuery{})->total, 0);
  EXPECT_EQ(discovery.get(run->id)->state, RunState::kCancelled);

  run = discovery.start(ScopeDiscoveryRequest{{id}, {}, 161, "admin"});
  takeOne(id);
  clock.advance(DiscoveryService::timeLimitFor(5) + 1s);
  commands.tick();
  const auto done = discovery.get(run->id);
  EXPECT_EQ(done->state, RunState::kFailed);
  EXPECT_EQ(done->agents.at(0).error->code, "agent_timeout");
}

TEST_F(DiscoveryServiceTest, ARunInterruptedByAManagerRestartIsMarkedFailedNotLeftRunning) {
  const auto id = activeAgent();
  const auto run = discovery.start(ScopeDiscoveryRequest{{id}, {}, 161, "admin"});
  {
    DiscoveryService restarted{storage, storage, commands, devices, sources, clock};
    restarted.failInterruptedRuns();
    const auto after = restarted.get(run->id);
    EXPECT_EQ(after->state, RunState::kFailed);
    EXPECT_EQ(after->agents.at(0).error->code, "manager_restarted");
    EXPECT_EQ(restarted.list(10).at(0).id, run->id);
  }
}

// The "discovery" task type: one target per Agent, followed on the engine's tick.
TEST_F(DiscoveryServiceTest, DiscoveryTaskReportsEachAgentTruthfully) {
  TaskEngine engine(storage, storage, clock, time::TimeZone::utc(),
                    [](std::int64_t) -> Outcome<std::vector<std::int64_t>> { return {}; });
  engine.registerType("discovery", std::make_shared<DiscoveryTaskType>(discovery));
  const auto answers = activeAgent("answers");
  const auto silent = activeAgent("silent");
  const auto no_credentials = activeAgent("no credentials");
  sources.credentials.erase(no_credentials);
  TaskInput input;
  input.name = "Sweep";
  input.type = "discovery";
  input.targets.agent_ids = {answers, silent, no_credentials};
  auto bad = input;
  bad.parameters = {{"registration", "sometimes"}};
  EXPECT_EQ(engine.create(bad).error().message,
            "parameters: registration (managed or unmanaged) and port (1-65535) only");
  const auto task = engine.create(input);
  ASSERT_TRUE(task) << task.error().message;
  const auto run_id = engine.runs(task->record.id, 0, 1).at(0).id;
  answer(answers, takeOne(answers),
         {{"devices", {device("10.0.0.1", "H-1")}},
          {"silent", 4},
          {"failures", json::array()},
          {"warnings", json::array()}});
  takeOne(silent);
  engine.tick();
  EXPECT_EQ(engine.run(run_id)->state, TaskRunState::kRunning);  // one Agent has not answered
  clock.advance(DiscoveryService::timeLimitFor(5) + 1s);
  commands.tick();
  engine.tick();
  const auto run = engine.run(run_id);
  EXPECT_EQ(run->state, TaskRunState::kCompleted);
  std::map<std::int64_t, TaskTargetResult> results;
  const auto targets = engine.runTargets(run_id, 0, 10);
  for (const auto& r : targets->first) results[r.target.id] = r;
  EXPECT_EQ(results[answers].result, TargetResult::kSuccess);
  EXPECT_EQ(results[answers].detail, "1 printers found");
  EXPECT_TRUE(results[answers].command_id);  // the discovery run
  EXPECT_EQ(results[silent].result, TargetResult::kTimeout);
  EXPECT_EQ(results[no_credentials].result, TargetResult::kError);
  EXPECT_NE(results[no_credentials].detail.find("No SNMP credential"), std::string::npos);
  EXPECT_EQ(devices.list(DeviceQuery{})->total, 1);
}

}  // namespace
}  // namespace pw::manager
