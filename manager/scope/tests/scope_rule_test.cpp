#include "manager/scope/scope_rule.hpp"

#include <gtest/gtest.h>

namespace pw::manager::scope {
namespace {

ScopeRule ok(RuleList list, std::string_view entry) {
  auto parsed = parseRule(list, entry);
  if (auto* error = std::get_if<ScopeError>(&parsed)) {
    ADD_FAILURE() << error->message();
    return {};
  }
  return std::get<ScopeRule>(parsed);
}

std::string error(RuleList list, std::string_view entry) {
  auto parsed = parseRule(list, entry);
  if (auto* failure = std::get_if<ScopeError>(&parsed)) return failure->message();
  ADD_FAILURE() << "\"" << entry << "\" was accepted";
  return {};
}

constexpr std::uint32_t ip(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

TEST(ParseIpv4, AcceptsStrictDottedQuads) {
  EXPECT_EQ(parseIpv4("10.0.0.1"), ip(10, 0, 0, 1));
  EXPECT_EQ(parseIpv4("0.0.0.0"), 0u);
  EXPECT_EQ(parseIpv4("255.255.255.255"), 0xFFFFFFFFu);
  EXPECT_EQ(parseIpv4("192.168.100.0"), ip(192, 168, 100, 0));
}

TEST(ParseIpv4, RefusesWhatInetPtonRefuses) {
  for (const char* text :
       {"",           "10.0.0",     "10.0.0.1.",  ".10.0.0.1", "10.0.0.1.5", "10..0.1",
        "10.0.0.256", "10.0.0.300", "1000.0.0.1", "+10.0.0.1", "10.0.0.-1",  "10.0.0.1 ",
        " 10.0.0.1",  "10.0.0.0x1", "0x0A.0.0.1", "167772161", "10.0.1",     "010.0.0.1",
        "10.00.0.1",  "10.0.0.01",  "a.b.c.d"}) {
    EXPECT_FALSE(parseIpv4(text).has_value()) << text;
  }
}

TEST(FormatIpv4, PrintsAddressesAndShortestRangeForm) {
  EXPECT_EQ(formatIpv4(ip(10, 1, 2, 3)), "10.1.2.3");
  EXPECT_EQ(formatIpv4Range({ip(10, 0, 0, 5), ip(10, 0, 0, 5)}), "10.0.0.5");
  EXPECT_EQ(formatIpv4Range({ip(10, 1, 0, 0), ip(10, 1, 255, 255)}), "10.1.0.0/16");
  EXPECT_EQ(formatIpv4Range({0, 0xFFFFFFFFu}), "0.0.0.0/0");
  EXPECT_EQ(formatIpv4Range({ip(10, 0, 0, 1), ip(10, 0, 0, 200)}), "10.0.0.1-10.0.0.200");
}

TEST(ParseRule, Ipv4SingleRangeAndCidr) {
  auto single = ok(RuleList::kIpv4, " 10.0.0.7 ");
  EXPECT_EQ(single.kind, RuleKind::kIpv4Range);
  EXPECT_EQ(single.range, (Ipv4Range{ip(10, 0, 0, 7), ip(10, 0, 0, 7)}));
  EXPECT_EQ(single.text, "10.0.0.7");

  EXPECT_EQ(ok(RuleList::kIpv4, "10.0.0.1-10.0.0.200").range,
            (Ipv4Range{ip(10, 0, 0, 1), ip(10, 0, 0, 200)}));
  EXPECT_EQ(ok(RuleList::kIpv4, "10.0.0.1 - 10.0.0.200").range,
            (Ipv4Range{ip(10, 0, 0, 1), ip(10, 0, 0, 200)}));
  EXPECT_EQ(ok(RuleList::kIpv4, "10.0.0.9-10.0.0.9").range.size(), 1u);
  EXPECT_EQ(ok(RuleList::kIpv4, "10.1.0.0/16").range,
            (Ipv4Range{ip(10, 1, 0, 0), ip(10, 1, 255, 255)}));
}

TEST(ParseRule, CidrEdgesSlash0AndSlash32) {
  const auto all = ok(RuleList::kIpv4, "0.0.0.0/0").range;
  EXPECT_EQ(all, (Ipv4Range{0, 0xFFFFFFFFu}));
  EXPECT_EQ(all.size(), std::uint64_t{1} << 32);
  EXPECT_EQ(ok(RuleList::kIpv4, "10.0.0.5/32").range,
            (Ipv4Range{ip(10, 0, 0, 5), ip(10, 0, 0, 5)}));
  EXPECT_EQ(ok(RuleList::kIpv4, "255.255.255.255/32").range, (Ipv4Range{0xFFFFFFFFu, 0xFFFFFFFFu}));
  EXPECT_EQ(ok(RuleList::kIpv4, "255.255.255.254/31").range, (Ipv4Range{0xFFFFFFFEu, 0xFFFFFFFFu}));
  EXPECT_EQ(ok(RuleList::kIpv4, "0.0.0.0-255.255.255.255").range, (Ipv4Range{0, 0xFFFFFFFFu}));
}

TEST(ParseRule, ErrorsNameTheEntryAndTheReason) {
  EXPECT_EQ(error(RuleList::kIpv4, "10.0.0.300"), "\"10.0.0.300\": not an IPv4 address");
  EXPECT_EQ(error(RuleList::kIpv4, "10.0.0.9-10.0.0.1"),
            "\"10.0.0.9-10.0.0.1\": range end before start");
  EXPECT_EQ(error(RuleList::kIpv4, "10.0.0.0/33"), "\"10.0.0.0/33\": prefix length must be 0-32");
  EXPECT_EQ(error(RuleList::kIpv4, "10.0.0.0/"), "\"10.0.0.0/\": prefix length must be 0-32");
  EXPECT_EQ(error(RuleList::kIpv4, "10.0.0.0/-1"), "\"10.0.0.0/-1\": prefix length must be 0-32");
  EXPECT_EQ(error(RuleList::kIpv4, "10.0.0.0/024"), "\"10.0.0.0/024\": prefix length must be 0-32");
  EXPECT_EQ(error(RuleList::kIpv4, ""), "\"\": empty entry");
  EXPECT_EQ(error(RuleList::kIpv4, "   "), "\"   \": empty entry");
  EXPECT_EQ(error(RuleList::kFqdn, ""), "\"\": empty entry");
  EXPECT_EQ(error(RuleList::kSpecified, "\t"), "\"\t\": empty entry");
  EXPECT_EQ(error(RuleList::kIpv4, "10.0.0.1-10.0.0.999"),
            "\"10.0.0.1-10.0.0.999\": \"10.0.0.999\" is not an IPv4 address");
  EXPECT_EQ(error(RuleList::kIpv4, "10.0.0.300/24"),
            "\"10.0.0.300/24\": \"10.0.0.300\" is not an IPv4 address");
}

TEST(ParseRule, LeadingZerosAreRefusedWithTheReason) {
  const auto message = error(RuleList::kIpv4, "010.0.0.1");
  EXPECT_NE(message.find("not an IPv4 address"), std::string::npos) << message;
  EXPECT_NE(message.find("leading zeros"), std::string::npos) << message;
}

TEST(ParseRule, CidrWithHostBitsIsRefusedWithTheNetwork) {
  EXPECT_EQ(error(RuleList::kIpv4, "10.1.2.3/16"),
            "\"10.1.2.3/16\": host bits set: the network of this block is 10.1.0.0/16");
}

TEST(ParseRule, Ipv6IsRefusedWithAPointerToFqdnRules) {
  for (auto list : {RuleList::kIpv4, RuleList::kSpecified}) {
    const auto message = error(list, "2001:db8::1");
    EXPECT_NE(message.find("IPv6"), std::string::npos) << message;
    EXPECT_NE(message.find("FQDN suffix"), std::string::npos) << message;
  }
  EXPECT_NE(error(RuleList::kIpv4, "2001:db8::/32").find("IPv6"), std::string::npos);
  EXPECT_NE(error(RuleList::kFqdn, "fe80::1").find("IPv6"), std::string::npos);
}

TEST(ParseRule, HostNameInIpv4ListGetsAHint) {
  const auto message = error(RuleList::kIpv4, "printer.example.com");
  EXPECT_NE(message.find("FQDN rules"), std::string::npos) << message;
}

TEST(ParseRule, FqdnSuffixIsNormalised) {
  for (const char* entry : {".branch.example.com", "branch.example.com", "Branch.Example.COM.",
                            " .BRANCH.example.com. "}) {
    const auto rule = ok(RuleList::kFqdn, entry);
    EXPECT_EQ(rule.kind, RuleKind::kFqdnSuffix);
    EXPECT_EQ(rule.name, "branch.example.com") << entry;
  }
  EXPECT_EQ(ok(RuleList::kFqdn, "corp").name, "corp");
  EXPECT_EQ(ok(RuleList::kFqdn, "_printers.example.com").name, "_printers.example.com");
}

TEST(ParseRule, BadDomainNamesAreRefused) {
  EXPECT_NE(error(RuleList::kFqdn, ".").find("root"), std::string::npos);
  EXPECT_NE(error(RuleList::kFqdn, "a..example.com").find("empty label"), std::string::npos);
  EXPECT_NE(error(RuleList::kFqdn, "-a.example.com").find("'-'"), std::string::npos);
  EXPECT_NE(error(RuleList::kFqdn, "a b.example.com").find("' '"), std::string::npos);
  EXPECT_NE(error(RuleList::kFqdn, "*.example.com").find(".example.com"), std::string::npos);
  EXPECT_NE(error(RuleList::kFqdn, std::string(64, 'a') + ".com").find("63"), std::string::npos);
  EXPECT_NE(error(RuleList::kFqdn, "10.0.0.1").find("IPv4 rules"), std::string::npos);
  EXPECT_NE(error(RuleList::kFqdn, "..example.com").find("empty label"), std::string::npos);
}

TEST(ParseRule, SpecifiedListTakesAddressesAndHostNames) {
  const auto address = ok(RuleList::kSpecified, "10.0.0.5");
  EXPECT_EQ(address.kind, RuleKind::kIpv4Range);
  EXPECT_EQ(address.list, RuleList::kSpecified);
  EXPECT_EQ(ok(RuleList::kSpecified, "10.0.0.0/30").range.size(), 4u);
  EXPECT_EQ(ok(RuleList::kSpecified, "10.0.0.1-10.0.0.3").range.size(), 3u);

  const auto host = ok(RuleList::kSpecified, "Printer-7.Branch.Example.com.");
  EXPECT_EQ(host.kind, RuleKind::kHostName);
  EXPECT_EQ(host.name, "printer-7.branch.example.com");
  EXPECT_EQ(ok(RuleList::kSpecified, "printer7").name, "printer7");

  // Digits and dots only: an address attempt, so the address error is the helpful one.
  EXPECT_EQ(error(RuleList::kSpecified, "10.0.0.300"), "\"10.0.0.300\": not an IPv4 address");
  EXPECT_NE(error(RuleList::kSpecified, ".example.com").find("FQDN rules"), std::string::npos);
}

TEST(ParseAgentScope, CollectsEveryErrorAndKeepsTheGoodEntries) {
  const std::vector<std::string> ipv4 = {"10.0.0.0/24", "10.0.0.300", "10.0.1.9-10.0.1.1"};
  const std::vector<std::string> fqdn = {".branch.example.com", ""};
  const std::vector<std::string> specified = {"printer.example.com", "2001:db8::1"};
  const auto result = parseAgentScope(7, ipv4, fqdn, specified);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.scope.agent_id, 7);
  ASSERT_EQ(result.scope.rules.size(), 3u);
  EXPECT_EQ(result.scope.rules[1].list, RuleList::kFqdn);
  EXPECT_EQ(result.scope.rules[2].index, 0u);
  ASSERT_EQ(result.errors.size(), 4u);
  EXPECT_EQ(result.errors[0].list, RuleList::kIpv4);
  EXPECT_EQ(result.errors[0].index, 1u);
  EXPECT_EQ(result.errors[1].message(), "\"10.0.1.9-10.0.1.1\": range end before start");
  EXPECT_EQ(result.errors[2].list, RuleList::kFqdn);
  EXPECT_EQ(result.errors[2].index, 1u);
  EXPECT_EQ(result.errors[3].list, RuleList::kSpecified);
  EXPECT_EQ(result.errors[3].index, 1u);
}

}  // namespace
}  // namespace pw::manager::scope
