#include "manager/services/region_service.hpp"

#include <algorithm>
#include <variant>

#include "common/time/time_zone.hpp"
#include "manager/scope/scope_rule.hpp"

namespace pw::manager {
namespace {

Problem regionNotFound(std::int64_t id) {
  return {ErrorKind::kNotFound, "not_found", "Region " + std::to_string(id) + " does not exist."};
}

RegionRefusal invalid(std::vector<RegionFieldError> errors) {
  const auto message = errors.front().message;
  return {{ErrorKind::kInvalidInput, "invalid_input", message}, std::move(errors), {}};
}

bool hasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

// What the typed value must look like for its type, beyond being a valid IPv4 rule.
std::string shapeProblem(RegionRuleType type, std::string_view value) {
  const bool dash = value.find('-') != std::string_view::npos;
  const bool slash = value.find('/') != std::string_view::npos;
  switch (type) {
    case RegionRuleType::kAddress:
      return dash || slash ? "must be one IPv4 address (choose range or cidr for more)" : "";
    case RegionRuleType::kRange:
      return dash ? "" : "must be two IPv4 addresses separated by '-' (10.0.0.1-10.0.0.99)";
    case RegionRuleType::kCidr:
      return slash ? "" : "must be an IPv4 network and a prefix length (10.0.0.0/24)";
    case RegionRuleType::kSuffix: return "";
  }
  return "";
}

// Parses one rule with manager/scope; the stored rule or the message's tail.
std::variant<RegionRule, std::string> parseRule(const RegionRule& in) {
  const auto value = trimmed(in.value);
  if (value.empty()) return std::string("is required");
  if (auto shape = shapeProblem(in.type, value); !shape.empty()) return shape;
  const auto list =
      in.type == RegionRuleType::kSuffix ? scope::RuleList::kFqdn : scope::RuleList::kIpv4;
  const auto parsed = scope::parseRule(list, value);
  if (const auto* error = std::get_if<scope::ScopeError>(&parsed)) return error->reason;
  const auto& rule = std::get<scope::ScopeRule>(parsed);
  RegionRule out;
  out.type = in.type;
  if (in.type == RegionRuleType::kSuffix) {
    out.value = rule.name;
  } else {
    out.value = value;
    out.first = rule.range.first;
    out.last = rule.range.last;
  }
  return out;
}

}  // namespace

void throw_exception_from_error(const RegionRefusal& refusal,
                                const boost::source_location& location) {
  throw_exception_from_error(refusal.problem, location);
}

RegionService::RegionService(RegionStore& store, UserStore& users, const Clock& clock)
    : store_(store), users_(users), clock_(clock) {}

std::vector<RegionView> RegionService::list() {
  const auto counts = store_.regionDeviceCounts();
  std::vector<RegionView> views;
  for (auto& region : store_.listRegions()) {
    const auto it = counts.find(region.id);
    views.push_back({std::move(region), it == counts.end() ? 0 : it->second});
  }
  return views;
}

Outcome<RegionView> RegionService::get(std::int64_t id) {
  auto region = store_.findRegion(id);
  if (!region) return regionNotFound(id);
  const auto counts = store_.regionDeviceCounts();
  const auto it = counts.find(id);
  return RegionView{std::move(*region), it == counts.end() ? 0 : it->second};
}

std::map<std::int64_t, std::string> RegionService::names() {
  std::map<std::int64_t, std::string> names;
  for (auto& region : store_.listRegions()) names.emplace(region.id, std::move(region.name));
  return names;
}

boost::system::result<Region, RegionRefusal> RegionService::check(std::int64_t id,
                                                                  const Region& in) {
  std::vector<RegionFieldError> errors;
  Region out;
  out.id = id;
  out.name = trimmed(in.name);
  out.description = trimmed(in.description);
  out.time_zone = trimmed(in.time_zone);
  if (out.name.empty()) {
    errors.push_back({"name", "name is required"});
  } else if (out.name.size() > kMaxRegionNameLength || hasControl(out.name)) {
    errors.push_back({"name", "name must be at most 100 characters, without control characters"});
  }
  if (out.description.size() > kMaxRegionDescriptionLength) {
    errors.push_back({"description", "description must be at most 1000 characters"});
  }
  if (out.time_zone.empty()) {
    errors.push_back({"timeZone", "timeZone is required (an IANA name such as Europe/Paris)"});
  } else if (!time::TimeZone::named(out.time_zone)) {
    errors.push_back({"timeZone", "timeZone \"" + out.time_zone +
                                      "\" is not a known IANA time zone (such as Europe/Paris)"});
  }
  if (in.rules.size() > kMaxRegionRules) {
    errors.push_back({"rules", "rules: at most 1000 per region"});
  }
  for (std::size_t i = 0; i < in.rules.size() && i < kMaxRegionRules; ++i) {
    const auto field = "rules[" + std::to_string(i) + "].value";
    auto parsed = parseRule(in.rules[i]);
    if (auto* error = std::get_if<std::string>(&parsed)) {
      errors.push_back({field, field + " \"" + trimmed(in.rules[i].value) + "\": " + *error});
    } else {
      out.rules.push_back(std::move(std::get<RegionRule>(parsed)));
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));

  const auto stored = store_.listRegions();
  const auto overlaps = findRegionOverlaps(out, stored);
  if (!overlaps.empty()) {
    RegionRefusal refusal;
    for (const auto& o : overlaps) {
      refusal.conflicts.push_back({"rules[" + std::to_string(o.rule_index) + "].value",
                                   out.rules[o.rule_index].value, o.other_region_id,
                                   o.other_region_name, o.other_rule});
    }
    const auto& first = refusal.conflicts.front();
    refusal.problem = {ErrorKind::kConflict, "region_overlap",
                       first.field + " \"" + first.rule + "\" overlaps \"" + first.other_rule +
                           "\" of region \"" + first.region_name + "\""};
    return refusal;
  }
  return out;
}

boost::system::result<RegionView, RegionRefusal> RegionService::create(const Region& region) {
  std::lock_guard lock(write_mutex_);
  auto checked = check(0, region);
  if (!checked) return checked.error();
  const auto id = store_.createRegion(*checked, clock_.now());
  if (!id) {
    return RegionRefusal{{ErrorKind::kConflict, "name_taken",
                          "name: a region named \"" + checked->name + "\" exists already"},
                         {},
                         {}};
  }
  auto view = get(*id);
  return std::move(*view);
}

boost::system::result<RegionView, RegionRefusal> RegionService::update(std::int64_t id,
                                                                       const Region& region) {
  std::lock_guard lock(write_mutex_);
  auto checked = check(id, region);
  if (!checked) return checked.error();
  switch (store_.updateRegion(*checked, clock_.now())) {
    case RegionStore::RegionWrite::kNotFound: return RegionRefusal{regionNotFound(id), {}, {}};
    case RegionStore::RegionWrite::kNameTaken:
      return RegionRefusal{{ErrorKind::kConflict, "name_taken",
                            "name: a region named \"" + checked->name + "\" exists already"},
                           {},
                           {}};
    case RegionStore::RegionWrite::kDone: break;
  }
  auto view = get(id);
  if (!view) return RegionRefusal{view.error(), {}, {}};  // deleted meanwhile
  return std::move(*view);
}

Outcome<void> RegionService::remove(std::int64_t id) {
  std::lock_guard lock(write_mutex_);
  if (!store_.deleteRegion(id)) return regionNotFound(id);
  return {};
}

Outcome<void> RegionService::setUserRegions(std::int64_t user_id,
                                            const std::vector<std::int64_t>& region_ids) {
  std::lock_guard lock(write_mutex_);
  const auto user = users_.findUserById(user_id);
  if (!user) {
    return Problem{ErrorKind::kNotFound, "not_found",
                   "User " + std::to_string(user_id) + " does not exist."};
  }
  if (user->role == Role::kSystemManager && !region_ids.empty()) {
    return Problem{ErrorKind::kConflict, "system_manager_regions",
                   "A System Manager manages every device and cannot be given regions."};
  }
  for (const auto id : region_ids) {
    if (!store_.findRegion(id)) return regionNotFound(id);
  }
  store_.setUserRegions(user_id, region_ids);
  return {};
}

std::vector<std::int64_t> RegionService::userRegions(std::int64_t user_id) {
  return store_.userRegions(user_id);
}

DeviceScope RegionService::scopeFor(const User& user) {
  if (user.role == Role::kSystemManager) return DeviceScope::all();
  auto regions = store_.userRegions(user.id);
  if (regions.empty()) return DeviceScope::all();
  return DeviceScope{std::move(regions)};
}

}  // namespace pw::manager
