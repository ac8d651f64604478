// An administrator's device edit written back to the printer: DeviceService with the
// AgentIdentityWriter on the real SQLite engine and command queue, the test playing the Agent
// (it takes the "set-identity" command and answers it). Only changed identity fields are sent,
// with the device's read-write credential; refused fields keep their old value while accepted
// ones and the link URL are stored; nothing is sent to an offline Agent or without a read-write
// credential; an Agent that does not answer is a timeout; a device no Agent reaches is only
// the Manager's record, so its edit is stored.
#include "manager/services/device_identity_writer.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "manager/tests/agent_fixture.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class DeviceIdentityWriteTest : public testing::AgentFixture {
 protected:
  std::int64_t connectedAgent() { return enrolledAgent(true); }

  std::int64_t device(std::optional<std::int64_t> agent_id) {
    const auto id = discoveredDevice(agent_id, "10.0.0.1", 9);
    EXPECT_TRUE(devices.update(id, {"Old name", "Old place", "Old contact", {}}));
    return id;
  }

  // Runs the edit; the outcome once `done` has run (nullopt while the Agent has not answered).
  void edit(std::int64_t id, DeviceEdit e, DeviceScope scope = DeviceScope::all()) {
    outcome.reset();
    devices.edit(id, std::move(e), scope, [this](Outcome<DeviceEdited> o) { outcome = o; });
  }

  // "field: written" or "field: reason".
  std::vector<std::string> writes() const {
    std::vector<std::string> out;
    for (const auto& w : outcome.value()->writes) {
      out.push_back(w.field + ": " + (w.written ? "written" : w.reason));
    }
    return out;
  }

  testing::WriteCredentials sources{
      {{10, "v2c", "other-rw", std::nullopt}, {9, "v2c", "site-rw", std::nullopt}}};
  AgentIdentityWriter writer{storage, sources, commands, clock, {30s, {700, 2}, 20s}};
  DeviceService devices{storage, clock, &writer};
  std::optional<Outcome<DeviceEdited>> outcome;
};

TEST_F(DeviceIdentityWriteTest, ChangedFieldsAreWrittenAndRefusedOnesKeepTheirOldValue) {
  const auto agent = connectedAgent();
  const auto id = device(agent);
  edit(id, {"New name", "Old place", "New contact", "https://intranet/printers/1"});
  EXPECT_FALSE(outcome) << "answered before the Agent did";

  const auto delivered = take(agent);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].kind, "set-identity");
  const auto payload = proto::parseSetIdentityPayload(json::parse(delivered[0].payload_json));
  ASSERT_TRUE(payload) << payload.error.message;
  // Only what changes, with the device's own credential (read-write), port and transport.
  EXPECT_EQ(payload.value->values, (std::vector<proto::IdentityValueData>{
                                       {"name", "New name"}, {"contact", "New contact"}}));
  EXPECT_EQ(payload.value->credential.id, 9);
  EXPECT_EQ(payload.value->credential.community, "site-rw");
  EXPECT_EQ(payload.value->device.port, 1161);
  EXPECT_EQ(payload.value->timeout_ms, 700);

  proto::SetIdentityData answer{
      {{"name", true, "", ""}, {"contact", false, "noAccess", "SetRequest error-status 6"}}};
  commands.complete(
      agent, delivered[0].id,
      {CommandOutcome::Kind::kSucceeded, proto::toJson(answer).dump(), "", "", clock.now()});
  ASSERT_TRUE(outcome);
  ASSERT_TRUE(*outcome) << outcome->error().message;
  EXPECT_EQ(writes(), (std::vector<std::string>{"name: written", "contact: noAccess"}));
  const auto stored = *devices.get(id);
  EXPECT_EQ(stored.name, "New name");
  EXPECT_EQ(stored.contact, "Old contact");
  EXPECT_EQ(stored.location, "Old place");
  EXPECT_EQ(stored.link_url, "https://intranet/printers/1");
  EXPECT_EQ(outcome.value()->device.name, "New name");
}

TEST_F(DeviceIdentityWriteTest, AnotherReadWriteCredentialIsUsedWhenTheDevicesOwnIsReadOnly) {
  const auto agent = connectedAgent();
  const auto id = device(agent);
  sources.writable = {{10, "v2c", "other-rw", std::nullopt}};
  edit(id, {"New name", {}, {}, {}});
  const auto delivered = take(agent);
  ASSERT_EQ(delivered.size(), 1u);
  const auto payload = proto::parseSetIdentityPayload(json::parse(delivered[0].payload_json));
  EXPECT_EQ(payload.value->credential.id, 10);
  EXPECT_EQ(payload.value->device.credential_id, 10);
}

TEST_F(DeviceIdentityWriteTest, NothingIsSentWhenTheAnswerCannotCome) {
  // No Agent reaches it: the Manager's record is all there is, so the edit is stored.
  const auto without_agent = device(std::nullopt);
  edit(without_agent, {"New name", {}, {}, "https://intranet/p"});
  ASSERT_TRUE(outcome && *outcome);
  EXPECT_EQ(writes(), std::vector<std::string>{"name: noAgent"});
  EXPECT_EQ(devices.get(without_agent)->name, "New name");
  EXPECT_EQ(devices.get(without_agent)->link_url, "https://intranet/p");

  const auto agent = connectedAgent();
  const auto id = device(agent);
  sources.writable.clear();
  edit(id, {{}, "New place", {}, {}});
  EXPECT_EQ(writes(), std::vector<std::string>{"location: noWriteCredential"});

  sources.writable = {{9, "v2c", "site-rw", std::nullopt}};
  clock.advance(91s);  // three heartbeats missed
  edit(id, {{}, "New place", {}, {}});
  EXPECT_EQ(writes(), std::vector<std::string>{"location: agentOffline"});
  EXPECT_EQ(devices.get(id)->location, "Old place");
  EXPECT_EQ(commands.pendingCount(), 0u);
}

TEST_F(DeviceIdentityWriteTest, AnAgentThatDoesNotAnswerIsATimeout) {
  const auto agent = connectedAgent();
  const auto id = device(agent);
  edit(id, {"New name", {}, {}, {}});
  ASSERT_EQ(take(agent).size(), 1u);
  clock.advance(21s);
  commands.tick();
  ASSERT_TRUE(outcome && *outcome);
  EXPECT_EQ(writes(), std::vector<std::string>{"name: timeout"});
  EXPECT_EQ(devices.get(id)->name, "Old name");
}

TEST_F(DeviceIdentityWriteTest, UnchangedOrLinkOnlyEditsAreStoredWithoutAskingTheDevice) {
  const auto agent = connectedAgent();
  const auto id = device(agent);
  edit(id, {"Old name", {}, {}, "https://intranet/p"});
  ASSERT_TRUE(outcome && *outcome);
  EXPECT_TRUE(outcome.value()->writes.empty());
  EXPECT_EQ(commands.pendingCount(), 0u);
  EXPECT_EQ(devices.get(id)->link_url, "https://intranet/p");

  edit(id, {std::string(256, 'x'), {}, {}, {}});
  EXPECT_EQ(outcome->error().code, "invalid_input");
  edit(id, {"New", {}, {}, {}}, DeviceScope{std::vector<std::int64_t>{}});
  EXPECT_EQ(outcome->error().code, "not_found");
  ASSERT_TRUE(devices.remove(id));
  edit(id, {"New", {}, {}, {}});
  EXPECT_EQ(outcome->error().code, "device_removed");
  EXPECT_EQ(commands.pendingCount(), 0u);
}

}  // namespace
}  // namespace pw::manager
