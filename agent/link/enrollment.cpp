#include "agent/link/enrollment.hpp"

#include <unistd.h>

#include <stdexcept>

#include "common/core/files.hpp"
#include "common/core/hex.hpp"
#include "common/crypto/certificates.hpp"
#include "common/crypto/secrets.hpp"
#include "common/net/https_client.hpp"
#include "proto/cpp/activation_key.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::agent {
namespace {

using namespace std::chrono_literals;
constexpr auto kRequestTimeout = 30s;
// The DNS name every certificate of the Manager's internal CA carries for the Agent.
constexpr const char* kManagerServerName = "printwarden-manager";

std::string hostName() {
  char name[256] = {};
  return ::gethostname(name, sizeof(name) - 1) == 0 ? std::string(name) : std::string();
}

std::string describe(const boost::system::error_code& ec) {
  if (net::isTimeout(ec)) return "timed out";
  return ec.message();
}

std::string fetchManagerCa(const ManagerAddress& manager, const proto::ActivationKey& key) {
  net::HttpsClientSettings settings;
  settings.host = manager.host;
  settings.port = static_cast<std::uint16_t>(manager.port);
  settings.verify_peer = false;  // integrity comes from the fingerprint check below
  net::HttpsClient client(settings);
  const auto response = client.request(
      {"GET", "/api/v1/agent-enrollment/ca", {}, "", "", std::nullopt}, kRequestTimeout);
  if (!response) {
    throw std::runtime_error("cannot reach the Manager at " + manager.host + ":" +
                             std::to_string(manager.port) + ": " + describe(response.error()));
  }
  if (response->status != 200) {
    throw std::runtime_error("the Manager did not provide its CA certificate (HTTP " +
                             std::to_string(response->status) + ")");
  }
  const auto info = crypto::inspectCertificate(response->body);
  if (!info || !info->is_ca) throw std::runtime_error("the Manager sent an invalid CA certificate");
  const auto fingerprint = hexDecode(info->sha256_fingerprint).value_or("");
  if (!crypto::constantTimeEquals(crypto::base64UrlEncode(fingerprint), key.ca_fingerprint)) {
    throw std::runtime_error(
        "the Manager's CA certificate does not match the activation key: check the --manager "
        "address (is another server answering there?)");
  }
  return response->body;
}

boost::system::result<net::HttpResponse> postEnrollment(const ManagerAddress& manager,
                                                        const std::string& ca_pem,
                                                        bool system_trust,
                                                        const std::string& body) {
  net::HttpsClientSettings settings;
  settings.host = manager.host;
  settings.port = static_cast<std::uint16_t>(manager.port);
  if (system_trust) {
    settings.use_system_trust_store = true;
  } else {
    settings.trusted_ca_pem = ca_pem;
    settings.expected_server_name = kManagerServerName;
  }
  net::HttpsClient client(settings);
  return client.request({"POST",
                         "/api/v1/agent-enrollment",
                         {{"Content-Type", "application/json"}},
                         body,
                         "",
                         std::nullopt},
                        kRequestTimeout);
}

// The key pair for an enrolment with this activation key: the one saved by an earlier attempt
// with the same key, or a new one, saved before it is used.
std::string pendingPrivateKey(const EnrollmentFiles& files, const std::string& key_hash) {
  if (const auto text = readFileIfExists(files.pending())) {
    const auto pending = proto::parseJsonText(*text);
    if (pending && pending->value("activationKeyHash", "") == key_hash &&
        (*pending)["privateKey"].is_string()) {
      return (*pending)["privateKey"].get<std::string>();
    }
  }
  auto private_key = crypto::generatePrivateKeyPem();
  const nlohmann::json pending = {{"activationKeyHash", key_hash}, {"privateKey", private_key}};
  writeFileAtomically(files.pending(), pending.dump(), FileAccess::kOwnerOnly);
  return private_key;
}

}  // namespace

AgentIdentity enroll(const EnrollmentFiles& files, const ManagerAddress& manager,
                     const std::string& activation_key, const std::string& agent_version) {
  const auto key = proto::ActivationKey::parse(activation_key);
  if (!key) {
    throw std::runtime_error(
        "the activation key is malformed: copy it again from the console (System > Agents)");
  }
  const auto ca_pem = fetchManagerCa(manager, *key);
  createPrivateDirectory(files.directory);
  const auto private_key = pendingPrivateKey(files, crypto::sha256Hex(activation_key));
  const proto::EnrollmentRequest request{activation_key, crypto::makeCsrPem(private_key, "agent"),
                                         hostName(), agent_version};
  const auto body = proto::toJson(request).dump();

  auto response = postEnrollment(manager, ca_pem, false, body);
  if (!response) response = postEnrollment(manager, ca_pem, true, body);
  if (!response) {
    throw std::runtime_error(
        "enrolment failed: cannot establish a trusted connection to the "
        "Manager: " +
        describe(response.error()));
  }
  if (response->status != 200) {
    const auto problem = proto::parseJsonText(response->body);
    const std::string message =
        problem && problem->contains("message") && (*problem)["message"].is_string()
            ? (*problem)["message"].get<std::string>()
            : "HTTP " + std::to_string(response->status);
    throw std::runtime_error("the Manager refused the enrolment: " + message);
  }
  const auto json = proto::parseJsonText(response->body);
  const auto enrolled =
      json ? proto::parseEnrollmentResponse(*json) : proto::Parsed<proto::EnrollmentResponse>{};
  if (!enrolled) throw std::runtime_error("the Manager's enrolment answer is malformed");

  AgentIdentity identity;
  identity.state.agent_id = enrolled.value->agent_id;
  identity.state.agent_name = enrolled.value->agent_name;
  identity.state.manager_host = manager.host;
  identity.state.console_port = manager.port;
  identity.state.agent_port = enrolled.value->agent_port;
  identity.state.heartbeat_seconds = enrolled.value->heartbeat_seconds;
  identity.state.activation_key_hash = crypto::sha256Hex(activation_key);
  identity.private_key_pem = private_key;
  identity.certificate_pem = enrolled.value->certificate_pem;
  identity.manager_ca_pem = enrolled.value->ca_certificate_pem;

  writeFileAtomically(files.privateKey(), identity.private_key_pem, FileAccess::kOwnerOnly);
  writeFileAtomically(files.certificate(), identity.certificate_pem, FileAccess::kPublic);
  writeFileAtomically(files.managerCa(), identity.manager_ca_pem, FileAccess::kPublic);
  // The state file goes last: its presence means the enrolment is complete.
  writeFileAtomically(files.state(), identity.state.toJson().dump(2), FileAccess::kPublic);
  std::filesystem::remove(files.pending());
  return identity;
}

std::optional<AgentIdentity> loadIdentity(const EnrollmentFiles& files) {
  const auto state_text = readFileIfExists(files.state());
  if (!state_text) return std::nullopt;
  const auto json = proto::parseJsonText(*state_text);
  auto state = json ? EnrollmentState::fromJson(*json) : std::nullopt;
  if (!state) {
    throw std::runtime_error(files.state().string() +
                             " is damaged: start the Agent again with a new activation key");
  }
  return AgentIdentity{*state, readFile(files.privateKey()), readFile(files.certificate()),
                       readFile(files.managerCa())};
}

}  // namespace pw::agent
