#pragma once
// The Manager's side of an Agent for service tests: the real SQLite engine, PKI (OpenSSL) and
// command queue under a fake clock. The test plays the Agent: it enrolls one, then takes the
// commands queued for it and answers them through the service under test.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/crypto/certificates.hpp"
#include "manager/services/agent_service.hpp"
#include "manager/services/discovery_service.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager::testing {

/// Discovery sources with no scope, no read credential and the read-write credentials
/// `writable`: what a device write (identity, reset) asks for.
class WriteCredentials final : public DiscoverySources {
 public:
  explicit WriteCredentials(std::vector<proto::SnmpCredentialData> credentials)
      : writable(std::move(credentials)) {}
  Outcome<DiscoveryTargets> targetsFor(std::int64_t) override { return DiscoveryTargets{}; }
  std::vector<proto::SnmpCredentialData> snmpCredentialsFor(std::int64_t) override { return {}; }
  std::vector<proto::SnmpCredentialData> snmpWriteCredentialsFor(std::int64_t) override {
    return writable;
  }
  std::optional<std::int64_t> agentFor(const std::string&) override { return std::nullopt; }
  std::vector<proto::SnmpCredentialData> writable;
};

class AgentFixture : public ::testing::Test {
 protected:
  /// A new Agent "Berlin", enrolled; with `heartbeat` it has also called in, so it is online.
  std::int64_t enrolledAgent(bool heartbeat, const std::string& name = "Berlin") {
    const auto created = *agents.create(name, false);
    agents.enroll({*created.activation_key,
                   crypto::makeCsrPem(crypto::generatePrivateKeyPem(), "agent"), "host-1",
                   "0.1.0"});
    if (heartbeat) {
      EXPECT_TRUE(agents.heartbeat(created.view.agent.id, {"0.1.0", "host-1", 0}));
    }
    return created.view.agent.id;
  }

  /// An HP M507 (serial "S<address>") that `agent_id` found at `address` by SNMP v2c on port
  /// 1161 with the credential `credential_id`.
  std::int64_t discoveredDevice(std::optional<std::int64_t> agent_id, const std::string& address,
                                std::optional<std::int64_t> credential_id) {
    DiscoveryReport r;
    r.agent_id = agent_id;
    r.identity = {"HP", "M507", "S" + address, "1", ""};
    r.ip_address = address;
    r.snmp_version = "v2c";
    r.credential_id = credential_id;
    r.snmp_port = 1161;
    return storage.upsertDevice(r, clock.now()).id;
  }

  /// The commands queued for `agent_id`, as its next poll would take them.
  std::vector<QueuedCommand> take(std::int64_t agent_id) {
    std::vector<QueuedCommand> delivered;
    commands.wait(agent_id, [&](std::vector<QueuedCommand> c) { delivered = std::move(c); });
    return delivered;
  }

  /// The one command queued for `agent_id` (a test failure, and an empty command, when there is
  /// not exactly one).
  QueuedCommand takeOne(std::int64_t agent_id) {
    auto delivered = take(agent_id);
    EXPECT_EQ(delivered.size(), 1u);
    return delivered.empty() ? QueuedCommand{} : std::move(delivered[0]);
  }

  TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  ManagerPki pki{dir.path() / "pki", {}, clock};
  CommandQueue commands{clock};
  AgentService agents{storage, pki, commands, clock,
                      AgentServiceSettings{std::chrono::seconds(30)}};
};

}  // namespace pw::manager::testing
