#include "manager/services/agent_service.hpp"

#include <mutex>

#include "common/crypto/certificates.hpp"
#include "common/crypto/secrets.hpp"
#include "proto/cpp/activation_key.hpp"

namespace pw::manager {
namespace {

Problem notFound(std::int64_t id) {
  return {ErrorKind::kNotFound, "not_found", "Agent " + std::to_string(id) + " does not exist."};
}

std::string sealingContext(const std::string& key_hash) {
  return "agent-activation:" + key_hash;
}

}  // namespace

AgentService::AgentService(AgentStore& store, const ManagerPki& pki, CommandQueue& commands,
                           const Clock& clock, AgentServiceSettings settings)
    : store_(store), pki_(pki), commands_(commands), clock_(clock), settings_(settings) {
  reloadCertificates();
}

void AgentService::reloadCertificates() {
  std::unordered_map<std::string, KnownCertificate> loaded;
  for (const auto& c : store_.validAgentCertificates(clock_.now())) {
    loaded[c.serial_hex] = {c.agent_id, c.sha256_fingerprint};
  }
  std::unique_lock lock(certificates_mutex_);
  certificates_ = std::move(loaded);
}

ActivationSecret AgentService::newActivationSecret(std::string& key_out) const {
  const proto::ActivationKey key{crypto::randomToken(18), pki_.caFingerprint()};
  key_out = key.format();
  ActivationSecret secret;
  secret.key_hash = crypto::sha256Hex(key.secret);
  secret.key_sealed = pki_.secretBox().seal(key_out, sealingContext(secret.key_hash));
  return secret;
}

std::optional<std::string> AgentService::openActivationKey(std::int64_t id) {
  const auto secret = store_.activationSecret(id);
  if (!secret) return std::nullopt;
  auto key = pki_.secretBox().open(secret->key_sealed, sealingContext(secret->key_hash));
  if (!key) return std::nullopt;  // sealed under another master key: the admin deactivates
  return *key;
}

AgentView AgentService::view(const Agent& agent) const {
  return {agent, agentStatus(agent, clock_.now(), settings_.heartbeat_interval)};
}

std::vector<AgentView> AgentService::list() {
  std::vector<AgentView> views;
  for (const auto& agent : store_.listAgents()) views.push_back(view(agent));
  return views;
}

Outcome<AgentWithKey> AgentService::get(std::int64_t id) {
  const auto agent = store_.findAgent(id);
  if (!agent) return notFound(id);
  return AgentWithKey{view(*agent), openActivationKey(id)};
}

Outcome<AgentWithKey> AgentService::create(const std::string& name, bool local) {
  if (const auto reason = validateAgentName(name); !reason.empty()) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input", reason};
  }
  std::string key;
  const auto secret = newActivationSecret(key);
  const auto id = store_.createAgent(name, local, secret, clock_.now());
  if (!id) {
    return Problem{ErrorKind::kConflict, "conflict", "An Agent named \"" + name + "\" exists."};
  }
  return AgentWithKey{view(*store_.findAgent(*id)), key};
}

Outcome<AgentWithKey> AgentService::deactivate(std::int64_t id) {
  std::string key;
  const auto secret = newActivationSecret(key);
  if (!store_.deactivateAgent(id, secret, clock_.now())) return notFound(id);
  reloadCertificates();
  commands_.dropAgent(id);
  return AgentWithKey{view(*store_.findAgent(id)), key};
}

Outcome<void> AgentService::remove(std::int64_t id) {
  if (!store_.deleteAgent(id, clock_.now())) return notFound(id);
  reloadCertificates();
  commands_.dropAgent(id);
  return {};
}

Outcome<proto::EnrollmentResponse> AgentService::enroll(const proto::EnrollmentRequest& request) {
  const Problem invalid_key{ErrorKind::kUnauthorized, "invalid_activation_key",
                            "The activation key is not valid, or was already used."};
  const auto key = proto::ActivationKey::parse(request.activation_key);
  if (!key || !crypto::constantTimeEquals(key->ca_fingerprint, pki_.caFingerprint())) {
    return invalid_key;
  }
  const auto key_hash = crypto::sha256Hex(key->secret);
  const auto agent = store_.findAgentByActivationKeyHash(key_hash);
  if (!agent) {
    // The key is used. If this is the same Agent asking again (it was stopped before it could
    // save our answer), it proves so with the same key pair: answer with the same certificate.
    const auto previous = store_.certificateForActivation(key_hash);
    if (previous && crypto::csrMatchesCertificate(request.csr_pem, previous->certificate_pem)) {
      if (const auto owner = store_.findAgent(previous->agent_id)) {
        return enrollmentResponse(*owner, previous->certificate_pem);
      }
    }
    return invalid_key;
  }

  const auto issued =
      pki_.authority().signClientCsr(request.csr_pem, "agent-" + std::to_string(agent->id),
                                     settings_.certificate_validity, clock_);
  if (!issued) {
    return Problem{ErrorKind::kInvalidInput, "invalid_csr",
                   "The certificate request was refused: " + issued.error().message()};
  }
  const AgentCertificate certificate{
      issued->serial_hex, agent->id, issued->sha256_fingerprint, clock_.now(),
      issued->not_after,  key_hash,  issued->certificate_pem};
  if (!store_.activateAgent(agent->id, certificate, request.hostname, clock_.now())) {
    return invalid_key;  // another enrolment used the key a moment ago
  }
  store_.recordContact(agent->id, request.agent_version, request.hostname, clock_.now());
  {
    std::unique_lock lock(certificates_mutex_);
    certificates_[certificate.serial_hex] = {agent->id, certificate.sha256_fingerprint};
  }
  return enrollmentResponse(*agent, issued->certificate_pem);
}

proto::EnrollmentResponse AgentService::enrollmentResponse(
    const Agent& agent, const std::string& certificate_pem) const {
  proto::EnrollmentResponse response;
  response.agent_id = agent.id;
  response.agent_name = agent.name;
  response.certificate_pem = certificate_pem;
  response.ca_certificate_pem = pki_.authority().certificatePem();
  response.agent_port = agent_channel_port_;
  response.heartbeat_seconds = static_cast<int>(settings_.heartbeat_interval.count());
  return response;
}

Outcome<proto::HeartbeatAck> AgentService::heartbeat(std::int64_t agent_id,
                                                     const proto::Heartbeat& beat) {
  store_.recordContact(agent_id, beat.agent_version, beat.hostname, clock_.now());
  return proto::HeartbeatAck{static_cast<int>(settings_.heartbeat_interval.count()),
                             toUnixSeconds(clock_.now())};
}

void AgentService::ping(std::int64_t id, std::function<void(Outcome<std::int64_t>)> done) {
  const auto agent = store_.findAgent(id);
  if (!agent) return done(notFound(id));
  if (agent->state != AgentState::kActive) {
    return done(
        Problem{ErrorKind::kConflict, "agent_not_active", "The Agent has not been activated."});
  }
  const auto issued_at = clock_.now();
  commands_.issue(
      id, "ping", "{}", settings_.command_time_limit,
      [this, issued_at, done = std::move(done)](const CommandOutcome& outcome) {
        if (outcome.kind == CommandOutcome::Kind::kSucceeded) {
          return done(
              std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - issued_at)
                  .count());
        }
        done(Problem{outcome.kind == CommandOutcome::Kind::kTimedOut ? ErrorKind::kUnreachable
                                                                     : ErrorKind::kRejected,
                     outcome.error_code, outcome.error_message});
      });
}

std::optional<std::int64_t> AgentService::agentForCertificate(
    const std::string& serial_hex, const std::string& sha256_fingerprint) const {
  std::shared_lock lock(certificates_mutex_);
  const auto it = certificates_.find(serial_hex);
  if (it == certificates_.end() || it->second.fingerprint != sha256_fingerprint) {
    return std::nullopt;
  }
  return it->second.agent_id;
}

const std::string& AgentService::caCertificatePem() const {
  return pki_.authority().certificatePem();
}

}  // namespace pw::manager
