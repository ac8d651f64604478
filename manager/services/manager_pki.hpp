#pragma once
// The Manager's key material, kept in <data-dir>/pki (files readable by the service account
// only):
//   ca.crt / ca.key                 internal CA; issues Agent client certificates
//   agent-channel.crt / .key        server certificate of the mutual-TLS Agent listener
//   console.crt / console.key       generated console certificate, unless the administrator
//                                   configured a PEM or PKCS#12 certificate
//   master.key                      32-byte key that seals stored secrets (SecretBox)
// Missing pieces are generated on start; certificates within 30 days of expiry are renewed.
#include <filesystem>
#include <string>
#include <vector>

#include "common/core/clock.hpp"
#include "common/crypto/certificates.hpp"
#include "common/crypto/secrets.hpp"

namespace pw::manager {

/// Fixed DNS name in the Agent channel certificate. Agents verify the Manager against the
/// pinned CA and this name, so the address they dial (IP, NAT name) does not matter.
inline constexpr const char* kAgentChannelServerName = "printwarden-manager";

struct ConsoleCertificateSettings {
  std::filesystem::path pem_certificate_file;  ///< with pem_private_key_file
  std::filesystem::path pem_private_key_file;
  std::filesystem::path pkcs12_file;  ///< or a PKCS#12 bundle
  std::filesystem::path pkcs12_password_file;
  std::vector<std::string> server_names;  ///< extra SANs for the generated certificate
};

class ManagerPki {
 public:
  /// Loads or creates everything. Throws std::runtime_error naming the file and the reason
  /// (unreadable, malformed, key mismatch, wrong PKCS#12 password).
  ManagerPki(const std::filesystem::path& directory, const ConsoleCertificateSettings& console,
             const Clock& clock);

  [[nodiscard]] const crypto::CertificateAuthority& authority() const { return authority_; }
  [[nodiscard]] const crypto::KeyedCertificate& consoleCredentials() const { return console_; }
  [[nodiscard]] const crypto::KeyedCertificate& agentChannelCredentials() const {
    return agent_channel_;
  }
  [[nodiscard]] const crypto::SecretBox& secretBox() const { return secret_box_; }
  /// base64url SHA-256 of the CA certificate, as carried in activation keys.
  [[nodiscard]] const std::string& caFingerprint() const { return ca_fingerprint_; }

 private:
  crypto::CertificateAuthority authority_;
  crypto::KeyedCertificate console_;
  crypto::KeyedCertificate agent_channel_;
  crypto::SecretBox secret_box_;
  std::string ca_fingerprint_;
};

}  // namespace pw::manager
