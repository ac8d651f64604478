#include "manager/core/region.hpp"

#include <algorithm>
#include <array>
#include <iterator>

#include "common/core/ipv4.hpp"

namespace pw::manager {
namespace {

constexpr std::array<std::pair<RegionRuleType, const char*>, 4> kRuleTypes{{
    {RegionRuleType::kAddress, "address"},
    {RegionRuleType::kRange, "range"},
    {RegionRuleType::kCidr, "cidr"},
    {RegionRuleType::kSuffix, "suffix"},
}};

}  // namespace

const char* toString(RegionRuleType type) {
  for (const auto& [t, name] : kRuleTypes) {
    if (t == type) return name;
  }
  return "address";
}

std::optional<RegionRuleType> regionRuleTypeFromString(std::string_view text) {
  for (const auto& [t, name] : kRuleTypes) {
    if (text == name) return t;
  }
  return std::nullopt;
}

std::vector<RegionOverlap> findRegionOverlaps(const Region& region,
                                              std::span<const Region> others) {
  std::vector<RegionOverlap> overlaps;
  for (std::size_t i = 0; i < region.rules.size(); ++i) {
    const auto& rule = region.rules[i];
    const auto clash = [&rule](const RegionRule& other) {
      if (rule.isIpv4() != other.isIpv4()) return false;
      if (!rule.isIpv4()) return rule.value == other.value;
      return rule.first <= other.last && other.first <= rule.last;
    };
    for (const auto& other : others) {
      if (other.id == region.id) continue;
      const auto hit = std::find_if(other.rules.begin(), other.rules.end(), clash);
      if (hit != other.rules.end()) {
        overlaps.push_back({i, other.id, other.name, hit->value});
        break;
      }
    }
  }
  return overlaps;
}

RegionMembership::RegionMembership(std::span<const Region> regions) {
  for (const auto& region : regions) {
    for (const auto& rule : region.rules) {
      if (rule.isIpv4()) {
        ranges_.push_back({rule.first, rule.last, region.id});
      } else {
        suffixes_.emplace(rule.value, region.id);
      }
    }
  }
  std::sort(ranges_.begin(), ranges_.end(),
            [](const Range& a, const Range& b) { return a.first < b.first; });
  // Overlapping ranges can only be one region's (regions never share addresses): merge them,
  // so that the ranges are disjoint and a lookup looks at one.
  std::vector<Range> merged;
  for (const auto& range : ranges_) {
    if (!merged.empty() && range.first <= merged.back().last) {
      merged.back().last = std::max(merged.back().last, range.last);
    } else {
      merged.push_back(range);
    }
  }
  ranges_ = std::move(merged);
}

std::optional<std::int64_t> RegionMembership::regionOf(std::string_view ip_address,
                                                       std::string_view hostname) const {
  if (const auto ipv4 = parseIpv4(ip_address)) {
    // Ranges are disjoint (see the constructor): only the last one starting at or below the
    // address can hold it.
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), *ipv4,
                               [](std::uint32_t a, const Range& r) { return a < r.first; });
    if (it != ranges_.begin() && std::prev(it)->last >= *ipv4) return std::prev(it)->region_id;
  }
  if (hostname.empty() || suffixes_.empty()) return std::nullopt;
  // Longest suffix first: the name itself, then each parent at a label boundary.
  const std::string name = normalizeHostName(hostname);
  std::string_view suffix = name;
  while (!suffix.empty()) {
    if (const auto it = suffixes_.find(std::string(suffix)); it != suffixes_.end()) {
      return it->second;
    }
    const auto dot = suffix.find('.');
    if (dot == std::string_view::npos) break;
    suffix.remove_prefix(dot + 1);
  }
  return std::nullopt;
}

bool DeviceScope::allows(const std::optional<std::int64_t>& region_id) const {
  if (!regions) return true;
  return region_id && std::find(regions->begin(), regions->end(), *region_id) != regions->end();
}

}  // namespace pw::manager
