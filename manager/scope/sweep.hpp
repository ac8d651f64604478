#pragma once
// The IPv4 addresses a discovery sweep of one Agent probes. Host names and suffix rules do not
// enumerate: devices under them are found by other means and then resolved.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "manager/scope/scope_rule.hpp"

namespace pw::manager::scope {

/// Four /16 networks: a sweep beyond that takes hours and is almost always a typo (/8 for /24).
inline constexpr std::uint64_t kDefaultSweepLimit = 65'536 * 4;

struct SweepPlan {
  std::vector<std::uint32_t> addresses;  ///< ascending, without duplicates
  std::string error;                     ///< set (and addresses empty) when refused

  bool ok() const { return error.empty(); }
};

/// The union of the IPv4 entries as sorted, disjoint, non-adjacent ranges.
std::vector<Ipv4Range> mergeIpv4Ranges(std::span<const ScopeRule> rules);

/// Every address of every IPv4 entry, once, ascending; refused when there are more than limit.
/// Network and broadcast addresses of CIDR blocks are included: the rules do not say whether a
/// block is a whole subnet, and a probe to them costs one unanswered packet.
SweepPlan expandForSweep(std::span<const ScopeRule> rules,
                         std::uint64_t limit = kDefaultSweepLimit);

}  // namespace pw::manager::scope
