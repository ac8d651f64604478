#include "manager/services/scope_service.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <variant>

#include "manager/scope/scope_overlap.hpp"
#include "manager/scope/scope_rule.hpp"
#include "manager/scope/sweep.hpp"

namespace pw::manager {
namespace {

using scope::RuleKind;
using scope::RuleList;

Problem agentNotFound(std::int64_t id) {
  return {ErrorKind::kNotFound, "not_found", "Agent " + std::to_string(id) + " does not exist."};
}

// The stored specified list is the addresses followed by the host names, so that entry i of
// it is addresses[i] or hostNames[i - addresses.size()].
std::vector<std::string> specifiedEntries(const AgentScopeSettings& s) {
  auto entries = s.addresses;
  entries.insert(entries.end(), s.host_names.begin(), s.host_names.end());
  return entries;
}

std::string fieldName(RuleList list, std::size_t index, std::size_t address_count) {
  const auto at = [](const char* name, std::size_t i) {
    return std::string(name) + "[" + std::to_string(i) + "]";
  };
  switch (list) {
    case RuleList::kIpv4: return at("ipv4", index);
    case RuleList::kFqdn: return at("fqdnSuffixes", index);
    case RuleList::kSpecified:
      return index < address_count ? at("discovery.addresses", index)
                                   : at("discovery.hostNames", index - address_count);
  }
  return at("unknown", index);
}

// Stored scopes were checked when stored, so every entry parses; what does not (a rule
// tightened by a later version) is left out rather than blocking every other Agent.
scope::AgentScope parsedStored(std::int64_t agent_id, const AgentScopeSettings& s) {
  const auto specified = specifiedEntries(s);
  return scope::parseAgentScope(agent_id, s.ipv4, s.fqdn_suffixes, specified).scope;
}

// Parses and normalises one Agent's new scope. Every refused entry is reported.
struct CheckedScope {
  AgentScopeSettings settings;
  scope::AgentScope parsed;
  std::vector<ScopeEntryError> errors;
};

CheckedScope checkScope(std::int64_t agent_id, const AgentScopeSettings& in) {
  CheckedScope out;
  out.settings.method = in.method;
  out.parsed.agent_id = agent_id;
  const auto address_count = in.addresses.size();

  struct List {
    RuleList list;
    const std::vector<std::string>* entries;
    std::vector<std::string>* stored;
    std::size_t first_index;  // in the parsed list
    RuleKind expected;
  };
  const List lists[] = {
      {RuleList::kIpv4, &in.ipv4, &out.settings.ipv4, 0, RuleKind::kIpv4Range},
      {RuleList::kFqdn, &in.fqdn_suffixes, &out.settings.fqdn_suffixes, 0, RuleKind::kFqdnSuffix},
      {RuleList::kSpecified, &in.addresses, &out.settings.addresses, 0, RuleKind::kIpv4Range},
      {RuleList::kSpecified, &in.host_names, &out.settings.host_names, address_count,
       RuleKind::kHostName},
  };
  for (const auto& l : lists) {
    const auto field = [&](std::size_t i) {
      return fieldName(l.list, l.first_index + i, address_count);
    };
    if (l.entries->size() > kMaxScopeEntries) {
      const auto name = field(0).substr(0, field(0).size() - 3);
      out.errors.push_back(
          {name, name + " has more than " + std::to_string(kMaxScopeEntries) + " entries"});
      continue;
    }
    std::vector<scope::ScopeRule> seen;
    for (std::size_t i = 0; i < l.entries->size(); ++i) {
      const auto f = field(i);
      auto parsed = scope::parseRule(l.list, (*l.entries)[i], l.first_index + i);
      if (const auto* error = std::get_if<scope::ScopeError>(&parsed)) {
        out.errors.push_back({f, f + ": " + error->message()});
        continue;
      }
      auto rule = std::get<scope::ScopeRule>(std::move(parsed));
      if (rule.kind != l.expected) {
        out.errors.push_back({f, f + ": \"" + rule.text + "\" is " +
                                     (rule.kind == RuleKind::kHostName
                                          ? "a host name; host names belong in discovery.hostNames"
                                          : "IPv4 text; addresses belong in discovery.addresses")});
        continue;
      }
      const auto same = std::find_if(seen.begin(), seen.end(), [&](const scope::ScopeRule& r) {
        return rule.kind == RuleKind::kIpv4Range ? r.range == rule.range : r.name == rule.name;
      });
      if (same != seen.end()) {
        out.errors.push_back(
            {f, f + ": \"" + rule.text + "\" repeats " + field(same->index - l.first_index)});
        continue;
      }
      l.stored->push_back(rule.kind == RuleKind::kIpv4Range ? rule.text : rule.name);
      seen.push_back(rule);
      out.parsed.rules.push_back(std::move(rule));
    }
  }
  return out;
}

// The API's names for the deciding step (camelCase, like every other API value).
const char* matchName(scope::MatchKind kind) {
  switch (kind) {
    case scope::MatchKind::kHostName: return "hostName";
    case scope::MatchKind::kIpv4: return "ipv4";
    case scope::MatchKind::kFqdnSuffix: return "fqdnSuffix";
  }
  return "ipv4";
}

// A suffix entry as compared: ".Example.COM." and "example.com" are one suffix.
std::string suffixName(const std::string& text) {
  auto name = scope::normalizeHostName(text);
  if (!name.empty() && name.front() == '.') name.erase(0, 1);
  return name;
}

// The overlaps that refuse a change (see the header); the others are settled by precedence.
bool refuses(const scope::Overlap& overlap) {
  switch (overlap.kind) {
    case scope::OverlapKind::kIpv4: return overlap.first.list == overlap.second.list;
    case scope::OverlapKind::kHostName: return true;
    case scope::OverlapKind::kFqdnSuffix:
      return suffixName(overlap.first.text) == suffixName(overlap.second.text);
    case scope::OverlapKind::kHostNameUnderSuffix: return false;
  }
  return false;
}

// The rules of one list group: the specified entries, or the IPv4 and FQDN rules.
std::vector<scope::AgentScope> rulesOf(const std::vector<scope::AgentScope>& scopes,
                                       bool specified) {
  std::vector<scope::AgentScope> out;
  for (const auto& s : scopes) {
    scope::AgentScope part{s.agent_id, {}};
    std::copy_if(
        s.rules.begin(), s.rules.end(), std::back_inserter(part.rules),
        [&](const scope::ScopeRule& r) { return (r.list == RuleList::kSpecified) == specified; });
    out.push_back(std::move(part));
  }
  return out;
}

}  // namespace

void throw_exception_from_error(const ScopeRefusal& refusal, const boost::source_location&) {
  throw std::logic_error("scope result accessed as value but holds problem " +
                         refusal.problem.code);
}

ScopeService::ScopeService(ScopeStore& store, AgentStore& agents)
    : store_(store), agents_(agents) {}

Outcome<AgentScopeSettings> ScopeService::get(std::int64_t agent_id) {
  if (!agents_.findAgent(agent_id)) return agentNotFound(agent_id);
  return store_.findAgentScope(agent_id).value_or(AgentScopeSettings{});
}

boost::system::result<AgentScopeSettings, ScopeRefusal> ScopeService::put(
    std::int64_t agent_id, const AgentScopeSettings& scope) {
  if (!agents_.findAgent(agent_id)) return ScopeRefusal{agentNotFound(agent_id), {}, {}};
  auto checked = checkScope(agent_id, scope);
  if (!checked.errors.empty()) {
    auto message = checked.errors.front().message;
    if (checked.errors.size() > 1) {
      message += " (and " + std::to_string(checked.errors.size() - 1) + " more)";
    }
    return ScopeRefusal{
        {ErrorKind::kInvalidInput, "invalid_input", message}, std::move(checked.errors), {}};
  }

  std::lock_guard lock(change_mutex_);
  std::vector<scope::AgentScope> scopes = {checked.parsed};
  for (const auto& [id, stored] : store_.listAgentScopes()) {
    if (id != agent_id) scopes.push_back(parsedStored(id, stored));
  }
  std::vector<ScopeConflict> conflicts;
  for (const auto& overlap : scope::findOverlapsAcross(scopes).overlaps) {
    if (!refuses(overlap)) continue;
    const bool first_is_ours = overlap.first.agent_id == agent_id;
    const auto& ours = first_is_ours ? overlap.first : overlap.second;
    const auto& theirs = first_is_ours ? overlap.second : overlap.first;
    if (ours.agent_id != agent_id) continue;  // two other Agents (stored before this rule)
    const auto other = agents_.findAgent(theirs.agent_id);
    conflicts.push_back({fieldName(ours.list, ours.index, checked.settings.addresses.size()),
                         ours.text, theirs.agent_id, other ? other->name : std::string(),
                         theirs.text});
  }
  if (!conflicts.empty()) {
    const auto& c = conflicts.front();
    auto message = c.field + ": \"" + c.rule + "\" overlaps \"" + c.other_rule + "\" of Agent " +
                   std::to_string(c.agent_id) + " (" + c.agent_name + ")";
    if (conflicts.size() > 1) message += " (and " + std::to_string(conflicts.size() - 1) + " more)";
    return ScopeRefusal{{ErrorKind::kConflict, "scope_overlap", message}, {}, std::move(conflicts)};
  }
  if (!store_.saveAgentScope(agent_id, checked.settings)) {
    return ScopeRefusal{agentNotFound(agent_id), {}, {}};  // deleted meanwhile
  }
  return checked.settings;
}

std::shared_ptr<const ScopeService::Snapshot> ScopeService::snapshot() {
  std::lock_guard lock(snapshot_mutex_);
  const auto revision = store_.scopeRevision();
  if (snapshot_ && snapshot_->revision == revision) return snapshot_;
  auto fresh = std::make_shared<Snapshot>();
  fresh->revision = revision;
  std::vector<scope::AgentScope> scopes;
  for (const auto& [id, stored] : store_.listAgentScopes()) {
    scopes.push_back(parsedStored(id, stored));
    fresh->address_counts[id] = stored.addresses.size();
  }
  fresh->pinned = std::make_shared<scope::AgentScopeResolver>(rulesOf(scopes, true));
  fresh->general = std::make_shared<scope::AgentScopeResolver>(rulesOf(scopes, false));
  snapshot_ = fresh;
  return snapshot_;
}

std::optional<AgentResolution> ScopeService::resolveAgent(std::string_view ipv4_or_hostname) {
  scope::DeviceAddress device;
  if (const auto ipv4 = scope::parseIpv4(ipv4_or_hostname)) {
    device.ipv4 = ipv4;
  } else if (ipv4_or_hostname.find(':') != std::string_view::npos) {
    return std::nullopt;  // IPv6: only host names reach such a device
  } else {
    device.fqdn = std::string(ipv4_or_hostname);
  }
  const auto current = snapshot();
  auto resolution = current->pinned->resolve(device);
  if (!resolution) resolution = current->general->resolve(device);
  if (!resolution) return std::nullopt;
  const auto count = current->address_counts.find(resolution->agent_id);
  return AgentResolution{resolution->agent_id, matchName(resolution->kind),
                         fieldName(resolution->rule.list, resolution->rule.index,
                                   count == current->address_counts.end() ? 0 : count->second),
                         resolution->rule.text, resolution->explain()};
}

Outcome<AgentSweepPlan> ScopeService::sweepPlanForAgent(std::int64_t agent_id) {
  const auto settings = get(agent_id);
  if (!settings) return settings.error();
  const auto& swept =
      settings->method == DiscoveryMethod::kSpecified ? settings->addresses : settings->ipv4;
  std::vector<scope::ScopeRule> rules;
  for (const auto& entry : swept) {
    auto parsed = scope::parseRule(RuleList::kIpv4, entry);
    if (auto* rule = std::get_if<scope::ScopeRule>(&parsed)) rules.push_back(std::move(*rule));
  }
  auto expanded = scope::expandForSweep(rules);
  if (!expanded.ok()) {
    return Problem{ErrorKind::kConflict, "scope_too_large",
                   "Agent " + std::to_string(agent_id) + ": " + expanded.error};
  }
  AgentSweepPlan plan;
  for (const auto& range : scope::mergeIpv4Ranges(rules)) {
    plan.ranges.push_back(scope::formatIpv4Range(range));
  }
  plan.addresses = std::move(expanded.addresses);
  plan.host_names = settings->host_names;
  return plan;
}

}  // namespace pw::manager
