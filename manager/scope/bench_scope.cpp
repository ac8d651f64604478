// Resolves 100,000 addresses against 10 Agents with 1,000 entries each and prints the time.
// A plain program rather than a test: timings depend on the machine and belong in no assertion.
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "manager/scope/agent_scope_resolver.hpp"

namespace {

using pw::manager::scope::AgentScope;
using pw::manager::scope::AgentScopeResolver;
using pw::manager::scope::DeviceAddress;
using pw::manager::scope::Ipv4Range;
using pw::manager::scope::RuleKind;
using pw::manager::scope::RuleList;
using pw::manager::scope::ScopeRule;

constexpr int kAgents = 10;
constexpr int kRulesPerAgent = 1000;
constexpr int kDevices = 100'000;

std::vector<AgentScope> makeScopes(std::mt19937& random) {
  std::vector<AgentScope> scopes;
  std::uniform_int_distribution<std::uint32_t> base(0x0A000000, 0x0AFFFFFF);  // 10.0.0.0/8
  std::uniform_int_distribution<std::uint32_t> length(1, 512);
  for (int agent = 1; agent <= kAgents; ++agent) {
    AgentScope scope{agent, {}};
    for (int i = 0; i < kRulesPerAgent; ++i) {
      ScopeRule rule;
      rule.index = static_cast<std::size_t>(i);
      if (i % 4 == 3) {
        rule.kind = RuleKind::kFqdnSuffix;
        rule.list = RuleList::kFqdn;
        rule.name = "site" + std::to_string(agent * kRulesPerAgent + i) + ".example.com";
      } else {
        const std::uint32_t first = base(random);
        rule.range = Ipv4Range{first, first + length(random)};
      }
      rule.text = rule.name;
      scope.rules.push_back(std::move(rule));
    }
    scopes.push_back(std::move(scope));
  }
  return scopes;
}

}  // namespace

int main() {
  std::mt19937 random(42);
  const auto scopes = makeScopes(random);
  const auto built_at = std::chrono::steady_clock::now();
  const AgentScopeResolver resolver(scopes);
  const auto build_time = std::chrono::steady_clock::now() - built_at;

  std::vector<DeviceAddress> devices;
  std::uniform_int_distribution<std::uint32_t> address(0x0A000000, 0x0AFFFFFF);
  std::uniform_int_distribution<int> site(kRulesPerAgent, (kAgents + 1) * kRulesPerAgent);
  for (int i = 0; i < kDevices; ++i) {
    devices.push_back(DeviceAddress{
        address(random), std::nullopt,
        "printer" + std::to_string(i) + ".site" + std::to_string(site(random)) + ".Example.COM."});
  }
  const auto started = std::chrono::steady_clock::now();
  std::size_t matched = 0;
  for (const auto& device : devices) matched += resolver.resolve(device).has_value() ? 1 : 0;
  const auto elapsed = std::chrono::steady_clock::now() - started;

  using std::chrono::duration_cast;
  using std::chrono::microseconds;
  std::printf("build: %lld us for %d entries\n",
              static_cast<long long>(duration_cast<microseconds>(build_time).count()),
              kAgents * kRulesPerAgent);
  std::printf("resolve: %lld us for %d devices (%zu matched)\n",
              static_cast<long long>(duration_cast<microseconds>(elapsed).count()), kDevices,
              matched);
  return 0;
}
