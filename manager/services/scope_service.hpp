#pragma once
// Agent scopes: which devices each Agent manages and what its discovery sweeps, stored per
// Agent and checked with manager/scope.
//
// Decisions (docs/decisions/0007-agent-scope-entries.md):
// - Who manages a device is decided by every stored entry, whatever the discovery method (the
//   method only chooses what a discovery sweeps, so switching it never moves devices):
//   1. specified entries pin: a specified host name, else the smallest specified address
//      range holding the address;
//   2. else IPv4 rules (the smallest range wins), else FQDN suffixes (the longest wins).
// - Refused, with every conflict listed: an IPv4 rule sharing an address with another Agent's
//   IPv4 rule, a specified address sharing one with another Agent's specified address, a host
//   name specified for two Agents, the same FQDN suffix on two Agents. Each would be a tie
//   settled by Agent id, which no administrator means. A specified address inside another
//   Agent's IPv4 rule, a nested suffix and a host name under another Agent's suffix are
//   allowed: precedence settles them.
// Thread-safe: changes are serialised, so two concurrent changes cannot both pass the overlap
// check; the resolver is rebuilt when the store's scope revision moves (Agent deletions too).
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "manager/core/scope_settings.hpp"
#include "manager/core/storage.hpp"
#include "manager/scope/agent_scope_resolver.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// Entries per list at most; manager/scope's benchmark covers 10 Agents x 1,000 entries.
inline constexpr std::size_t kMaxScopeEntries = 1000;

/// One refused entry; `field` names it as the API does: "ipv4[2]", "fqdnSuffixes[0]",
/// "discovery.addresses[1]", "discovery.hostNames[0]".
struct ScopeEntryError {
  std::string field;
  std::string message;  ///< starts with the field
};

/// An entry of this Agent that another Agent's entry overlaps.
struct ScopeConflict {
  std::string field;  ///< this Agent's entry, as in ScopeEntryError
  std::string rule;   ///< its text
  std::int64_t agent_id = 0;
  std::string agent_name;
  std::string other_rule;
};

/// Why a scope was not stored: invalid_input with `errors` (every refused entry), not_found,
/// or scope_overlap (conflict) with `conflicts`.
struct ScopeRefusal {
  Problem problem;
  std::vector<ScopeEntryError> errors;
  std::vector<ScopeConflict> conflicts;
};

/// Required by boost::system::result<T, ScopeRefusal>::value() when it holds a refusal.
[[noreturn]] void throw_exception_from_error(const ScopeRefusal& refusal,
                                             const boost::source_location& location);

/// Which Agent manages a device, and the entry that decided.
struct AgentResolution {
  std::int64_t agent_id = 0;
  std::string match;  ///< "hostName", "ipv4" or "fqdnSuffix"
  std::string field;  ///< the deciding entry, as in ScopeEntryError
  std::string rule;   ///< its text
  std::string explanation;
};

/// What a discovery of one Agent covers.
struct AgentSweepPlan {
  /// The IPv4 entries swept (IPv4 rules, or the specified addresses when the method is
  /// "specified"), merged into disjoint ascending ranges as text ("10.0.0.0/24", "a-b").
  std::vector<std::string> ranges;
  std::vector<std::uint32_t> addresses;  ///< every address of `ranges`, ascending, host order
  std::vector<std::string> host_names;   ///< the specified host names, always swept
};

class ScopeService {
 public:
  ScopeService(ScopeStore& store, AgentStore& agents);

  /// The Agent's scope; an empty one (method "scope") until first stored. not_found.
  Outcome<AgentScopeSettings> get(std::int64_t agent_id);
  /// Checks and stores the whole scope; returns it as stored (suffixes and host names in lower
  /// case without surrounding dots, entries trimmed). Refuses duplicates within a list.
  boost::system::result<AgentScopeSettings, ScopeRefusal> put(std::int64_t agent_id,
                                                              const AgentScopeSettings& scope);

  /// The Agent managing an IPv4 address or a host name (FQDN); nullopt when no scope covers
  /// it (and for IPv6 text: there are no IPv6 ranges).
  std::optional<AgentResolution> resolveAgent(std::string_view ipv4_or_hostname);

  /// not_found for an unknown Agent; scope_too_large (conflict) beyond
  /// scope::kDefaultSweepLimit addresses.
  Outcome<AgentSweepPlan> sweepPlanForAgent(std::int64_t agent_id);

 private:
  struct Snapshot {
    std::int64_t revision = -1;
    std::shared_ptr<const scope::AgentScopeResolver> pinned;       ///< specified entries only
    std::shared_ptr<const scope::AgentScopeResolver> general;      ///< IPv4 and FQDN rules
    std::unordered_map<std::int64_t, std::size_t> address_counts;  ///< to name entries
  };
  std::shared_ptr<const Snapshot> snapshot();

  ScopeStore& store_;
  AgentStore& agents_;
  std::mutex change_mutex_;    ///< one put at a time
  std::mutex snapshot_mutex_;  ///< guards snapshot_
  std::shared_ptr<const Snapshot> snapshot_;
};

}  // namespace pw::manager
