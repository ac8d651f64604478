#include "manager/scope/sweep.hpp"

#include <algorithm>

namespace pw::manager::scope {

std::vector<Ipv4Range> mergeIpv4Ranges(std::span<const ScopeRule> rules) {
  std::vector<Ipv4Range> ranges;
  for (const auto& rule : rules) {
    if (rule.kind == RuleKind::kIpv4Range) ranges.push_back(rule.range);
  }
  std::ranges::sort(ranges, {}, &Ipv4Range::first);
  std::vector<Ipv4Range> merged;
  for (const auto& range : ranges) {
    // 64-bit sum: a range ending at 255.255.255.255 has no successor address.
    if (!merged.empty() && std::uint64_t{merged.back().last} + 1 >= range.first) {
      merged.back().last = std::max(merged.back().last, range.last);
    } else {
      merged.push_back(range);
    }
  }
  return merged;
}

SweepPlan expandForSweep(std::span<const ScopeRule> rules, std::uint64_t limit) {
  const auto merged = mergeIpv4Ranges(rules);
  std::uint64_t total = 0;
  for (const auto& range : merged) total += range.size();
  SweepPlan plan;
  if (total > limit) {
    // Name the widest entry: it is the one to narrow.
    const ScopeRule* widest = nullptr;
    for (const auto& rule : rules) {
      if (rule.kind == RuleKind::kIpv4Range &&
          (!widest || rule.range.size() > widest->range.size())) {
        widest = &rule;
      }
    }
    plan.error = "the scope covers " + std::to_string(total) + " IPv4 addresses, more than the " +
                 std::to_string(limit) + " a sweep may probe; the widest entry is \"" +
                 widest->text + "\"";
    return plan;
  }
  plan.addresses.reserve(static_cast<std::size_t>(total));
  for (const auto& range : merged) {
    // Counting with 64 bits ends the loop at 255.255.255.255 instead of wrapping to 0.
    for (std::uint64_t address = range.first; address <= range.last; ++address) {
      plan.addresses.push_back(static_cast<std::uint32_t>(address));
    }
  }
  return plan;
}

}  // namespace pw::manager::scope
