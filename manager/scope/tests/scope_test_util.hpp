#pragma once
// Builds scopes from entry text in tests; a refused entry fails the test that used it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "manager/scope/scope_rule.hpp"

namespace pw::manager::scope::testing {

inline AgentScope scopeOf(AgentId agent_id, std::vector<std::string> ipv4,
                          std::vector<std::string> fqdn = {},
                          std::vector<std::string> specified = {}) {
  auto result = parseAgentScope(agent_id, ipv4, fqdn, specified);
  for (const auto& error : result.errors) ADD_FAILURE() << error.message();
  return std::move(result.scope);
}

constexpr std::uint32_t ip(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

}  // namespace pw::manager::scope::testing
