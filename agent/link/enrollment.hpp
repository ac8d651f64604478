#pragma once
// First contact with the Manager: trade the activation key for a client certificate.
//  1. Fetch the Manager's CA certificate and check it against the fingerprint inside the
//     activation key (the fetch itself is unauthenticated; the fingerprint makes it safe).
//  2. Make a key pair here (the private key never leaves this machine) and a CSR.
//  3. POST the key and CSR over TLS verified against that CA (or, when the administrator gave
//     the console a certificate of their own, against the system trust store).
//  4. Keep key, certificate, CA and the Manager's address in the data directory.
// The key pair is saved before the request. If the Agent is stopped after the Manager accepted
// the key but before the answer was saved, the next start with the same key retries with the
// same key pair, and the Manager answers with the same certificate.
#include <filesystem>
#include <string>

#include <boost/system/result.hpp>

#include "agent/core/enrollment_state.hpp"

namespace pw::agent {

struct EnrollmentFiles {
  std::filesystem::path directory;
  [[nodiscard]] std::filesystem::path state() const { return directory / "enrollment.json"; }
  [[nodiscard]] std::filesystem::path privateKey() const { return directory / "agent.key"; }
  [[nodiscard]] std::filesystem::path certificate() const { return directory / "agent.crt"; }
  [[nodiscard]] std::filesystem::path managerCa() const { return directory / "manager-ca.crt"; }
  /// Key pair of an enrolment in progress, kept until the answer is saved (owner-only).
  [[nodiscard]] std::filesystem::path pending() const {
    return directory / "enrollment-pending.json";
  }
};

/// Credentials of an enrolled Agent, read back from the data directory.
struct AgentIdentity {
  EnrollmentState state;
  std::string private_key_pem;
  std::string certificate_pem;
  std::string manager_ca_pem;
};

/// Enrols and saves the result. Throws std::runtime_error with an administrator-readable reason
/// (malformed key, unreachable Manager, key refused, fingerprint mismatch).
AgentIdentity enroll(const EnrollmentFiles& files, const ManagerAddress& manager,
                     const std::string& activation_key, const std::string& agent_version);

/// nullopt when the Agent was never enrolled; throws when the files are damaged.
std::optional<AgentIdentity> loadIdentity(const EnrollmentFiles& files);

}  // namespace pw::agent
