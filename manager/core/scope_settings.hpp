#pragma once
// An Agent's scope as the administrator enters it and the Manager stores it: plain text lists
// (parsed and checked by manager/scope, which the services use), plus the discovery method.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::manager {

/// What a discovery of the Agent sweeps: its IPv4 rules, or only the specified addresses.
/// Specified host names are always swept, whatever the method.
enum class DiscoveryMethod { kScope, kSpecified };

const char* toString(DiscoveryMethod method);  ///< "scope", "specified"
std::optional<DiscoveryMethod> discoveryMethodFromString(std::string_view text);

struct AgentScopeSettings {
  std::vector<std::string> ipv4;           ///< addresses, ranges, CIDR blocks
  std::vector<std::string> fqdn_suffixes;  ///< lower case, no leading or trailing dot
  DiscoveryMethod method = DiscoveryMethod::kScope;
  std::vector<std::string> addresses;   ///< specified IPv4 addresses, ranges, CIDR blocks
  std::vector<std::string> host_names;  ///< specified FQDNs, lower case

  friend bool operator==(const AgentScopeSettings&, const AgentScopeSettings&) = default;
};

}  // namespace pw::manager
