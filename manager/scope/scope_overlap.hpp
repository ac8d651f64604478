#pragma once
// Overlapping entries of Agent scopes, for the console to show. Overlaps are not errors: the
// resolver settles them by precedence (host name, then IPv4, then FQDN; most specific first;
// lowest Agent id on a tie). The console shows them so that administrators see where that
// happens and whether a tie is left to the Agent id.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "manager/scope/scope_rule.hpp"

namespace pw::manager::scope {

/// Names one entry of one Agent's scope the way the console lists it.
struct RuleRef {
  AgentId agent_id = 0;
  RuleList list = RuleList::kIpv4;
  std::size_t index = 0;  ///< position in its list
  std::string text;

  static RuleRef of(AgentId agent_id, const ScopeRule& rule) {
    return RuleRef{agent_id, rule.list, rule.index, rule.text};
  }
  friend bool operator==(const RuleRef&, const RuleRef&) = default;
};

enum class OverlapKind {
  kIpv4,                 ///< two IPv4 entries share addresses
  kFqdnSuffix,           ///< two suffixes are equal, or one lies below the other
  kHostName,             ///< the same host name is specified twice
  kHostNameUnderSuffix,  ///< a specified host name lies below a suffix rule (the host name wins)
};

struct Overlap {
  OverlapKind kind = OverlapKind::kIpv4;
  RuleRef first;  ///< IPv4: the entry starting lower; names: the longer (more specific) name
  RuleRef second;
  std::optional<Ipv4Range> common;  ///< kIpv4 only: the shared addresses

  /// E.g. `"10.0.0.0/24" (Agent 1, IPv4 rules #1) overlaps "10.0.0.5" (Agent 2, specified
  /// addresses #3) at 10.0.0.5`.
  std::string description() const;
};

struct OverlapReport {
  std::vector<Overlap> overlaps;
  bool truncated = false;  ///< more overlaps exist than the limit allowed
};

/// A /0 overlaps every other entry; the limit keeps such a report presentable.
inline constexpr std::size_t kDefaultOverlapLimit = 1000;

/// Overlaps among the entries of one Agent (duplicates included).
OverlapReport findOverlapsWithin(const AgentScope& scope, std::size_t limit = kDefaultOverlapLimit);

/// Overlaps between entries of different Agents; overlaps inside one Agent are left out.
OverlapReport findOverlapsAcross(std::span<const AgentScope> scopes,
                                 std::size_t limit = kDefaultOverlapLimit);

const char* toString(OverlapKind kind);

}  // namespace pw::manager::scope
