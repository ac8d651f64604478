// AgentService with the real PKI (OpenSSL), the real SQLite engine and the command queue.
#include "manager/services/agent_service.hpp"

#include <gtest/gtest.h>

#include "common/crypto/certificates.hpp"
#include "manager/tests/agent_fixture.hpp"
#include "proto/cpp/activation_key.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

class AgentServiceTest : public testing::AgentFixture {
 protected:
  proto::EnrollmentRequest enrollment(const std::string& key) {
    return {key, crypto::makeCsrPem(crypto::generatePrivateKeyPem(), "agent"), "host-1", "0.1.0"};
  }
};

TEST_F(AgentServiceTest, CreatedAgentIsInactiveWithAKeyNamingTheCa) {
  const auto created = agents.create("Berlin", false);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->view.status, AgentStatus::kInactive);
  ASSERT_TRUE(created->activation_key);
  const auto key = proto::ActivationKey::parse(*created->activation_key);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->ca_fingerprint, pki.caFingerprint());
  // The key can be copied again until it is used.
  EXPECT_EQ(agents.get(created->view.agent.id)->activation_key, created->activation_key);
}

TEST_F(AgentServiceTest, RejectsBadAndDuplicateNames) {
  EXPECT_EQ(agents.create("", false).error().code, "invalid_input");
  ASSERT_TRUE(agents.create("Lab", false));
  EXPECT_EQ(agents.create("LAB", false).error().code, "conflict");
}

TEST_F(AgentServiceTest, EnrolmentIssuesACertificateOnceAndActivates) {
  agents.setAgentChannelPort(18444);
  const auto created = *agents.create("Berlin", false);
  const auto response = agents.enroll(enrollment(*created.activation_key));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->agent_id, created.view.agent.id);
  EXPECT_EQ(response->agent_port, 18444);
  EXPECT_EQ(response->heartbeat_seconds, 30);
  EXPECT_EQ(response->ca_certificate_pem, pki.authority().certificatePem());

  const auto info = crypto::inspectCertificate(response->certificate_pem);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->subject_common_name, "agent-" + std::to_string(created.view.agent.id));
  EXPECT_EQ(agents.agentForCertificate(info->serial_hex, info->sha256_fingerprint),
            created.view.agent.id);
  EXPECT_FALSE(agents.agentForCertificate(info->serial_hex, "0000"));

  const auto after = agents.get(created.view.agent.id);
  EXPECT_EQ(after->view.status, AgentStatus::kActive);
  EXPECT_FALSE(after->activation_key);  // consumed

  const auto again = agents.enroll(enrollment(*created.activation_key));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "invalid_activation_key");
}

TEST_F(AgentServiceTest, RepeatedEnrolmentWithTheSameKeyPairGetsTheSameCertificate) {
  const auto created = *agents.create("Berlin", false);
  const auto private_key = crypto::generatePrivateKeyPem();
  const proto::EnrollmentRequest request{*created.activation_key,
                                         crypto::makeCsrPem(private_key, "agent"), "h", "0.1.0"};
  const auto first = agents.enroll(request);
  ASSERT_TRUE(first);
  auto retry = request;
  retry.csr_pem = crypto::makeCsrPem(private_key, "agent");  // a new CSR, same key pair
  const auto second = agents.enroll(retry);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->certificate_pem, first->certificate_pem);

  agents.deactivate(created.view.agent.id);  // revoked: the old key is worthless now
  EXPECT_FALSE(agents.enroll(retry));
}

TEST_F(AgentServiceTest, RefusesKeysForAnotherManagerAndMalformedRequests) {
  const auto created = *agents.create("Berlin", false);
  auto key = *proto::ActivationKey::parse(*created.activation_key);
  key.ca_fingerprint = std::string(43, 'A');
  EXPECT_EQ(agents.enroll(enrollment(key.format())).error().code, "invalid_activation_key");
  EXPECT_EQ(agents.enroll(enrollment("garbage")).error().code, "invalid_activation_key");
  auto request = enrollment(*created.activation_key);
  request.csr_pem =
      "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n";
  EXPECT_EQ(agents.enroll(request).error().code, "invalid_csr");
  EXPECT_TRUE(agents.get(created.view.agent.id)->activation_key);  // still usable
}

TEST_F(AgentServiceTest, DeactivateAndDeleteRevokeTheCertificate) {
  const auto created = *agents.create("Berlin", false);
  const auto id = created.view.agent.id;
  const auto response = *agents.enroll(enrollment(*created.activation_key));
  const auto info = *crypto::inspectCertificate(response.certificate_pem);

  const auto deactivated = agents.deactivate(id);
  ASSERT_TRUE(deactivated);
  EXPECT_EQ(deactivated->view.status, AgentStatus::kInactive);
  EXPECT_NE(deactivated->activation_key, created.activation_key);
  EXPECT_FALSE(agents.agentForCertificate(info.serial_hex, info.sha256_fingerprint));

  const auto second = *agents.enroll(enrollment(*deactivated->activation_key));
  const auto second_info = *crypto::inspectCertificate(second.certificate_pem);
  ASSERT_TRUE(agents.agentForCertificate(second_info.serial_hex, second_info.sha256_fingerprint));
  ASSERT_TRUE(agents.remove(id));
  EXPECT_FALSE(agents.agentForCertificate(second_info.serial_hex, second_info.sha256_fingerprint));
  EXPECT_EQ(agents.remove(id).error().code, "not_found");
}

TEST_F(AgentServiceTest, RevocationSurvivesARestart) {
  const auto created = *agents.create("Berlin", false);
  const auto response = *agents.enroll(enrollment(*created.activation_key));
  const auto info = *crypto::inspectCertificate(response.certificate_pem);
  AgentService restarted(storage, pki, commands, clock, AgentServiceSettings{30s});
  EXPECT_TRUE(restarted.agentForCertificate(info.serial_hex, info.sha256_fingerprint));
  agents.remove(created.view.agent.id);
  AgentService after_delete(storage, pki, commands, clock, AgentServiceSettings{30s});
  EXPECT_FALSE(after_delete.agentForCertificate(info.serial_hex, info.sha256_fingerprint));
}

TEST_F(AgentServiceTest, HeartbeatsKeepTheAgentActive) {
  const auto created = *agents.create("Berlin", false);
  const auto id = created.view.agent.id;
  agents.enroll(enrollment(*created.activation_key));
  clock.advance(91s);
  EXPECT_EQ(agents.get(id)->view.status, AgentStatus::kUnreachable);
  const auto ack = agents.heartbeat(id, {"0.2.0", "host-2", 0});
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->heartbeat_seconds, 30);
  const auto view = agents.get(id)->view;
  EXPECT_EQ(view.status, AgentStatus::kActive);
  EXPECT_EQ(view.agent.version, "0.2.0");
  EXPECT_EQ(view.agent.hostname, "host-2");
}

TEST_F(AgentServiceTest, PingTravelsThroughTheCommandQueue) {
  const auto created = *agents.create("Berlin", false);
  const auto id = created.view.agent.id;
  std::optional<Outcome<std::int64_t>> result;
  agents.ping(id, [&](Outcome<std::int64_t> r) { result = r; });
  EXPECT_EQ(result->error().code, "agent_not_active");

  agents.enroll(enrollment(*created.activation_key));
  result.reset();
  agents.ping(id, [&](Outcome<std::int64_t> r) { result = r; });
  EXPECT_FALSE(result);
  std::vector<QueuedCommand> delivered;
  commands.wait(id, [&](std::vector<QueuedCommand> c) { delivered = std::move(c); });
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].kind, "ping");
  clock.advance(250ms);
  commands.complete(id, delivered[0].id,
                    {CommandOutcome::Kind::kSucceeded, "{}", "", "", clock.now()});
  ASSERT_TRUE(result && *result);
  EXPECT_EQ(**result, 250);

  result.reset();
  agents.ping(id, [&](Outcome<std::int64_t> r) { result = r; });
  clock.advance(11s);
  commands.tick();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->error().code, "agent_timeout");
}

TEST_F(AgentServiceTest, ConsoleCertificateIsReissuedWhenAServerNameIsAdded) {
  ConsoleCertificateSettings settings;
  settings.server_names = {"printers.example.test", "10.20.30.40"};
  ManagerPki renamed(dir.path() / "pki", settings, clock);
  const auto info = crypto::inspectCertificate(renamed.consoleCredentials().certificate_chain_pem);
  ASSERT_TRUE(info);
  const auto& names = info->subject_alt_names;
  EXPECT_NE(std::find(names.begin(), names.end(), "DNS:printers.example.test"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "IP:10.20.30.40"), names.end());
  EXPECT_EQ(renamed.caFingerprint(), pki.caFingerprint());  // same CA: Agents stay paired
  ManagerPki again(dir.path() / "pki", settings, clock);    // and stable from then on
  EXPECT_EQ(again.consoleCredentials().certificate_chain_pem,
            renamed.consoleCredentials().certificate_chain_pem);
}

TEST_F(AgentServiceTest, PkiIsReusedAcrossRestarts) {
  ManagerPki again(dir.path() / "pki", {}, clock);
  EXPECT_EQ(again.caFingerprint(), pki.caFingerprint());
  EXPECT_EQ(again.consoleCredentials().certificate_chain_pem,
            pki.consoleCredentials().certificate_chain_pem);
  EXPECT_EQ(std::filesystem::status(dir.path() / "pki" / "ca.key").permissions() &
                std::filesystem::perms::others_all,
            std::filesystem::perms::none);
}

}  // namespace
}  // namespace pw::manager
