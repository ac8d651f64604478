#pragma once
// The joins between the Manager's registries that the composition root makes: discovery's
// sources (Agents' scopes from ScopeService, SNMP credentials from CredentialService) and the
// Agent of an imported device (from the scopes). Kept out of the services so that each can be
// tested with scripted inputs and the registries know nothing of their users.
#include <memory>

#include "manager/services/credential_service.hpp"
#include "manager/services/discovery_service.hpp"
#include "manager/services/scope_service.hpp"

namespace spdlog {
class logger;
}

namespace pw::manager {

class RegistryDiscoverySources final : public DiscoverySources {
 public:
  RegistryDiscoverySources(ScopeService& scopes, CredentialService& credentials);

  Outcome<DiscoveryTargets> targetsFor(std::int64_t agent_id) override;
  /// Credentials that no longer decrypt are left out and logged by id (never their content).
  std::vector<proto::SnmpCredentialData> snmpCredentialsFor(std::int64_t agent_id) override;
  std::vector<proto::SnmpCredentialData> snmpWriteCredentialsFor(std::int64_t agent_id) override;
  std::optional<std::int64_t> agentFor(const std::string& address_or_hostname) override;

 private:
  std::vector<proto::SnmpCredentialData> snmpCredentials(std::int64_t agent_id, bool write_only);

  ScopeService& scopes_;
  CredentialService& credentials_;
  std::shared_ptr<spdlog::logger> log_;
};

/// The Agent that manages an imported device: a specified host name wins, then the IPv4
/// address (IPv4 rules beat FQDN suffixes), then the host name's FQDN suffix.
std::optional<std::int64_t> agentForImportedDevice(ScopeService& scopes,
                                                   const ImportedDevice& device);

}  // namespace pw::manager
