#pragma once
// Decides which Agent manages a device, from the scopes of all Agents.
//
// Precedence, first match wins:
//   1. an exact host name from an Agent's specified list (the device's FQDN, case-insensitive);
//   2. IPv4 entries (IPv4 rules and specified addresses) containing the device's IPv4 address:
//      the smallest range wins;
//   3. FQDN suffix rules covering the device's FQDN: the longest suffix wins.
// Within a step, equally specific entries of several Agents are a tie: the lowest Agent id wins
// and the other Agents are reported in Resolution::tied_agents. IPv6 addresses are never
// matched (there are no IPv6 ranges): an IPv6-only device is reached by its FQDN only.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "manager/scope/scope_overlap.hpp"
#include "manager/scope/scope_rule.hpp"

namespace pw::manager::scope {

struct DeviceAddress {
  std::optional<std::uint32_t> ipv4;  ///< host byte order, see parseIpv4()
  std::optional<std::string> ipv6;    ///< kept for the reason text; never matched
  std::optional<std::string> fqdn;    ///< any case, trailing dot allowed
};

enum class MatchKind { kHostName, kIpv4, kFqdnSuffix };

struct Resolution {
  AgentId agent_id = 0;
  MatchKind kind = MatchKind::kIpv4;
  RuleRef rule;                      ///< the entry that decided
  std::vector<AgentId> tied_agents;  ///< other Agents with an equally specific entry, ascending

  bool conflict() const { return !tied_agents.empty(); }
  /// E.g. `Agent 2: IPv4 address in "10.0.0.0/24" (IPv4 rules #1)`, plus the tie if any.
  std::string explain() const;
};

/// Immutable after construction; resolve() is safe to call from several threads. Build a new
/// resolver when a scope changes (construction is O(n log n) in the number of entries).
class AgentScopeResolver {
 public:
  explicit AgentScopeResolver(std::span<const AgentScope> scopes);

  std::optional<Resolution> resolve(const DeviceAddress& device) const;
  std::optional<AgentId> resolveAgent(const DeviceAddress& device) const;

 private:
  // Heterogeneous lookup, so that resolve() looks suffixes up as string_views of one string.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const noexcept {
      return std::hash<std::string_view>{}(name);
    }
  };
  struct Winner {
    std::size_t rule = 0;  ///< into rules_
    std::vector<AgentId> tied_agents;
  };
  using NameMap = std::unordered_map<std::string, Winner, NameHash, std::equal_to<>>;

  void addName(NameMap& map, const std::string& name, std::size_t rule);
  void buildIpv4Segments(const std::vector<std::size_t>& ipv4_rules);
  Resolution make(MatchKind kind, const Winner& winner) const;

  std::vector<RuleRef> rules_;
  std::vector<Ipv4Range> ranges_;  ///< parallel to rules_; only meaningful for IPv4 entries
  /// Elementary segments: segment i covers [segment_starts_[i], segment_starts_[i + 1]).
  std::vector<std::uint32_t> segment_starts_;
  std::vector<std::optional<Winner>> segment_winners_;
  NameMap host_names_;
  NameMap suffixes_;
};

const char* toString(MatchKind kind);

}  // namespace pw::manager::scope
