// The discover command: refusals of bad payloads (they never reach a driver), host-name
// resolution, and how results of several drivers combine — with drivers that are our own
// test doubles of the DeviceDriver interface.
#include "agent/discovery/discover_command.hpp"

#include "agent/discovery/snmp_driver.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>

namespace pw::agent::discovery {
namespace {

proto::Command discover(nlohmann::json payload) {
  return {7, "discover", 0, std::move(payload)};
}

nlohmann::json payload(nlohmann::json addresses,
                       nlohmann::json hostnames = nlohmann::json::array()) {
  return {{"addresses", std::move(addresses)},
          {"hostnames", std::move(hostnames)},
          {"credentials", {{{"id", 4}, {"version", "v2c"}, {"community", "public"}}}},
          {"port", 161},
          {"timeoutMs", 500},
          {"retries", 0}};
}

// Answers as "found" for the addresses it is told, fails the ones in `fail`, counts calls.
class ScriptedDriver final : public driver::DeviceDriver {
 public:
  ScriptedDriver(std::set<std::uint32_t> answer, std::set<std::uint32_t> fail)
      : answer_(std::move(answer)), fail_(std::move(fail)) {}
  [[nodiscard]] std::string_view protocol() const override { return "scripted"; }
  void discover(driver::DiscoverRequest request,
                std::function<void(const driver::DiscoverProgress&)> progress,
                std::function<void(driver::DiscoverResult)> done) override {
    ++calls;
    offered = request.endpoints;
    credentials = request.snmp_credentials;
    driver::DiscoverResult result;
    for (const auto& endpoint : request.endpoints) {
      if (answer_.contains(endpoint.ipv4)) {
        driver::FoundDevice device;
        device.endpoint = endpoint;
        device.identity.vendor = "Acme";
        device.identity.is_printer = true;
        device.credential_id = 4;
        device.access = "v2c";
        result.devices.push_back(device);
      } else if (fail_.contains(endpoint.ipv4)) {
        result.failures.push_back({endpoint, "authentication", "wrong digest"});
      } else {
        ++result.silent;
      }
    }
    if (progress) progress({request.endpoints.size(), request.endpoints.size(), 0});
    done(std::move(result));
  }
  int calls = 0;
  std::vector<driver::Endpoint> offered;
  std::vector<proto::SnmpCredentialData> credentials;

 private:
  std::set<std::uint32_t> answer_;
  std::set<std::uint32_t> fail_;
};

constexpr std::uint32_t kTen1 = 0x0a000001;  // 10.0.0.1
constexpr std::uint32_t kTen2 = 0x0a000002;
constexpr std::uint32_t kTen3 = 0x0a000003;

TEST(DiscoverCommand, RefusesMalformedPayloads) {
  FakeClock clock;
  ScriptedDriver driver({}, {});
  const std::array<driver::DeviceDriver*, 1> drivers = {&driver};
  auto bad_address = payload({"10.0.0.300"});
  auto no_credentials = payload({"10.0.0.1"});
  no_credentials["credentials"] = nlohmann::json::array();
  for (const auto& body : {nlohmann::json::object(), bad_address, no_credentials}) {
    const auto result = runDiscoverCommand(discover(body), drivers, clock, {});
    EXPECT_FALSE(result.succeeded) << body;
    EXPECT_EQ(result.id, 7);
    ASSERT_TRUE(result.error) << body;
    EXPECT_EQ(result.error->code, "invalid_payload") << body;
  }
  EXPECT_EQ(driver.calls, 0);
}

TEST(DiscoverCommand, LaterDriversSeeOnlyWhatEarlierOnesDidNotFind) {
  FakeClock clock;
  ScriptedDriver first({kTen1}, {kTen2});
  ScriptedDriver second({kTen2}, {});
  const std::array<driver::DeviceDriver*, 2> drivers = {&first, &second};
  const auto result = runDiscoverCommand(discover(payload({"10.0.0.1", "10.0.0.2", "10.0.0.3"})),
                                         drivers, clock, {});
  ASSERT_TRUE(result.succeeded) << result.error->message;
  ASSERT_EQ(second.offered.size(), 2u);
  EXPECT_EQ(second.offered[0].ipv4, kTen2);
  EXPECT_EQ(second.offered[1].ipv4, kTen3);
  EXPECT_EQ(first.credentials.at(0).community, "public");
  const auto data = proto::parseDiscoverData(result.data);
  ASSERT_TRUE(data) << data.error.message;
  ASSERT_EQ(data.value->devices.size(), 2u);
  EXPECT_EQ(data.value->devices[0].address, "10.0.0.1");
  EXPECT_EQ(data.value->devices[1].address, "10.0.0.2");  // found by the second driver...
  EXPECT_TRUE(data.value->failures.empty());              // ...so the first one's failure goes
  EXPECT_EQ(data.value->devices[1].credential_id, 4);
  EXPECT_EQ(data.value->devices[1].snmp_version, "v2c");
  EXPECT_EQ(data.value->silent, 1);
}

TEST(DiscoverCommand, HostNamesAreResolvedAndUnknownOnesReported) {
  FakeClock clock;
  ScriptedDriver driver({0x7f000001}, {kTen2});
  const std::array<driver::DeviceDriver*, 1> drivers = {&driver};
  const auto result = runDiscoverCommand(
      discover(payload({"10.0.0.2"}, {"localhost", "no-such-host.invalid"})), drivers, clock, {});
  ASSERT_TRUE(result.succeeded);
  const auto data = proto::parseDiscoverData(result.data);
  ASSERT_TRUE(data) << data.error.message;
  ASSERT_EQ(data.value->devices.size(), 1u);
  EXPECT_EQ(data.value->devices[0].address, "127.0.0.1");
  EXPECT_EQ(data.value->devices[0].hostname, "localhost");
  ASSERT_EQ(data.value->failures.size(), 2u);
  EXPECT_EQ(data.value->failures[0].address, "no-such-host.invalid");
  EXPECT_EQ(data.value->failures[0].kind, "unresolved");
  EXPECT_EQ(data.value->failures[1].address, "10.0.0.2");
  EXPECT_EQ(data.value->failures[1].kind, "authentication");
  EXPECT_EQ(data.value->silent, 0);
}

TEST(SnmpDriver, CredentialsBecomeAccessProfilesInOrderUnknownOnesAreSkippedByName) {
  proto::SnmpV3SecurityData v3{"monitor", "authPriv",  "SHA-256", "auth-pass",
                               "AES-256", "priv-pass", "ctx"};
  auto unknown = v3;
  unknown.auth_protocol = "SHA-3";
  const std::vector<proto::SnmpCredentialData> credentials = {
      {5, "v3", "", v3}, {6, "v1", "private", std::nullopt}, {7, "v3", "", unknown}};
  std::vector<std::string> skipped;
  const auto profiles = accessProfiles(credentials, {1161, 700, 2}, skipped);
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0].credential_id, 5);
  EXPECT_EQ(profiles[0].target.version, snmp::Version::kV3);
  EXPECT_EQ(profiles[0].target.v3.user, "monitor");
  EXPECT_EQ(profiles[0].target.v3.level, snmp::SecurityLevel::kAuthPriv);
  EXPECT_EQ(profiles[0].target.v3.auth_protocol, snmp::AuthProtocol::kSha256);
  EXPECT_EQ(profiles[0].target.v3.priv_protocol, snmp::PrivProtocol::kAes256);
  EXPECT_EQ(profiles[0].target.v3.context_name, "ctx");
  EXPECT_EQ(profiles[0].target.port, 1161);
  EXPECT_EQ(profiles[0].target.timeout, std::chrono::milliseconds(700));
  EXPECT_EQ(profiles[0].target.retries, 2);
  EXPECT_EQ(profiles[1].target.version, snmp::Version::kV1);
  EXPECT_EQ(profiles[1].target.community, "private");
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_NE(skipped[0].find("credential 7"), std::string::npos);
}

}  // namespace
}  // namespace pw::agent::discovery
