#include "manager/scope/scope_rule.hpp"

#include <bit>

namespace pw::manager::scope {
namespace {

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
std::string_view trim(std::string_view text) {
  while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  return text;
}

// Built with append, not operator+: GCC 12 at -O3 reports a false -Wrestrict on
// `"\"" + std::string(text) + "\""`.
std::string quoted(std::string_view text) {
  std::string result;
  result.reserve(text.size() + 2);
  result.append(1, '"').append(text).append(1, '"');
  return result;
}

bool hasLetter(std::string_view text) {
  for (char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

// One end of a range or the address of a CIDR block; the reason names the part, because the
// entry as a whole is already named by the message.
std::variant<std::uint32_t, std::string> parseIpv4Part(std::string_view part) {
  auto parsed = parseIpv4Detailed(part);
  if (std::holds_alternative<std::string>(parsed)) {
    return quoted(part) + " is " + std::get<std::string>(parsed);
  }
  return parsed;
}

std::variant<Ipv4Range, std::string> parseIpv4Rule(std::string_view entry) {
  if (entry.find(':') != std::string_view::npos) {
    return std::string(
        "IPv6 addresses cannot be used in IPv4 rules (there are no IPv6 ranges); reach IPv6-only "
        "devices with an FQDN suffix rule or by host name");
  }
  if (const auto slash = entry.find('/'); slash != std::string_view::npos) {
    const auto address_text = trim(entry.substr(0, slash));
    const auto prefix_text = trim(entry.substr(slash + 1));
    auto address = parseIpv4Part(address_text);
    if (auto* reason = std::get_if<std::string>(&address)) return std::move(*reason);
    int prefix = 0;
    if (prefix_text.empty() || prefix_text.size() > 2)
      return std::string("prefix length must be 0-32");
    for (char c : prefix_text) {
      if (!isDigit(c)) return std::string("prefix length must be 0-32");
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > 32) return std::string("prefix length must be 0-32");
    // Shifting a 32-bit value by 32 is undefined, hence the 64-bit mask.
    const auto mask = static_cast<std::uint32_t>(~std::uint64_t{0} << (32 - prefix));
    const auto network = std::get<std::uint32_t>(address);
    if ((network & ~mask) != 0) {
      // Refused rather than silently masked: "10.1.2.3/16" is usually a typo for /24 or /32,
      // and masking it would widen the scope far beyond what was meant.
      return "host bits set: the network of this block is " + formatIpv4(network & mask) + "/" +
             std::to_string(prefix);
    }
    return Ipv4Range{network, network | ~mask};
  }
  if (const auto dash = entry.find('-'); dash != std::string_view::npos) {
    auto first = parseIpv4Part(trim(entry.substr(0, dash)));
    if (auto* reason = std::get_if<std::string>(&first)) return std::move(*reason);
    auto last = parseIpv4Part(trim(entry.substr(dash + 1)));
    if (auto* reason = std::get_if<std::string>(&last)) return std::move(*reason);
    if (std::get<std::uint32_t>(last) < std::get<std::uint32_t>(first)) {
      return std::string("range end before start");
    }
    return Ipv4Range{std::get<std::uint32_t>(first), std::get<std::uint32_t>(last)};
  }
  auto address = parseIpv4Detailed(entry);
  if (auto* reason = std::get_if<std::string>(&address)) {
    if (hasLetter(entry)) {
      return *reason + " (domain names belong in the FQDN rules or the specified host names)";
    }
    return std::move(*reason);
  }
  return Ipv4Range{std::get<std::uint32_t>(address), std::get<std::uint32_t>(address)};
}

// Validates a normalised DNS name (lower case, no leading or trailing dot). Underscores are
// accepted because Windows DHCP-registered printer names carry them in practice.
std::string dnsNameProblem(std::string_view name) {
  if (name.empty()) return "not a domain name (empty)";
  if (name.size() > 253) return "not a domain name (longer than 253 characters)";
  std::size_t label_start = 0;
  bool last_label_numeric = true;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.') {
      const auto label = name.substr(label_start, i - label_start);
      if (label.empty()) return "not a domain name (empty label)";
      if (label.size() > 63) return "not a domain name (a label is longer than 63 characters)";
      if (label.front() == '-' || label.back() == '-') {
        return "not a domain name (a label starts or ends with '-')";
      }
      last_label_numeric = true;
      for (char c : label) last_label_numeric = last_label_numeric && isDigit(c);
      label_start = i + 1;
      continue;
    }
    const char c = name[i];
    const bool allowed = (c >= 'a' && c <= 'z') || isDigit(c) || c == '-' || c == '_';
    if (!allowed) {
      if (c == '*') {
        return "not a domain name ('*' is not allowed: \".example.com\" already matches every "
               "name below example.com)";
      }
      return std::string("not a domain name (character '") + c + "' is not allowed)";
    }
  }
  // No top-level domain is numeric; such a name is an address typed into the wrong list.
  if (last_label_numeric)
    return "looks like an IPv4 address, not a domain name: use the IPv4 rules";
  return {};
}

bool looksLikeIpv4Text(std::string_view entry) {
  for (char c : entry) {
    if (!isDigit(c) && c != '.' && c != '-' && c != '/' && !isSpace(c)) return false;
  }
  return true;
}

}  // namespace

std::string ScopeError::message() const {
  return quoted(entry) + ": " + reason;
}

std::string formatIpv4Range(const Ipv4Range& range) {
  if (range.first == range.last) return formatIpv4(range.first);
  const std::uint64_t size = range.size();
  if (std::has_single_bit(size) && (range.first & (size - 1)) == 0) {
    const int prefix = 32 - std::countr_zero(size);
    return formatIpv4(range.first) + "/" + std::to_string(prefix);
  }
  return formatIpv4(range.first) + "-" + formatIpv4(range.last);
}

std::variant<ScopeRule, ScopeError> parseRule(RuleList list, std::string_view entry,
                                              std::size_t index) {
  const auto fail = [&](std::string reason) -> std::variant<ScopeRule, ScopeError> {
    return ScopeError{list, index, std::string(entry), std::move(reason)};
  };
  const auto text = trim(entry);
  if (text.empty()) return fail("empty entry");

  ScopeRule rule;
  rule.list = list;
  rule.index = index;
  rule.text = std::string(text);

  const bool ipv4_text =
      list == RuleList::kIpv4 || (list == RuleList::kSpecified && looksLikeIpv4Text(text));
  if (list == RuleList::kSpecified && text.find(':') != std::string_view::npos) {
    return fail(
        "IPv6 addresses cannot be specified (there are no IPv6 ranges); give the device's host "
        "name or add an FQDN suffix rule");
  }
  if (ipv4_text) {
    auto range = parseIpv4Rule(text);
    if (auto* reason = std::get_if<std::string>(&range)) return fail(std::move(*reason));
    rule.kind = RuleKind::kIpv4Range;
    rule.range = std::get<Ipv4Range>(range);
    return rule;
  }

  if (list == RuleList::kFqdn && text.find(':') != std::string_view::npos) {
    return fail("not a domain name (an IPv6 address cannot be a suffix rule)");
  }
  std::string name = normalizeHostName(text);
  if (list == RuleList::kFqdn) {
    // ".example.com" and "example.com" mean the same suffix; the dot is how many consoles write it.
    if (!name.empty() && name.front() == '.') name.erase(0, 1);
    if (name.empty()) return fail("not a domain name (the root would match every device)");
    rule.kind = RuleKind::kFqdnSuffix;
  } else {
    if (!name.empty() && name.front() == '.') {
      return fail("a host name cannot start with '.': domain suffixes belong in the FQDN rules");
    }
    rule.kind = RuleKind::kHostName;
  }
  if (auto problem = dnsNameProblem(name); !problem.empty()) return fail(std::move(problem));
  rule.name = std::move(name);
  return rule;
}

ScopeParseResult parseAgentScope(AgentId agent_id, std::span<const std::string> ipv4_entries,
                                 std::span<const std::string> fqdn_entries,
                                 std::span<const std::string> specified_entries) {
  ScopeParseResult result;
  result.scope.agent_id = agent_id;
  const auto parseList = [&](RuleList list, std::span<const std::string> entries) {
    for (std::size_t i = 0; i < entries.size(); ++i) {
      auto parsed = parseRule(list, entries[i], i);
      if (auto* rule = std::get_if<ScopeRule>(&parsed)) {
        result.scope.rules.push_back(std::move(*rule));
      } else {
        result.errors.push_back(std::get<ScopeError>(std::move(parsed)));
      }
    }
  };
  parseList(RuleList::kIpv4, ipv4_entries);
  parseList(RuleList::kFqdn, fqdn_entries);
  parseList(RuleList::kSpecified, specified_entries);
  return result;
}

const char* toString(RuleList list) {
  switch (list) {
    case RuleList::kIpv4: return "IPv4 rules";
    case RuleList::kFqdn: return "FQDN rules";
    case RuleList::kSpecified: return "specified addresses";
  }
  return "unknown";
}

}  // namespace pw::manager::scope
