// The SNMP driver's restart and shutdown against printwarden-sim (started on a free port,
// killed by PID): two printers with a write community, only the first writable. Restart: the
// writable one takes prtGeneralReset = powerCycleReset and then stays silent while it
// restarts; the read-only one refuses with noAccess; the read community is refused with
// notWritable; an address with no printer times out. Shutdown is refused as notSupported without a
// word to the devices (decision 0029).
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "agent/discovery/snmp_driver.hpp"
#include "tools/simulator/testing/simulator_process.hpp"

namespace pw::agent::discovery {
namespace {

constexpr std::uint32_t kFirstAddress = 0x7f100001;  // 127.16.0.1

driver::MonitorTarget printer(std::uint32_t index, int port, const std::string& community) {
  driver::MonitorTarget t;
  t.endpoint.ipv4 = kFirstAddress + index;
  t.port = static_cast<std::uint16_t>(port);
  t.credential = {1, "v2c", community, std::nullopt};
  return t;
}

// "done" or "reason" per device.
std::vector<std::string> reset(SnmpDriver& driver, std::vector<driver::MonitorTarget> devices,
                               const std::string& kind) {
  driver::ResetRequest request{std::move(devices), kind, {}};
  request.transport.timeout_ms = 500;
  request.transport.retries = 1;
  std::promise<std::vector<driver::ResetOutcome>> promise;
  driver.reset(request, [&promise](std::vector<driver::ResetOutcome> outcomes) {
    promise.set_value(std::move(outcomes));
  });
  std::vector<std::string> out;
  for (const auto& outcome : promise.get_future().get()) {
    out.push_back(outcome.done ? "done" : outcome.reason);
    if (!outcome.done) {
      EXPECT_FALSE(outcome.message.empty()) << outcome.reason;
    }
  }
  return out;
}

bool answers(snmp::SnmpEngine& engine, const driver::MonitorTarget& device) {
  snmp::Target target;
  target.ipv4 = device.endpoint.ipv4;
  target.port = device.port;
  target.community = "public";
  target.timeout = std::chrono::milliseconds(500);
  target.retries = 1;
  std::promise<snmp::SnmpResult> answer;
  engine.get(target, {{1, 3, 6, 1, 2, 1, 1, 3, 0}},
             [&answer](snmp::SnmpResult r) { answer.set_value(std::move(r)); });
  return std::holds_alternative<snmp::Response>(answer.get_future().get());
}

TEST(SnmpDeviceReset, WritablePrintersRestartOthersRefuseWithTheirReason) {
  // A long restart, so the silence is seen whatever the machine's load.
  sim::testing::SimulatorProcess sim(
      {PW_SIM_BIN, PW_SIM_RECORDINGS, 2, 0.0, 1},
      {"--write-community", "writer", "--writable", "1", "--restart-seconds", "600"});
  ASSERT_NE(sim.port(), 0) << sim.readyLine();
  snmp::SnmpEngine engine;
  SnmpDriver driver(engine);
  const auto writable = printer(0, sim.port(), "writer");
  const auto read_only = printer(1, sim.port(), "writer");
  ASSERT_TRUE(answers(engine, writable));

  EXPECT_EQ(reset(driver, {writable, read_only}, "shutdown"),
            (std::vector<std::string>{"notSupported", "notSupported"}));
  EXPECT_TRUE(answers(engine, writable));  // nothing was sent

  EXPECT_EQ(reset(driver,
                  {printer(0, sim.port(), "public"), read_only, printer(2, sim.port(), "writer"),
                   writable},
                  "restart"),
            (std::vector<std::string>{"notWritable", "noAccess", "timeout", "done"}));
  EXPECT_FALSE(answers(engine, writable));  // restarting
  EXPECT_TRUE(answers(engine, read_only));
}

}  // namespace
}  // namespace pw::agent::discovery
