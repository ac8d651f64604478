// The "restart-printers" task type on the real SQLite engine and command queue, the test
// playing the Agent: one "reset-device" command carries the devices its Agent reaches, each
// with its write credential; the Agent's answer becomes each target's result (Success,
// Timeout, Authentication Error, Error with the reason); devices that cannot be asked (gone,
// no Agent, no read-write credential) get Error at once; an Agent that does not answer in time
// gives Timeout to all its devices.
#include "manager/services/device_reset_task_type.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "manager/tests/agent_fixture.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class DeviceResetTest : public testing::AgentFixture {
 protected:
  std::int64_t connectedAgent() { return enrolledAgent(true); }

  std::int64_t device(std::optional<std::int64_t> agent_id, const std::string& address) {
    return discoveredDevice(agent_id, address, 3);  // read-only: the read-write one is used
  }

  void start(const std::vector<std::int64_t>& ids, const std::string& kind = "restart") {
    TaskStep step;
    step.run_id = 1;
    step.parameters = {{"kind", kind}};
    for (const auto id : ids) step.targets.push_back({TaskTargetKind::kDevice, id});
    step.sent = [this](const std::vector<TargetRef>& targets, std::int64_t command_id) {
      std::lock_guard lock(mutex);
      for (const auto& t : targets) sent[t.id] = command_id;
    };
    step.report = [this](TargetRef target, TargetResult result, std::string detail) {
      std::lock_guard lock(mutex);
      EXPECT_FALSE(results.contains(target.id)) << "reported twice: " << target.id;
      results[target.id] = std::string(toString(result)) + (detail.empty() ? "" : " " + detail);
    };
    type.start(std::move(step));
  }

  testing::WriteCredentials sources{{{9, "v2c", "site-rw", std::nullopt}}};
  DeviceResetTaskType type{storage, storage, sources, commands, clock, {30s, {700, 2}, 60s}};
  std::mutex mutex;
  std::map<std::int64_t, std::int64_t> sent;
  std::map<std::int64_t, std::string> results;
};

TEST_F(DeviceResetTest, EachTargetGetsThePrintersAnswer) {
  const auto agent = connectedAgent();
  const std::vector<std::int64_t> ids = {device(agent, "10.0.0.1"), device(agent, "10.0.0.2"),
                                         device(agent, "10.0.0.3"), device(agent, "10.0.0.4"),
                                         device(agent, "10.0.0.5")};
  const auto orphan = device(std::nullopt, "10.0.0.9");
  start({ids[0], ids[1], ids[2], ids[3], ids[4], orphan, 999});
  EXPECT_EQ(results, (std::map<std::int64_t, std::string>{
                         {orphan, "error noAgent: no Agent reaches the device"},
                         {999, "error the device no longer exists"}}));

  const auto delivered = take(agent);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].kind, "reset-device");
  const auto payload = proto::parseResetDevicePayload(json::parse(delivered[0].payload_json));
  ASSERT_TRUE(payload) << payload.error.message;
  EXPECT_EQ(payload.value->kind, "restart");
  ASSERT_EQ(payload.value->devices.size(), 5u);
  EXPECT_EQ(payload.value->devices[0].credential_id, 9);
  EXPECT_EQ(payload.value->devices[0].port, 1161);
  EXPECT_EQ(payload.value->credentials.size(), 1u);
  EXPECT_EQ((payload.value->timeout_ms), 700);
  for (const auto id : ids) EXPECT_EQ(sent[id], delivered[0].id);

  // The fifth device is missing from the answer; an unknown one is ignored.
  proto::ResetDeviceData data{{{ids[0], true, "", ""},
                               {ids[1], false, "noAccess", "rejected: noAccess"},
                               {ids[2], false, "timeout", "no response"},
                               {ids[3], false, "authorizationError", "rejected"},
                               {12345, true, "", ""}}};
  CommandOutcome outcome;
  outcome.data_json = proto::toJson(data).dump();
  ASSERT_TRUE(commands.complete(agent, delivered[0].id, outcome));
  EXPECT_EQ(results[ids[0]], "success");
  EXPECT_EQ(results[ids[1]], "error noAccess: rejected: noAccess");
  EXPECT_EQ(results[ids[2]], "timeout timeout: no response");
  EXPECT_EQ(results[ids[3]], "authenticationError authorizationError: rejected");
  EXPECT_EQ(results[ids[4]], "error the Agent did not say how it went");
  EXPECT_FALSE(results.contains(12345));
}

TEST_F(DeviceResetTest, NothingIsSentWithoutAWriteCredentialAndSilenceIsATimeout) {
  const auto agent = connectedAgent();
  const auto id = device(agent, "10.0.0.1");
  sources.writable.clear();
  start({id});
  EXPECT_EQ(results[id],
            "error noWriteCredential: no read-write SNMP credential is associated with the Agent");
  EXPECT_EQ(commands.pendingCount(), 0u);

  sources.writable = {{9, "v2c", "site-rw", std::nullopt}};
  results.clear();
  start({id}, "shutdown");
  const auto delivered = take(agent);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(proto::parseResetDevicePayload(json::parse(delivered[0].payload_json)).value->kind,
            "shutdown");
  clock.advance(61s);
  commands.tick();
  EXPECT_EQ(results[id], "timeout the Agent did not answer in time");

  EXPECT_FALSE(type.validate({{"kind", "restart"}}));
  EXPECT_EQ(type.validate({{"kind", "reboot"}})->message,
            "parameters.kind: restart or shutdown (and nothing else)");
  EXPECT_TRUE(type.validate({{"kind", "restart"}, {"force", true}}));
}

}  // namespace
}  // namespace pw::manager
