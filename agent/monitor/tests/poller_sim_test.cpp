// Poller against printwarden-sim: one device per development recording (127.16.0.1 + k =
// recording k, files sorted by name), error states injected with --states and changed with
// SIGHUP, supplies that deplete as the simulated printers print.
#include <signal.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "agent/monitor/poller.hpp"
#include "agent/monitor/tests/poll_helpers.hpp"
#include "agent/monitor/tests/test_values.hpp"
#include "tools/simulator/testing/simulator_process.hpp"

namespace pw::agent::monitor {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::pollNow;

const fs::path kRecordings = fs::path(PW_FIXTURES_DIR) / "snmprec";
constexpr std::uint32_t kFirstAddress = 0x7f100001;  // 127.16.0.1

class PollerSimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    recordings_ = testing::recordings(kRecordings);
    ASSERT_EQ(recordings_.size(), 12U);
    dir_ = fs::temp_directory_path() /
           ("pw-monitor-sim-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    sim_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::size_t indexOf(const std::string& name) const {
    for (std::size_t i = 0; i < recordings_.size(); ++i) {
      if (recordings_[i].name == name) return i;
    }
    ADD_FAILURE() << "no recording " << name;
    return 0;
  }

  void writeStates(const std::string& json) const { std::ofstream(dir_ / "states.json") << json; }

  void startSim(std::vector<std::string> extra) {
    sim_ = std::make_unique<sim::testing::SimulatorProcess>(
        sim::testing::SimulatorOptions{PW_SIM_BIN, kRecordings.string(), 12, 0.0, 3}, extra);
    ASSERT_NE(sim_->port(), 0) << sim_->readyLine();
  }

  PollRequest request(const std::vector<std::size_t>& devices) const {
    PollRequest out;
    for (const std::size_t k : devices) {
      PollTarget target;
      target.target.ipv4 = kFirstAddress + static_cast<std::uint32_t>(k);
      target.target.port = sim_->port();
      target.target.timeout = 500ms;
      target.target.retries = 1;
      target.vendor = recordings_[k].vendor;
      out.devices.push_back(std::move(target));
    }
    return out;
  }

  // Polls `device` until `done` holds for its reading (each poll a real round trip), at most
  // `attempts` times; returns the last poll.
  template <typename Done>
  DevicePoll pollUntil(std::size_t device, Done done, int attempts = 300) {
    DevicePoll last;
    for (int i = 0; i < attempts; ++i) {
      auto polls = pollNow(poller_, request({device}));
      if (polls.size() != 1) break;
      last = std::move(polls.front());
      if (done(last)) break;
      std::this_thread::sleep_for(100ms);  // pacing between polls, not a wait for a result
    }
    return last;
  }

  std::vector<testing::Recording> recordings_;
  fs::path dir_;
  std::unique_ptr<sim::testing::SimulatorProcess> sim_;
  snmp::SnmpEngine engine_;
  Poller poller_{engine_};
};

TEST_F(PollerSimTest, JamAppearsAndClearsAndAPoweredOffDeviceDoesNotAnswer) {
  const std::size_t hp = indexOf("jetdirect_m130nw");
  const std::size_t kyocera = indexOf("kyocera");
  const std::size_t sharp = indexOf("sharp");
  const std::size_t konica = indexOf("konica_c250i");
  writeStates("{\"" + std::to_string(hp) + "\": \"paper-jam\", \"" + std::to_string(kyocera) +
              "\": \"powered-off\"}");
  startSim({"--states", (dir_ / "states.json").string()});

  std::vector<std::size_t> all(recordings_.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  const auto polls = pollNow(poller_, request(all));
  ASSERT_EQ(polls.size(), recordings_.size());
  for (std::size_t i = 0; i < polls.size(); ++i) {
    SCOPED_TRACE(recordings_[i].name);
    if (i == kyocera) {
      ASSERT_TRUE(polls[i].error.has_value());
      EXPECT_EQ(polls[i].error->kind, snmp::ErrorClass::kTimeout);
      EXPECT_FALSE(polls[i].reading.has_value());
      continue;
    }
    ASSERT_TRUE(polls[i].reading.has_value());
    EXPECT_FALSE(polls[i].error.has_value());
    EXPECT_TRUE(polls[i].partial_failures.empty());
    // sysUpTime advances where the recording has it (not in the stubs, nor the Konica).
    EXPECT_EQ(polls[i].reading->uptime_ticks.has_value(),
              recordings_[i].values.count("1.3.6.1.2.1.1.3.0") == 1);
  }

  const StatusReading& jammed = polls[hp].reading->status;
  EXPECT_EQ(jammed.device_status, 5);
  EXPECT_EQ(jammed.error_state, std::string("\x04\x00", 2));
  EXPECT_EQ(jammed.severity, Severity::kError);
  EXPECT_EQ(jammed.conditions, std::vector{Condition::kJammed});
  ASSERT_EQ(jammed.alerts.size(), 1U);
  EXPECT_EQ(jammed.alerts[0].code_name, "jam");
  EXPECT_EQ(jammed.alerts[0].group_name, "mediaPath");
  EXPECT_EQ(jammed.alerts[0].severity_level_name, "critical");
  EXPECT_EQ(jammed.alerts[0].training_level_name, "untrained");
  // Devices without a state are as recorded.
  EXPECT_EQ(polls[sharp].reading->status.conditions, std::vector{Condition::kLowToner});
  EXPECT_EQ(polls[konica].reading->status.severity, Severity::kServiceCall);

  writeStates("{\"" + std::to_string(hp) + "\": \"recovered\", \"" + std::to_string(konica) +
              "\": \"service-call\"}");
  ASSERT_EQ(kill(sim_->pid(), SIGHUP), 0);
  const DevicePoll cleared = pollUntil(
      hp, [](const DevicePoll& p) { return p.reading && p.reading->status.alerts.empty(); });
  ASSERT_TRUE(cleared.reading.has_value());
  EXPECT_TRUE(cleared.reading->status.alerts.empty());
  EXPECT_EQ(cleared.reading->status.severity, Severity::kOk);
  EXPECT_TRUE(cleared.reading->status.conditions.empty());
  EXPECT_EQ(cleared.reading->status.device_status, 2);

  // The reload also powered the Kyocera back on and put the Konica in a service call.
  const auto after = pollNow(poller_, request({kyocera, konica}));
  ASSERT_EQ(after.size(), 2U);
  EXPECT_TRUE(after[0].reading.has_value());
  ASSERT_TRUE(after[1].reading.has_value());
  const StatusReading& service = after[1].reading->status;
  EXPECT_EQ(service.severity, Severity::kServiceCall);
  ASSERT_EQ(service.alerts.size(), 1U);
  EXPECT_EQ(service.alerts[0].training_level_name, "fieldService");
  EXPECT_EQ(service.alerts[0].severity, Severity::kServiceCall);
}

TEST_F(PollerSimTest, SupplyDepletesWhileCountersGrow) {
  // About 10 pages a second per device; a full supply lasts 50-150 pages.
  startSim({"--pages-per-minute", "600", "--supply-life-pages", "100"});
  const std::size_t ricoh = indexOf("ricoh_mpc3002");
  const auto blackToner = [](const DevicePoll& poll) -> const Supply* {
    if (!poll.reading) return nullptr;
    for (const Supply& supply : poll.reading->supplies) {
      if (supply.index == "1.1") return &supply;
    }
    return nullptr;
  };
  const auto total = [](const DevicePoll& poll) {
    return poll.reading->counters.normalized.total.value_or(CounterValue{}).value;
  };

  const auto first = pollNow(poller_, request({ricoh}));
  ASSERT_EQ(first.size(), 1U);
  const Supply* start = blackToner(first[0]);
  ASSERT_NE(start, nullptr);
  ASSERT_TRUE(start->percent.has_value());
  EXPECT_GT(*start->percent, 0);
  EXPECT_EQ(start->description, "Black Toner");

  int previous = *start->percent;
  bool monotonic = true;
  const DevicePoll last = pollUntil(ricoh, [&](const DevicePoll& poll) {
    const Supply* now = blackToner(poll);
    if (!now || !now->percent) return false;
    monotonic = monotonic && *now->percent <= previous;
    previous = *now->percent;
    return *now->percent == 0;
  });
  const Supply* end = blackToner(last);
  ASSERT_NE(end, nullptr);
  EXPECT_TRUE(monotonic);
  EXPECT_EQ(end->level, (Amount{Amount::Kind::kValue, 0}));
  EXPECT_EQ(end->percent, 0);

  EXPECT_GT(total(last), total(first[0]));  // the page counter grew with the printing
  EXPECT_EQ(last.reading->counters.normalized.total->unit, "sheets");
}

TEST_F(PollerSimTest, SnmpV3AuthPrivReadsTheSameAsV2c) {
  const std::size_t hp = indexOf("jetdirect_m130nw");
  writeStates("{\"" + std::to_string(hp) + "\": \"door-open\"}");
  startSim({"--states", (dir_ / "states.json").string(), "--v3-user", "monitor", "--v3-auth-key",
            "auth-secret-1", "--v3-priv-key", "priv-secret-1"});
  PollRequest v3 = request({hp});
  snmp::Target& target = v3.devices[0].target;
  target.version = snmp::Version::kV3;
  target.v3.user = "monitor";
  target.v3.level = snmp::SecurityLevel::kAuthPriv;
  target.v3.auth_protocol = snmp::AuthProtocol::kSha1;
  target.v3.auth_password = "auth-secret-1";
  target.v3.priv_protocol = snmp::PrivProtocol::kAes128;
  target.v3.priv_password = "priv-secret-1";
  const auto secure = pollNow(poller_, v3);
  const auto plain = pollNow(poller_, request({hp}));
  ASSERT_EQ(secure.size(), 1U);
  ASSERT_EQ(plain.size(), 1U);
  ASSERT_TRUE(secure[0].reading.has_value()) << secure[0].error->message;
  EXPECT_TRUE(secure[0].partial_failures.empty());
  EXPECT_EQ(secure[0].reading->status.conditions, std::vector{Condition::kDoorOpen});
  EXPECT_EQ(secure[0].reading->status, plain[0].reading->status);
  EXPECT_EQ(secure[0].reading->input_trays, plain[0].reading->input_trays);
  EXPECT_EQ(secure[0].reading->counters.vendor.size(), 5U);  // the HP file's five counters

  target.v3.priv_password = "wrong-secret";
  const auto refused = pollNow(poller_, v3);
  ASSERT_EQ(refused.size(), 1U);
  ASSERT_TRUE(refused[0].error.has_value());
  EXPECT_EQ(refused[0].error->kind, snmp::ErrorClass::kAuthentication);
}

TEST_F(PollerSimTest, DevicesInFlightAreBounded) {
  startSim({});
  std::vector<std::size_t> all(recordings_.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  PollRequest one_at_a_time = request(all);
  one_at_a_time.max_devices_in_flight = 1;
  const auto polls = pollNow(poller_, one_at_a_time);
  ASSERT_EQ(polls.size(), all.size());
  for (const DevicePoll& poll : polls) EXPECT_TRUE(poll.reading.has_value());
  // One device at a time: its second stage (at most one more scalar chunk and nine walks) is
  // the most on the wire; all twelve at once would put over a hundred there.
  EXPECT_LE(engine_.stats().max_in_flight_seen, 10U);
}

TEST_F(PollerSimTest, StoppedEngineFailsEveryDeviceWithoutRecursion) {
  snmp::SnmpEngine stopped;
  stopped.stop();
  Poller poller(stopped);
  PollRequest many;
  many.devices.resize(20000);  // called back synchronously: a recursive pump would overflow
  many.max_devices_in_flight = 1;
  std::vector<DevicePoll> polls;
  poller.start(std::move(many), {},
               [&polls](std::vector<DevicePoll> result) { polls = std::move(result); });
  ASSERT_EQ(polls.size(), 20000U);
  for (const DevicePoll& poll : polls) {
    ASSERT_TRUE(poll.error.has_value());
    EXPECT_EQ(poll.error->kind, snmp::ErrorClass::kMisconfigured);
  }
}

TEST_F(PollerSimTest, EmptyRequestCompletesAtOnceOnTheCallingThread) {
  bool completed = false;
  poller_.start({}, {}, [&completed](std::vector<DevicePoll> polls) { completed = polls.empty(); });
  EXPECT_TRUE(completed);
}

}  // namespace
}  // namespace pw::agent::monitor
