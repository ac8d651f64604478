#pragma once
// DiscoverySources from the Manager's own registries: Agents' scopes (ScopeService) and the
// credential store (CredentialService). Kept apart from DiscoveryService so that discovery can
// be tested with scripted sources and the registries know nothing of discovery.
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
  std::optional<std::int64_t> agentFor(const std::string& address_or_hostname) override;

 private:
  ScopeService& scopes_;
  CredentialService& credentials_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace pw::manager
