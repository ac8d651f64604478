#pragma once
// Typed scope rules of an Agent and the parsing of the administrator's entries into them.
//
// An Agent's scope is entered as three lists (IPv4 rules, FQDN suffix rules, specified addresses
// and host names). Every entry is parsed on its own so that the console can show each bad entry
// with the reason it was refused, instead of the first failure only.
//
// IPv4 text is read strictly (inet_pton rules, no leading zeros): common/core/ipv4.hpp.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/core/ipv4.hpp"

namespace pw::manager::scope {

/// Same value as pw::manager::Agent::id.
using AgentId = std::int64_t;

/// Inclusive range of IPv4 addresses in host byte order; first <= last.
struct Ipv4Range {
  std::uint32_t first = 0;
  std::uint32_t last = 0;

  /// Up to 2^32, hence 64 bits.
  std::uint64_t size() const { return std::uint64_t{last} - first + 1; }
  bool contains(std::uint32_t address) const { return first <= address && address <= last; }
  bool overlaps(const Ipv4Range& other) const { return first <= other.last && other.first <= last; }
  friend bool operator==(const Ipv4Range&, const Ipv4Range&) = default;
};

/// The list of an Agent's scope an entry was typed into.
enum class RuleList {
  kIpv4,       ///< IPv4 rules: addresses, ranges, CIDR
  kFqdn,       ///< FQDN rules: domain suffixes
  kSpecified,  ///< specified addresses / host names
};

enum class RuleKind {
  kIpv4Range,   ///< single address, range or CIDR, all held as an Ipv4Range
  kFqdnSuffix,  ///< matches the name itself and every name below it
  kHostName,    ///< exact host name from the specified list: beats every other rule
};

struct ScopeRule {
  RuleKind kind = RuleKind::kIpv4Range;
  RuleList list = RuleList::kIpv4;
  std::size_t index = 0;  ///< position of the entry in its list, as entered
  std::string text;       ///< the entry as typed (trimmed), for messages
  Ipv4Range range;        ///< kIpv4Range only
  std::string name;       ///< kFqdnSuffix / kHostName: lower case, no leading or trailing dot
};

/// A refused entry. message() is what the console shows, e.g.
/// `"10.0.0.300": not an IPv4 address`.
struct ScopeError {
  RuleList list = RuleList::kIpv4;
  std::size_t index = 0;  ///< position of the entry in its list
  std::string entry;      ///< the entry as typed (untrimmed)
  std::string reason;

  std::string message() const;
};

/// All rules of one Agent. Rules keep the list they came from; their order is the input order
/// (list by list: IPv4, FQDN, specified), which overlap reports rely on to name entries.
struct AgentScope {
  AgentId agent_id = 0;
  std::vector<ScopeRule> rules;
};

struct ScopeParseResult {
  AgentScope scope;                ///< the entries that parsed; usable even with errors
  std::vector<ScopeError> errors;  ///< one per refused entry, in input order

  bool ok() const { return errors.empty(); }
};

// Shared with the device registry and regions: common/core/ipv4.hpp.
using pw::formatIpv4;
using pw::normalizeHostName;
using pw::parseIpv4;
using pw::parseIpv4Detailed;

/// "10.0.0.1", "10.0.0.1-10.0.0.9" or "10.0.0.0/24" (whichever is exact and shortest).
std::string formatIpv4Range(const Ipv4Range& range);

/// Parses one entry of the given list. Surrounding whitespace is ignored. The specified list
/// takes IPv4 text (address, range, CIDR) when the entry consists of digits, dots, '-', '/'
/// and spaces only, and an exact host name otherwise.
std::variant<ScopeRule, ScopeError> parseRule(RuleList list, std::string_view entry,
                                              std::size_t index = 0);

/// Parses the three lists of one Agent; every refused entry is reported.
ScopeParseResult parseAgentScope(AgentId agent_id, std::span<const std::string> ipv4_entries,
                                 std::span<const std::string> fqdn_entries,
                                 std::span<const std::string> specified_entries);

const char* toString(RuleList list);

}  // namespace pw::manager::scope
