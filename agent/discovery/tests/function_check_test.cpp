// The SNMP driver's function check and identity writes against Debian's snmpd (started on a
// free loopback port, killed by PID). Check: a community that may write → device settings
// supported and sysContact left as it was; a read-only community → not supported with the
// refusal; no answer → unknown. Writes: each field on its own, sysContact written and read
// back, the configuration-fixed sysName/sysLocation refused as notWritable, a read-only
// community refused with noAccess, no answer → timeout.
#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "agent/discovery/snmp_driver.hpp"
#include "agent/snmp/tests/snmpd_process.hpp"

namespace pw::agent::discovery {
namespace {

using snmp::testing::SnmpdProcess;

driver::MonitorTarget target(int port, const std::string& community) {
  driver::MonitorTarget t;
  t.endpoint.ipv4 = 0x7f000001;
  t.port = static_cast<std::uint16_t>(port);
  t.credential = {1, "v2c", community, std::nullopt};
  return t;
}

std::string stateOf(const std::vector<driver::FunctionSupport>& functions,
                    const std::string& function) {
  for (const auto& f : functions) {
    if (f.function == function) return f.state + (f.reason.empty() ? "" : ": " + f.reason);
  }
  return "absent";
}

// A probe of `snmpd`'s own port, once it answers: snmpd binds its port only after reading its
// configuration.
snmp::Target answeringProbe(snmp::SnmpEngine& engine, const SnmpdProcess& snmpd) {
  snmp::Target probe;
  probe.ipv4 = 0x7f000001;
  probe.port = static_cast<std::uint16_t>(snmpd.port());
  probe.timeout = std::chrono::milliseconds(200);
  probe.retries = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (true) {
    std::promise<snmp::SnmpResult> answer;
    engine.get(probe, {{1, 3, 6, 1, 2, 1, 1, 5, 0}},
               [&answer](snmp::SnmpResult r) { answer.set_value(std::move(r)); });
    if (std::holds_alternative<snmp::Response>(answer.get_future().get())) break;
    EXPECT_LT(std::chrono::steady_clock::now(), deadline) << "snmpd did not answer";
    EXPECT_TRUE(snmpd.running()) << "snmpd exited; see " << snmpd.directory();
    if (testing::Test::HasFailure()) break;
  }
  probe.timeout = std::chrono::milliseconds(2000);
  probe.retries = 1;
  return probe;
}

TEST(SnmpFunctionCheck, WritableSettingsAreSupportedReadOnlyAreNotSilentIsUnknown) {
  SnmpdProcess snmpd("functions", "probe", "rwcommunity writer 127.0.0.1\n");
  snmp::SnmpEngine engine;
  SnmpDriver driver(engine);
  const int silent_port = snmp::testing::freeUdpPort();
  auto probe = answeringProbe(engine, snmpd);
  ASSERT_FALSE(HasFailure());

  driver::CheckFunctionsRequest request;
  request.devices = {target(snmpd.port(), "writer"), target(snmpd.port(), "public"),
                     target(silent_port, "public")};
  request.functions = {"addressBook", "deviceSettings"};
  request.transport.timeout_ms = 1000;
  request.transport.retries = 1;
  std::promise<driver::CheckFunctionsResult> promise;
  driver.checkFunctions(
      request, [&promise](driver::CheckFunctionsResult r) { promise.set_value(std::move(r)); });
  const auto result = promise.get_future().get();
  ASSERT_EQ(result.devices.size(), 3u);

  EXPECT_EQ(stateOf(result.devices[0], "deviceSettings"), "supported");
  EXPECT_EQ(stateOf(result.devices[0], "addressBook").substr(0, 13), "not_supported");
  const auto read_only = stateOf(result.devices[1], "deviceSettings");
  EXPECT_EQ(read_only.substr(0, 13), "not_supported") << read_only;
  EXPECT_NE(read_only.find("refused"), std::string::npos) << read_only;
  EXPECT_EQ(stateOf(result.devices[2], "deviceSettings"), "unknown: no response");
  EXPECT_EQ(stateOf(result.devices[2], "addressBook"), "unknown: no response");

  // The probe wrote sysContact back unchanged.
  std::promise<snmp::SnmpResult> read;
  engine.get(probe, {{1, 3, 6, 1, 2, 1, 1, 4, 0}},
             [&read](snmp::SnmpResult r) { read.set_value(std::move(r)); });
  const auto contact = read.get_future().get();
  ASSERT_TRUE(std::holds_alternative<snmp::Response>(contact));
  const auto& value = std::get<snmp::Response>(contact).varbinds.at(0).value;
  ASSERT_TRUE(std::holds_alternative<snmp::OctetString>(value)) << snmp::describe(value);

  // Only what was asked is answered.
  request.devices = {target(snmpd.port(), "writer")};
  request.functions = {"addressBook"};
  std::promise<driver::CheckFunctionsResult> second;
  driver.checkFunctions(
      request, [&second](driver::CheckFunctionsResult r) { second.set_value(std::move(r)); });
  const auto only = second.get_future().get();
  ASSERT_EQ(only.devices.at(0).size(), 1u);
  EXPECT_EQ(only.devices[0][0].function, "addressBook");
}

// "field: written" or "field: reason".
std::vector<std::string> outcomes(const std::vector<proto::IdentityWriteData>& results) {
  std::vector<std::string> out;
  for (const auto& r : results) {
    out.push_back(r.field + ": " + (r.written ? "written" : r.reason));
    if (!r.written) {
      EXPECT_FALSE(r.message.empty()) << r.field;
    }
  }
  return out;
}

TEST(SnmpIdentityWrite, EachFieldIsWrittenOrRefusedWithTheDevicesReason) {
  SnmpdProcess snmpd("identity", "fixed-name", "rwcommunity writer 127.0.0.1\n");
  snmp::SnmpEngine engine;
  SnmpDriver driver(engine);
  const auto probe = answeringProbe(engine, snmpd);
  ASSERT_FALSE(HasFailure());
  const auto write = [&driver](driver::MonitorTarget device) {
    driver::SetIdentityRequest request{
        std::move(device),
        {{"name", "Reception"}, {"location", "Floor 2"}, {"contact", "desk@example.org"}},
        {}};
    request.transport.timeout_ms = 1000;
    request.transport.retries = 1;
    std::promise<std::vector<proto::IdentityWriteData>> promise;
    driver.setIdentity(request, [&promise](std::vector<proto::IdentityWriteData> r) {
      promise.set_value(std::move(r));
    });
    return outcomes(promise.get_future().get());
  };

  // snmpd.conf fixes sysName and sysLocation (SnmpdProcess): snmpd refuses to change them.
  EXPECT_EQ(
      write(target(snmpd.port(), "writer")),
      (std::vector<std::string>{"name: notWritable", "location: notWritable", "contact: written"}));
  std::promise<snmp::SnmpResult> read;
  engine.get(probe, {{1, 3, 6, 1, 2, 1, 1, 4, 0}, {1, 3, 6, 1, 2, 1, 1, 5, 0}},
             [&read](snmp::SnmpResult r) { read.set_value(std::move(r)); });
  const auto values = read.get_future().get();
  ASSERT_TRUE(std::holds_alternative<snmp::Response>(values));
  const auto& varbinds = std::get<snmp::Response>(values).varbinds;
  ASSERT_EQ(varbinds.size(), 2u);
  EXPECT_EQ(varbinds[0].value, snmp::Value{snmp::OctetString{"desk@example.org"}});
  EXPECT_EQ(varbinds[1].value, snmp::Value{snmp::OctetString{"fixed-name"}});

  EXPECT_EQ(
      write(target(snmpd.port(), "public")),
      (std::vector<std::string>{"name: noAccess", "location: noAccess", "contact: noAccess"}));
  EXPECT_EQ(write(target(snmp::testing::freeUdpPort(), "writer")),
            (std::vector<std::string>{"name: timeout", "location: timeout", "contact: timeout"}));
}

}  // namespace
}  // namespace pw::agent::discovery
