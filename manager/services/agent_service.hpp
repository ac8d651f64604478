#pragma once
// Agent lifecycle on the Manager: creation with a one-time activation key, enrolment (the key
// and a CSR exchanged for a client certificate from the internal CA), heartbeats, commands,
// deactivation and deletion. Also decides, during every TLS handshake on the Agent channel,
// whether a client certificate still belongs to an Agent (deleted or deactivated Agents'
// certificates are refused). Thread-safe.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/command_queue.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/manager_pki.hpp"
#include "manager/services/problem.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::manager {

struct AgentServiceSettings {
  std::chrono::seconds heartbeat_interval{30};
  std::chrono::hours certificate_validity{24 * 397};
  std::chrono::seconds command_time_limit{10};
};

struct AgentView {
  Agent agent;
  AgentStatus status = AgentStatus::kInactive;
};

struct AgentWithKey {
  AgentView view;
  std::optional<std::string> activation_key;  ///< only while inactive
};

class AgentService {
 public:
  AgentService(AgentStore& store, const ManagerPki& pki, CommandQueue& commands, const Clock& clock,
               AgentServiceSettings settings);

  /// The port Agents reach the mutual-TLS listener on, announced at enrolment.
  void setAgentChannelPort(int port) { agent_channel_port_ = port; }

  std::vector<AgentView> list();
  Outcome<AgentWithKey> get(std::int64_t id);
  Outcome<AgentWithKey> create(const std::string& name, bool local);
  Outcome<AgentWithKey> deactivate(std::int64_t id);
  Outcome<void> remove(std::int64_t id);

  /// Exchanges an activation key and CSR for a client certificate. A repeated enrolment with
  /// the same key and key pair (the Agent died before saving the answer) gets the same
  /// certificate again; any other reuse of the key is refused.
  Outcome<proto::EnrollmentResponse> enroll(const proto::EnrollmentRequest& request);
  Outcome<proto::HeartbeatAck> heartbeat(std::int64_t agent_id, const proto::Heartbeat& beat);

  /// Sends a ping over the command channel; `done` gets the round trip in milliseconds or a
  /// Problem (Agent not active, timed out). `done` may run on any thread.
  void ping(std::int64_t id, std::function<void(Outcome<std::int64_t>)> done);

  /// The Agent a verified client certificate belongs to; nullopt when revoked or unknown.
  std::optional<std::int64_t> agentForCertificate(const std::string& serial_hex,
                                                  const std::string& sha256_fingerprint) const;

  [[nodiscard]] const std::string& caCertificatePem() const;
  [[nodiscard]] std::chrono::seconds heartbeatInterval() const {
    return settings_.heartbeat_interval;
  }

 private:
  ActivationSecret newActivationSecret(std::string& key_out) const;
  std::optional<std::string> openActivationKey(std::int64_t id);
  AgentView view(const Agent& agent) const;
  proto::EnrollmentResponse enrollmentResponse(const Agent& agent,
                                               const std::string& certificate_pem) const;
  void reloadCertificates();

  AgentStore& store_;
  const ManagerPki& pki_;
  CommandQueue& commands_;
  const Clock& clock_;
  const AgentServiceSettings settings_;
  int agent_channel_port_ = 0;

  struct KnownCertificate {
    std::int64_t agent_id;
    std::string fingerprint;
  };
  mutable std::shared_mutex certificates_mutex_;
  std::unordered_map<std::string, KnownCertificate> certificates_;  // by serial
};

}  // namespace pw::manager
