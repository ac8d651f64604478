#pragma once
// Regions: create, edit and delete them (rules checked with manager/scope, no overlap with
// another region), the regions of users, and the one place that turns a user into the
// DeviceScope the device queries take (scopeFor).
//
// Decisions (docs/decisions/0017-regions.md):
// - Refused with 409 region_overlap, naming the other region and rule: an IPv4 rule sharing an
//   address with another region's IPv4 rule, and a suffix another region has. A suffix below
//   another region's suffix is allowed: the longest suffix wins (RegionMembership).
// - Rules of one region may overlap each other (harmless).
// - System Managers have no regions (refused); a user without regions sees every device.
// Thread-safe: writes are serialised, so two concurrent writes cannot both pass the check.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/region.hpp"
#include "manager/core/storage.hpp"
#include "manager/core/user.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

inline constexpr std::size_t kMaxRegionRules = 1000;
inline constexpr std::size_t kMaxRegionNameLength = 100;
inline constexpr std::size_t kMaxRegionDescriptionLength = 1000;

/// A region as the API shows it.
struct RegionView {
  Region region;
  std::int64_t device_count = 0;  ///< devices not removed
};

/// A refused field; `field` as the API names it: "name", "timeZone", "rules[2].value".
struct RegionFieldError {
  std::string field;
  std::string message;  ///< starts with the field
};

/// A rule of the region that another region's rule overlaps.
struct RegionRuleConflict {
  std::string field;  ///< "rules[i].value"
  std::string rule;
  std::int64_t region_id = 0;
  std::string region_name;
  std::string other_rule;
};

/// Why a region was not stored: invalid_input (errors), not_found, name_taken or
/// region_overlap (conflicts).
struct RegionRefusal {
  Problem problem;
  std::vector<RegionFieldError> errors;
  std::vector<RegionRuleConflict> conflicts;
};

/// Required by boost::system::result<T, RegionRefusal>::value() when it holds a refusal.
[[noreturn]] void throw_exception_from_error(const RegionRefusal& refusal,
                                             const boost::source_location& location);

class RegionService {
 public:
  RegionService(RegionStore& store, UserStore& users, const Clock& clock);

  std::vector<RegionView> list();
  Outcome<RegionView> get(std::int64_t id);
  /// `region.rules` need type and value only; the id is ignored. Returns it as stored (values
  /// trimmed, suffixes lower case without outer dots).
  boost::system::result<RegionView, RegionRefusal> create(const Region& region);
  boost::system::result<RegionView, RegionRefusal> update(std::int64_t id, const Region& region);
  Outcome<void> remove(std::int64_t id);
  /// Region id -> name, for lists that show each device's region.
  std::map<std::int64_t, std::string> names();

  /// not_found (user or region), conflict (system_manager_regions) for a System Manager.
  Outcome<void> setUserRegions(std::int64_t user_id, const std::vector<std::int64_t>& region_ids);
  std::vector<std::int64_t> userRegions(std::int64_t user_id);

  /// What devices `user` may see: every device for a System Manager or a user without
  /// regions, else the devices of the user's regions. Every device route asks this.
  DeviceScope scopeFor(const User& user);

 private:
  boost::system::result<Region, RegionRefusal> check(std::int64_t id, const Region& in);

  RegionStore& store_;
  UserStore& users_;
  const Clock& clock_;
  std::mutex write_mutex_;
};

}  // namespace pw::manager
