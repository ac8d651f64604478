#include "manager/app/discovery_sources.hpp"

#include <spdlog/spdlog.h>

#include "common/log/logging.hpp"
#include "manager/scope/scope_rule.hpp"

namespace pw::manager {

RegistryDiscoverySources::RegistryDiscoverySources(ScopeService& scopes,
                                                   CredentialService& credentials)
    : scopes_(scopes), credentials_(credentials), log_(log::get("discovery")) {}

Outcome<DiscoveryTargets> RegistryDiscoverySources::targetsFor(std::int64_t agent_id) {
  auto plan = scopes_.sweepPlanForAgent(agent_id);
  if (!plan) return plan.error();
  DiscoveryTargets targets;
  targets.addresses.reserve(plan->addresses.size());
  for (const auto address : plan->addresses) {
    targets.addresses.push_back(scope::formatIpv4(address));
  }
  targets.hostnames = std::move(plan->host_names);
  return targets;
}

std::vector<proto::SnmpCredentialData> RegistryDiscoverySources::snmpCredentialsFor(
    std::int64_t agent_id) {
  return snmpCredentials(agent_id, false);
}

std::vector<proto::SnmpCredentialData> RegistryDiscoverySources::snmpWriteCredentialsFor(
    std::int64_t agent_id) {
  return snmpCredentials(agent_id, true);
}

std::vector<proto::SnmpCredentialData> RegistryDiscoverySources::snmpCredentials(
    std::int64_t agent_id, bool write_only) {
  auto found = credentials_.snmpCredentialsForAgent(agent_id);
  for (const auto id : found.unreadable) {
    log_->error("credential {} could not be decrypted (master key replaced?): not used", id);
  }
  std::vector<proto::SnmpCredentialData> out;
  for (auto& c : found.credentials) {
    if (write_only && c.access != CredentialAccess::kReadWrite) continue;
    proto::SnmpCredentialData data;
    data.id = c.credential_id;
    data.version = toString(c.version);
    if (c.version == SnmpVersion::kV3) {
      data.v3 = proto::SnmpV3SecurityData{
          c.username,      c.security_level,      c.auth_protocol, std::move(c.auth_key),
          c.priv_protocol, std::move(c.priv_key), c.context_name};
    } else {
      data.community = std::move(c.community);
    }
    out.push_back(std::move(data));
  }
  return out;
}

std::optional<std::int64_t> RegistryDiscoverySources::agentFor(const std::string& target) {
  const auto resolution = scopes_.resolveAgent(target);
  if (!resolution) return std::nullopt;
  return resolution->agent_id;
}

std::optional<std::int64_t> agentForImportedDevice(ScopeService& scopes,
                                                   const ImportedDevice& device) {
  const auto by_name =
      device.hostname.empty() ? std::nullopt : scopes.resolveAgent(device.hostname);
  if (by_name && by_name->match == "hostName") return by_name->agent_id;
  if (!device.ip_address.empty()) {
    if (const auto by_address = scopes.resolveAgent(device.ip_address)) {
      return by_address->agent_id;
    }
  }
  if (by_name) return by_name->agent_id;
  return std::nullopt;
}

}  // namespace pw::manager
