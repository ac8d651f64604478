// The discover command's refusals: a bad payload never reaches the network.
#include "agent/discovery/discover_command.hpp"

#include <gtest/gtest.h>

namespace pw::agent::discovery {
namespace {

proto::Command discover(nlohmann::json payload) {
  return {7, "discover", 0, std::move(payload)};
}

TEST(DiscoverCommand, RefusesMalformedPayloads) {
  FakeClock clock;
  snmp::SnmpEngine engine;
  for (const auto& payload :
       {nlohmann::json::object(),
        nlohmann::json{{"addresses", {"10.0.0.1"}}, {"communities", "public"}},
        nlohmann::json{{"addresses", {"10.0.0.300"}},
                       {"communities", {"public"}},
                       {"port", 161},
                       {"timeoutMs", 500},
                       {"retries", 0}}}) {
    const auto result = runDiscoverCommand(discover(payload), engine, clock);
    EXPECT_FALSE(result.succeeded) << payload;
    EXPECT_EQ(result.id, 7);
    ASSERT_TRUE(result.error) << payload;
    EXPECT_EQ(result.error->code, "invalid_payload") << payload;
  }
  EXPECT_EQ(engine.stats().sent, 0U);
}

}  // namespace
}  // namespace pw::agent::discovery
