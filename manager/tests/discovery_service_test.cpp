// DiscoveryService with the real SQLite engine and command queue; the Agent's side is played
// by the test (it takes the command from the queue and completes it).
#include "manager/services/discovery_service.hpp"

#include <gtest/gtest.h>

#include "common/crypto/certificates.hpp"
#include "manager/services/agent_service.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class DiscoveryServiceTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  ManagerPki pki{dir.path() / "pki", {}, clock};
  CommandQueue commands{clock};
  AgentService agents{storage, pki, commands, clock, AgentServiceSettings{30s}};
  DeviceService devices{storage, clock};
  DiscoveryService discovery{storage, commands, devices};

  std::int64_t activeAgent() {
    const auto created = *agents.create("Berlin", false);
    agents.enroll({*created.activation_key,
                   crypto::makeCsrPem(crypto::generatePrivateKeyPem(), "agent"), "host-1",
                   "0.1.0"});
    return created.view.agent.id;
  }

  DiscoveryRequest request(std::int64_t agent_id) {
    return {agent_id, {"10.0.0.1-10.0.0.3", "10.0.1.0/30"}, {"public"}, 1161};
  }

  // Runs a discovery and answers it as the Agent would with `data`.
  std::optional<Outcome<DiscoverySummary>> run(std::int64_t agent_id, const json& data,
                                               QueuedCommand* seen = nullptr) {
    std::optional<Outcome<DiscoverySummary>> result;
    discovery.discover(request(agent_id), [&](Outcome<DiscoverySummary> r) { result = r; });
    EXPECT_FALSE(result);
    std::vector<QueuedCommand> delivered;
    commands.wait(agent_id, [&](std::vector<QueuedCommand> c) { delivered = std::move(c); });
    EXPECT_EQ(delivered.size(), 1u);
    if (delivered.empty()) return result;
    if (seen != nullptr) *seen = delivered[0];
    commands.complete(agent_id, delivered[0].id,
                      {CommandOutcome::Kind::kSucceeded, data.dump(), "", "", clock.now()});
    return result;
  }

  static json device(const std::string& address, const std::string& serial,
                     const std::string& mac) {
    return {{"address", address}, {"vendor", "HP"},   {"model", "LaserJet"}, {"serial", serial},
            {"firmware", "1.0"},  {"mac", mac},       {"name", "np"},        {"location", ""},
            {"contact", ""},      {"isPrinter", true}};
  }
};

TEST_F(DiscoveryServiceTest, RefusesBadRequestsNamingTheField) {
  const auto id = activeAgent();
  const auto error = [&](DiscoveryRequest r) {
    std::optional<Outcome<DiscoverySummary>> result;
    discovery.discover(r, [&](Outcome<DiscoverySummary> o) { result = o; });
    EXPECT_TRUE(result && !*result);
    return result->error();
  };
  auto r = request(id);
  r.targets = {"10.0.0.1", "10.0.0.300"};
  EXPECT_EQ(error(r).message, "targets[1] \"10.0.0.300\": not an IPv4 address");
  r = request(id);
  r.targets.assign(17, "10.0.0.1");
  EXPECT_EQ(error(r).code, "invalid_input");
  r = request(id);
  r.targets = {"10.0.0.0/15"};  // 131,072 addresses
  EXPECT_NE(error(r).message.find("targets"), std::string::npos);
  r = request(id);
  r.communities = {};
  EXPECT_NE(error(r).message.find("communities"), std::string::npos);
  r = request(id);
  r.communities = {std::string(65, 'c')};
  EXPECT_EQ(error(r).message, "communities[0] must be 1 to 64 characters");
  r = request(id);
  r.port = 0;
  EXPECT_EQ(error(r).message, "port must be between 1 and 65535");
  EXPECT_EQ(error(request(id + 100)).code, "not_found");
  const auto inactive = agents.create("Paris", false)->view.agent.id;
  EXPECT_EQ(error(request(inactive)).code, "agent_not_active");
  EXPECT_EQ(commands.pendingCount(), 0u);
}

TEST_F(DiscoveryServiceTest, SendsTheExpandedTargetsAndRecordsWhatWasFound) {
  const auto id = activeAgent();
  QueuedCommand command;
  const json data = {
      {"devices",
       {device("10.0.0.1", "S1", "aa:bb:cc:00:00:01"),
        device("10.0.1.2", "S2", "aa:bb:cc:00:00:02")}},
      {"silent", 4},
      {"failures", {{{"address", "10.0.0.3"}, {"kind", "decode"}, {"message", "x"}}}}};
  auto result = run(id, data, &command);
  ASSERT_TRUE(result && *result) << (result ? result->error().message : "no answer");
  EXPECT_EQ(command.kind, "discover");
  const auto payload = proto::parseDiscoverPayload(json::parse(command.payload_json));
  ASSERT_TRUE(payload);
  EXPECT_EQ(payload.value->addresses,
            (std::vector<std::string>{"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.1.0", "10.0.1.1",
                                      "10.0.1.2", "10.0.1.3"}));
  EXPECT_EQ(payload.value->port, 1161);
  EXPECT_EQ((*result)->probed, 7u);
  EXPECT_EQ((*result)->found, 2u);
  EXPECT_EQ((*result)->created, 2u);
  ASSERT_EQ((*result)->failures.size(), 1u);
  EXPECT_EQ((*result)->failures[0].address, "10.0.0.3");
  const auto page = devices.list(DeviceQuery{});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 2);
  EXPECT_EQ(page->items[0].agent_id, id);

  result = run(id, data);
  ASSERT_TRUE(result && *result);
  EXPECT_EQ((*result)->created, 0u);
  EXPECT_EQ((*result)->updated, 2u);
}

TEST_F(DiscoveryServiceTest, RefusesAMalformedAgentResult) {
  const auto id = activeAgent();
  auto result = run(id, {{"devices", json::array()}, {"failures", json::array()}});
  ASSERT_TRUE(result && !*result);
  EXPECT_EQ(result->error().code, "agent_result_invalid");
  EXPECT_NE(result->error().message.find("silent"), std::string::npos);
  result = run(
      id,
      {{"devices", {device("192.168.9.9", "S", "")}}, {"silent", 0}, {"failures", json::array()}});
  ASSERT_TRUE(result && !*result);
  EXPECT_NE(result->error().message.find("not among the targets"), std::string::npos);
  EXPECT_EQ(devices.list(DeviceQuery{})->total, 0);
}

TEST_F(DiscoveryServiceTest, TimesOutWithTheScaledTimeLimit) {
  EXPECT_EQ(DiscoveryService::timeLimitFor(7), 30s);
  EXPECT_EQ(DiscoveryService::timeLimitFor(65'536), 95s);
  EXPECT_EQ(DiscoveryService::timeLimitFor(10'000'000), 300s);
  const auto id = activeAgent();
  std::optional<Outcome<DiscoverySummary>> result;
  discovery.discover(request(id), [&](Outcome<DiscoverySummary> r) { result = r; });
  clock.advance(29s);
  commands.tick();
  EXPECT_FALSE(result);
  clock.advance(2s);
  commands.tick();
  ASSERT_TRUE(result && !*result);
  EXPECT_EQ(result->error().kind, ErrorKind::kUnreachable);
}

}  // namespace
}  // namespace pw::manager
