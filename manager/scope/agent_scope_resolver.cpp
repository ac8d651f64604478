// Design note. Resolution has to be cheap per device (discovery sweeps resolve every answering
// address) while scopes change rarely, so all work is done at construction:
//  - IPv4 entries of all Agents may overlap. Their start and end+1 addresses cut the address
//    space into elementary segments inside which the set of covering entries is constant; one
//    sweep over the segments with an ordered set of the active entries (by size, Agent id)
//    records each segment's winner and ties. resolve() is then one binary search over the
//    segment starts: O(log n), no allocation.
//  - Suffix rules and host names go into hash maps keyed by the normalised name, each key
//    holding its winner (lowest Agent id) and ties. resolve() looks the device's FQDN up, then
//    each parent name from the longest to the shortest, so the first hit is the longest suffix:
//    O(labels) lookups.
#include "manager/scope/agent_scope_resolver.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <tuple>

namespace pw::manager::scope {

AgentScopeResolver::AgentScopeResolver(std::span<const AgentScope> scopes) {
  std::vector<std::size_t> ipv4_rules;
  for (const auto& scope : scopes) {
    for (const auto& rule : scope.rules) {
      const std::size_t index = rules_.size();
      rules_.push_back(RuleRef::of(scope.agent_id, rule));
      ranges_.push_back(rule.range);
      switch (rule.kind) {
        case RuleKind::kIpv4Range: ipv4_rules.push_back(index); break;
        case RuleKind::kFqdnSuffix: addName(suffixes_, rule.name, index); break;
        case RuleKind::kHostName: addName(host_names_, rule.name, index); break;
      }
    }
  }
  for (auto* map : {&suffixes_, &host_names_}) {
    for (auto& [name, winner] : *map)
      std::sort(winner.tied_agents.begin(), winner.tied_agents.end());
  }
  buildIpv4Segments(ipv4_rules);
}

void AgentScopeResolver::addName(NameMap& map, const std::string& name, std::size_t rule) {
  auto [it, inserted] = map.try_emplace(name, Winner{rule, {}});
  if (inserted) return;
  Winner& winner = it->second;
  const AgentId current = rules_[winner.rule].agent_id;
  const AgentId candidate = rules_[rule].agent_id;
  // The same name twice in one Agent is a duplicate, not a tie; the first entry is kept.
  if (candidate == current ||
      std::ranges::find(winner.tied_agents, candidate) != winner.tied_agents.end()) {
    return;
  }
  if (candidate < current) {
    winner.tied_agents.push_back(current);
    winner.rule = rule;
  } else {
    winner.tied_agents.push_back(candidate);
  }
}

void AgentScopeResolver::buildIpv4Segments(const std::vector<std::size_t>& ipv4_rules) {
  std::vector<std::size_t> by_first = ipv4_rules;
  std::vector<std::size_t> by_last = ipv4_rules;
  std::ranges::sort(by_first, {}, [&](std::size_t r) { return ranges_[r].first; });
  std::ranges::sort(by_last, {}, [&](std::size_t r) { return ranges_[r].last; });

  // 64 bits because the end of a range ending at 255.255.255.255 is 2^32.
  std::vector<std::uint64_t> points;
  points.reserve(ipv4_rules.size() * 2);
  for (std::size_t r : ipv4_rules) {
    points.push_back(ranges_[r].first);
    if (ranges_[r].last != std::numeric_limits<std::uint32_t>::max()) {
      points.push_back(std::uint64_t{ranges_[r].last} + 1);
    }
  }
  std::ranges::sort(points);
  points.erase(std::unique(points.begin(), points.end()), points.end());

  // Ordered by specificity, so the first element is the winner and equal sizes follow it.
  using Key = std::tuple<std::uint64_t, AgentId, std::size_t>;
  const auto key = [&](std::size_t r) { return Key{ranges_[r].size(), rules_[r].agent_id, r}; };
  std::set<Key> active;
  std::size_t next_first = 0;
  std::size_t next_last = 0;
  for (const std::uint64_t point : points) {
    while (next_last < by_last.size() && ranges_[by_last[next_last]].last < point) {
      active.erase(key(by_last[next_last++]));
    }
    while (next_first < by_first.size() && ranges_[by_first[next_first]].first <= point) {
      active.insert(key(by_first[next_first++]));
    }
    std::optional<Winner> winner;
    if (!active.empty()) {
      auto it = active.begin();
      const auto [size, agent, rule] = *it;
      winner = Winner{rule, {}};
      for (++it; it != active.end() && std::get<0>(*it) == size; ++it) {
        const AgentId other = std::get<1>(*it);
        if (other != agent &&
            (winner->tied_agents.empty() || winner->tied_agents.back() != other)) {
          winner->tied_agents.push_back(other);
        }
      }
    }
    // Neighbouring segments with the same outcome are merged: fewer starts to search.
    if (!segment_winners_.empty()) {
      const auto& previous = segment_winners_.back();
      const bool same = previous.has_value() == winner.has_value() &&
                        (!winner || (previous->rule == winner->rule &&
                                     previous->tied_agents == winner->tied_agents));
      if (same) continue;
    }
    segment_starts_.push_back(static_cast<std::uint32_t>(point));
    segment_winners_.push_back(std::move(winner));
  }
}

Resolution AgentScopeResolver::make(MatchKind kind, const Winner& winner) const {
  const RuleRef& rule = rules_[winner.rule];
  return Resolution{rule.agent_id, kind, rule, winner.tied_agents};
}

std::optional<Resolution> AgentScopeResolver::resolve(const DeviceAddress& device) const {
  std::string name;
  if (device.fqdn) name = normalizeHostName(*device.fqdn);

  if (!name.empty()) {
    if (auto it = host_names_.find(std::string_view(name)); it != host_names_.end()) {
      return make(MatchKind::kHostName, it->second);
    }
  }
  if (device.ipv4) {
    const auto it = std::upper_bound(segment_starts_.begin(), segment_starts_.end(), *device.ipv4);
    if (it != segment_starts_.begin()) {
      const auto& winner =
          segment_winners_[static_cast<std::size_t>(it - segment_starts_.begin()) - 1];
      if (winner) return make(MatchKind::kIpv4, *winner);
    }
  }
  // Longest suffix first: the name itself, then each parent at a label boundary.
  std::string_view suffix = name;
  while (!suffix.empty()) {
    if (auto it = suffixes_.find(suffix); it != suffixes_.end()) {
      return make(MatchKind::kFqdnSuffix, it->second);
    }
    const auto dot = suffix.find('.');
    if (dot == std::string_view::npos) break;
    suffix.remove_prefix(dot + 1);
  }
  return std::nullopt;
}

std::optional<AgentId> AgentScopeResolver::resolveAgent(const DeviceAddress& device) const {
  if (auto resolution = resolve(device)) return resolution->agent_id;
  return std::nullopt;
}

std::string Resolution::explain() const {
  std::string text = "Agent " + std::to_string(agent_id) + ": ";
  switch (kind) {
    case MatchKind::kHostName: text += "host name specified as \""; break;
    case MatchKind::kIpv4: text += "IPv4 address in \""; break;
    case MatchKind::kFqdnSuffix: text += "FQDN below suffix \""; break;
  }
  text += rule.text + "\" (" + toString(rule.list) + " #" + std::to_string(rule.index + 1) + ")";
  if (!tied_agents.empty()) {
    text += "; equally specific entries of Agent";
    for (std::size_t i = 0; i < tied_agents.size(); ++i) {
      text += (i == 0 ? " " : ", ") + std::to_string(tied_agents[i]);
    }
    text += " (lowest Agent id wins)";
  }
  return text;
}

const char* toString(MatchKind kind) {
  switch (kind) {
    case MatchKind::kHostName: return "host-name";
    case MatchKind::kIpv4: return "ipv4";
    case MatchKind::kFqdnSuffix: return "fqdn-suffix";
  }
  return "unknown";
}

}  // namespace pw::manager::scope
