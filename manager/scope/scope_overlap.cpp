#include "manager/scope/scope_overlap.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

namespace pw::manager::scope {
namespace {

struct Entry {
  AgentId agent_id = 0;
  const ScopeRule* rule = nullptr;
};

class Collector {
 public:
  Collector(bool across, std::size_t limit) : across_(across), limit_(limit) {}

  bool counts(const Entry& a, const Entry& b) const { return !across_ || a.agent_id != b.agent_id; }

  // Returns false once the limit is reached, so that callers stop scanning.
  bool add(OverlapKind kind, const Entry& a, const Entry& b,
           std::optional<Ipv4Range> common = std::nullopt) {
    if (report_.overlaps.size() >= limit_) {
      report_.truncated = true;
      return false;
    }
    report_.overlaps.push_back(
        Overlap{kind, RuleRef::of(a.agent_id, *a.rule), RuleRef::of(b.agent_id, *b.rule), common});
    return true;
  }

  OverlapReport take() { return std::move(report_); }

 private:
  bool across_;
  std::size_t limit_;
  OverlapReport report_;
};

// Calls visit(suffix) for name and each parent name at a label boundary, longest first.
// Returns false as soon as visit does.
template <typename Visit>
bool forEachSuffix(std::string_view name, bool include_self, Visit visit) {
  if (include_self && !visit(name)) return false;
  for (auto dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.')) {
    name.remove_prefix(dot + 1);
    if (!visit(name)) return false;
  }
  return true;
}

bool scanIpv4(const std::vector<Entry>& entries, Collector& out) {
  std::vector<Entry> ranges;
  for (const auto& entry : entries) {
    if (entry.rule->kind == RuleKind::kIpv4Range) ranges.push_back(entry);
  }
  std::stable_sort(ranges.begin(), ranges.end(), [](const Entry& a, const Entry& b) {
    return a.rule->range.first < b.rule->range.first;
  });
  // Sweep by start address; `active` holds the entries not yet ended, keyed by their end, and
  // every one of them overlaps the entry being added.
  std::multimap<std::uint32_t, std::size_t> active;
  std::vector<std::size_t> overlapping;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const auto& current = ranges[i].rule->range;
    while (!active.empty() && active.begin()->first < current.first) active.erase(active.begin());
    // Reported in start order of the earlier entry, which is how the console lists them.
    overlapping.clear();
    for (const auto& [last, j] : active) {
      if (out.counts(ranges[j], ranges[i])) overlapping.push_back(j);
    }
    std::ranges::sort(overlapping);
    for (std::size_t j : overlapping) {
      const Ipv4Range common{current.first, std::min(ranges[j].rule->range.last, current.last)};
      if (!out.add(OverlapKind::kIpv4, ranges[j], ranges[i], common)) return false;
    }
    active.emplace(current.last, i);
  }
  return true;
}

bool scanNames(const std::vector<Entry>& entries, Collector& out) {
  std::unordered_map<std::string_view, std::vector<std::size_t>> suffixes;
  std::unordered_map<std::string_view, std::vector<std::size_t>> hosts;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& rule = *entries[i].rule;
    if (rule.kind == RuleKind::kFqdnSuffix) suffixes[rule.name].push_back(i);
    if (rule.kind == RuleKind::kHostName) hosts[rule.name].push_back(i);
  }
  // Pairs of equal names are reported once, from the earlier entry; groups are in input order.
  const auto laterInGroup = [&](OverlapKind kind, std::size_t i,
                                const std::vector<std::size_t>& group) {
    for (std::size_t j : group) {
      if (j <= i || !out.counts(entries[i], entries[j])) continue;
      if (!out.add(kind, entries[i], entries[j])) return false;
    }
    return true;
  };
  const auto allInGroup =
      [&](OverlapKind kind, std::size_t i, std::string_view name,
          const std::unordered_map<std::string_view, std::vector<std::size_t>>& groups) {
        const auto found = groups.find(name);
        if (found == groups.end()) return true;
        for (std::size_t j : found->second) {
          if (!out.counts(entries[i], entries[j])) continue;
          if (!out.add(kind, entries[i], entries[j])) return false;
        }
        return true;
      };

  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& rule = *entries[i].rule;
    if (rule.kind == RuleKind::kFqdnSuffix) {
      if (!laterInGroup(OverlapKind::kFqdnSuffix, i, suffixes[rule.name])) return false;
      const bool complete = forEachSuffix(rule.name, false, [&](std::string_view parent) {
        return allInGroup(OverlapKind::kFqdnSuffix, i, parent, suffixes);
      });
      if (!complete) return false;
    } else if (rule.kind == RuleKind::kHostName) {
      if (!laterInGroup(OverlapKind::kHostName, i, hosts[rule.name])) return false;
      const bool complete = forEachSuffix(rule.name, true, [&](std::string_view parent) {
        return allInGroup(OverlapKind::kHostNameUnderSuffix, i, parent, suffixes);
      });
      if (!complete) return false;
    }
  }
  return true;
}

OverlapReport findOverlaps(const std::vector<Entry>& entries, bool across, std::size_t limit) {
  Collector out(across, limit);
  if (scanIpv4(entries, out)) scanNames(entries, out);
  return out.take();
}

std::string describe(const RuleRef& ref) {
  return "\"" + ref.text + "\" (Agent " + std::to_string(ref.agent_id) + ", " + toString(ref.list) +
         " #" + std::to_string(ref.index + 1) + ")";
}

}  // namespace

std::string Overlap::description() const {
  switch (kind) {
    case OverlapKind::kIpv4: {
      std::string text = describe(first) + " overlaps " + describe(second);
      if (common) text += " at " + formatIpv4Range(*common);
      return text;
    }
    case OverlapKind::kFqdnSuffix: return describe(first) + " overlaps " + describe(second);
    case OverlapKind::kHostName:
      return describe(first) + " names the same host as " + describe(second);
    case OverlapKind::kHostNameUnderSuffix:
      return describe(first) + " is also covered by " + describe(second) + "; the host name wins";
  }
  return {};
}

OverlapReport findOverlapsWithin(const AgentScope& scope, std::size_t limit) {
  std::vector<Entry> entries;
  for (const auto& rule : scope.rules) entries.push_back(Entry{scope.agent_id, &rule});
  return findOverlaps(entries, false, limit);
}

OverlapReport findOverlapsAcross(std::span<const AgentScope> scopes, std::size_t limit) {
  std::vector<Entry> entries;
  for (const auto& scope : scopes) {
    for (const auto& rule : scope.rules) entries.push_back(Entry{scope.agent_id, &rule});
  }
  return findOverlaps(entries, true, limit);
}

const char* toString(OverlapKind kind) {
  switch (kind) {
    case OverlapKind::kIpv4: return "ipv4";
    case OverlapKind::kFqdnSuffix: return "fqdn-suffix";
    case OverlapKind::kHostName: return "host-name";
    case OverlapKind::kHostNameUnderSuffix: return "host-name-under-suffix";
  }
  return "unknown";
}

}  // namespace pw::manager::scope
