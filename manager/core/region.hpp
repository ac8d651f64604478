#pragma once
// Regions: sites that split device administration. A region has IPv4 rules (an address, a
// range or a CIDR block, all held as an inclusive range) and domain-suffix rules; a device
// belongs to at most one region, derived from its address and host name:
//   1. the region with an IPv4 rule holding the device's IPv4 address (regions never share an
//      IPv4 address, so there is at most one);
//   2. else the region with the longest suffix rule the device's host name is at or below
//      ("site.example" covers "p1.site.example", not "xsite.example"); two regions never hold
//      the same suffix, so the longest is unique.
// An IPv6-addressed device matches by host name only: there are no IPv6 rules.
// Rule text is parsed by the services (manager/scope); this file takes parsed rules.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pw::manager {

/// How the administrator typed a rule; address, range and cidr are IPv4 rules.
enum class RegionRuleType { kAddress, kRange, kCidr, kSuffix };

const char* toString(RegionRuleType type);  ///< "address", "range", "cidr", "suffix"
std::optional<RegionRuleType> regionRuleTypeFromString(std::string_view text);

struct RegionRule {
  RegionRuleType type = RegionRuleType::kAddress;
  std::string value;        ///< as stored: trimmed; suffixes lower case without outer dots
  std::uint32_t first = 0;  ///< IPv4 rules: the inclusive range, host byte order
  std::uint32_t last = 0;

  bool isIpv4() const { return type != RegionRuleType::kSuffix; }
  friend bool operator==(const RegionRule&, const RegionRule&) = default;
};

struct Region {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::string time_zone;  ///< IANA name, checked by the services
  std::vector<RegionRule> rules;

  friend bool operator==(const Region&, const Region&) = default;
};

/// A rule of a region that another region's rule overlaps.
struct RegionOverlap {
  std::size_t rule_index = 0;  ///< into the checked region's rules
  std::int64_t other_region_id = 0;
  std::string other_region_name;
  std::string other_rule;  ///< its value
};

/// Every rule of `region` that shares an IPv4 address with, or has the same suffix as, a rule
/// of another region in `others` (a region with region.id in `others` is skipped: an edit is
/// checked against the stored regions). At most one overlap per rule, the lowest other first.
std::vector<RegionOverlap> findRegionOverlaps(const Region& region, std::span<const Region> others);

/// Device -> region, for regions that do not overlap (findRegionOverlaps). Immutable; safe to
/// use from several threads. Built in O(n log n) for n rules; regionOf is O(log n) plus one
/// hash lookup per label of the host name.
class RegionMembership {
 public:
  explicit RegionMembership(std::span<const Region> regions);

  /// `ip_address` may be IPv4 or IPv6 text (or empty); `hostname` any case, trailing dot allowed.
  std::optional<std::int64_t> regionOf(std::string_view ip_address,
                                       std::string_view hostname) const;

 private:
  struct Range {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    std::int64_t region_id = 0;
  };
  std::vector<Range> ranges_;  ///< by first address
  std::unordered_map<std::string, std::int64_t> suffixes_;
};

/// Which regions a caller may see devices of: a user with regions sees only those; nullopt
/// (System Managers, users without regions) sees every device.
struct DeviceScope {
  std::optional<std::vector<std::int64_t>> regions;

  static DeviceScope all() { return {}; }
  bool allows(const std::optional<std::int64_t>& region_id) const;
};

}  // namespace pw::manager
