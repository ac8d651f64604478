// Poller against Debian's snmpsimd serving the development recordings (community = recording
// name, --v2c-arch): what the poller reads over the wire, v2c (GETBULK walks) and v1 (GETNEXT
// walks, noSuchName splits), must equal what MonitorReader reads from the file itself — so
// the OIDs monitoringOids() lists are enough, and the fixture facts checked in
// fixtures_test.cpp hold end to end.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "agent/monitor/poller.hpp"
#include "agent/monitor/tests/poll_helpers.hpp"

extern char** environ;

namespace pw::agent::monitor {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path kRecordings = fs::path(PW_FIXTURES_DIR) / "snmprec";
constexpr std::uint32_t kLoopback = 0x7f000001;

// A UDP port nobody uses right now (bound, read back, released for snmpsimd).
std::uint16_t freeUdpPort() {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(kLoopback);
  socklen_t length = sizeof address;
  std::uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

// snmpsimd over symlinks to the recordings, dropping to nobody (it refuses to run as root).
class Snmpsimd {
 public:
  Snmpsimd() {
    dir_ = fs::temp_directory_path() / ("pw-monitor-snmpsim-" + std::to_string(getpid()));
    fs::create_directories(dir_ / "data");
    fs::create_directories(dir_ / "cache");
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(dir_ / "data", fs::status(dir_).permissions());
    fs::permissions(dir_ / "cache", fs::perms::all);
    for (const auto& entry : fs::directory_iterator(kRecordings)) {
      if (entry.path().extension() == ".snmprec") {
        fs::create_symlink(entry.path(), dir_ / "data" / entry.path().filename());
      }
    }
    port_ = freeUdpPort();
    std::vector<std::string> args = {
        PW_SNMPSIMD,
        "--v2c-arch",
        "--data-dir=" + (dir_ / "data").string(),
        "--cache-dir=" + (dir_ / "cache").string(),
        "--agent-udpv4-endpoint=127.0.0.1:" + std::to_string(port_),
        "--process-user=nobody",
        "--process-group=nogroup",
        "--logging-method=file:" + (dir_ / "cache" / "snmpsimd.log").string()};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, (dir_ / "snmpsimd.out").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Snmpsimd() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  Snmpsimd(const Snmpsimd&) = delete;
  Snmpsimd& operator=(const Snmpsimd&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] bool running() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

class PollerSnmpsimTest : public ::testing::TestWithParam<snmp::Version> {
 protected:
  static void SetUpTestSuite() { snmpsimd_ = new Snmpsimd(); }
  static void TearDownTestSuite() {
    delete snmpsimd_;
    snmpsimd_ = nullptr;
  }

  snmp::Target target(const std::string& community) const {
    snmp::Target out;
    out.ipv4 = kLoopback;
    out.port = snmpsimd_->port();
    out.version = GetParam();
    out.community = community;
    out.timeout = 2s;  // snmpsimd (Python) builds its index on the first request
    out.retries = 2;
    return out;
  }

  // Polls every recording (community = its name) for `parts`.
  std::vector<DevicePoll> pollAll(const std::vector<testing::Recording>& recordings,
                                  Parts parts = {}) {
    PollRequest request;
    request.parts = parts;
    for (const auto& recording : recordings) {
      request.devices.push_back({target(recording.name), recording.vendor});
    }
    Poller poller(engine_);
    return testing::pollNow(poller, request);
  }

  // snmpsimd needs a few seconds to start: ask until it answers or exits.
  bool waitUntilAnswering() {
    for (int attempt = 0; attempt < 60 && snmpsimd_->running(); ++attempt) {
      std::promise<bool> answered;
      auto future = answered.get_future();
      engine_.get(target("canonprinter_mf"), {{1, 3, 6, 1, 2, 1, 1, 1, 0}},
                  [&answered](snmp::SnmpResult result) {
                    answered.set_value(std::holds_alternative<snmp::Response>(result));
                  });
      if (future.get()) return true;
    }
    return false;
  }

  static Snmpsimd* snmpsimd_;
  snmp::SnmpEngine engine_;
};

Snmpsimd* PollerSnmpsimTest::snmpsimd_ = nullptr;

TEST_P(PollerSnmpsimTest, ReadsOverTheWireWhatTheRecordingSays) {
  ASSERT_TRUE(waitUntilAnswering()) << "snmpsimd did not answer";
  const auto recordings = testing::recordings(kRecordings);
  ASSERT_EQ(recordings.size(), 12U);
  const auto polls = pollAll(recordings);
  ASSERT_EQ(polls.size(), recordings.size());
  const MonitorReader reader;
  for (std::size_t i = 0; i < polls.size(); ++i) {
    SCOPED_TRACE(recordings[i].name);
    ASSERT_TRUE(polls[i].reading.has_value()) << (polls[i].error ? polls[i].error->message : "");
    for (const auto& failure : polls[i].partial_failures) ADD_FAILURE() << failure.message;
    const DeviceReading expected = reader.read(recordings[i].values, recordings[i].vendor);
    const DeviceReading& got = *polls[i].reading;
    EXPECT_EQ(got.status, expected.status);
    EXPECT_EQ(got.supplies, expected.supplies);
    EXPECT_EQ(got.input_trays, expected.input_trays);
    EXPECT_EQ(got.output_bins, expected.output_bins);
    EXPECT_EQ(got.counters, expected.counters);
    EXPECT_EQ(got.uptime_ticks, expected.uptime_ticks);
  }
  // Not vacuous: the recordings do carry supplies, trays and counters.
  EXPECT_EQ(polls[0].reading->supplies.size(), 3U);  // brother_hl5370dw
}

// Part "identity": what discovery identifies, read by the monitor command (Retrieve Printer
// Information). The Identifier over the wire must equal the Identifier over the file, whose
// per-recording facts agent/identify/tests/fixtures_test.cpp pins; a few are repeated here so
// an empty identity cannot pass.
TEST_P(PollerSnmpsimTest, IdentityPartReadsWhatDiscoveryIdentifies) {
  ASSERT_TRUE(waitUntilAnswering()) << "snmpsimd did not answer";
  const auto recordings = testing::recordings(kRecordings);
  const auto polls = pollAll(
      recordings, {.status = false, .supplies = false, .counters = false, .identity = true});
  ASSERT_EQ(polls.size(), recordings.size());
  const identify::Identifier identifier;
  std::map<std::string, identify::DeviceIdentity> by_name;
  for (std::size_t i = 0; i < polls.size(); ++i) {
    SCOPED_TRACE(recordings[i].name);
    ASSERT_TRUE(polls[i].reading.has_value()) << (polls[i].error ? polls[i].error->message : "");
    for (const auto& failure : polls[i].partial_failures) ADD_FAILURE() << failure.message;
    ASSERT_TRUE(polls[i].reading->identity.has_value());
    EXPECT_EQ(*polls[i].reading->identity, identifier.identify(recordings[i].values));
    EXPECT_EQ(polls[i].reading->macs, identify::interfaceMacs(recordings[i].values));
    // Only identity was asked: no supply table was walked.
    EXPECT_TRUE(polls[i].reading->supplies.empty());
    by_name[recordings[i].name] = *polls[i].reading->identity;
  }
  EXPECT_EQ(by_name["jetdirect_m130nw"].model, "LaserJet MFP M130nw");
  EXPECT_EQ(by_name["jetdirect_m130nw"].firmware, "20201023");        // vendor OID, 01 15 stripped
  EXPECT_EQ(by_name["brother_hl5370dw"].serial, "B9J154306");         // Brother OID only
  EXPECT_EQ(by_name["dell-laser_s5830dn"].mac, "00:21:b7:43:f5:81");  // if1 has none
  EXPECT_EQ(by_name["kyocera"].mac, "");                              // exposes none
}

// The status part reads the interface MACs for the Manager's conflict check: one walk of
// ifPhysAddress. Its cost is measured here: one GETBULK per device on v2c (every recording
// has fewer interfaces than a page), interfaces + 1 GETNEXTs on v1.
TEST_P(PollerSnmpsimTest, StatusPartReadsTheMacsInOneSmallWalk) {
  ASSERT_TRUE(waitUntilAnswering()) << "snmpsimd did not answer";
  const auto recordings = testing::recordings(kRecordings);
  const auto polls = pollAll(
      recordings, {.status = true, .supplies = false, .counters = false, .identity = false});
  ASSERT_EQ(polls.size(), recordings.size());
  std::size_t with_macs = 0;
  int walk_requests = 0;
  for (std::size_t i = 0; i < polls.size(); ++i) {
    SCOPED_TRACE(recordings[i].name);
    ASSERT_TRUE(polls[i].reading.has_value());
    EXPECT_EQ(polls[i].reading->macs, identify::interfaceMacs(recordings[i].values));
    EXPECT_FALSE(polls[i].reading->identity.has_value());
    if (!polls[i].reading->macs.empty()) ++with_macs;

    std::promise<snmp::WalkResult> walked;
    engine_.walk(target(recordings[i].name), {1, 3, 6, 1, 2, 1, 2, 2, 1, 6},
                 [&walked](snmp::WalkResult result) { walked.set_value(std::move(result)); });
    const snmp::WalkResult walk = walked.get_future().get();
    ASSERT_FALSE(walk.error.has_value()) << walk.error->message;
    const int expected =
        GetParam() == snmp::Version::kV1 ? static_cast<int>(walk.rows.size()) + 1 : 1;
    EXPECT_EQ(walk.requests, expected) << walk.rows.size() << " interfaces";
    walk_requests += walk.requests;
  }
  // 8 of the 12 recordings expose a MAC; the others get no conflict judgement.
  EXPECT_EQ(with_macs, 8U);
  std::cout << "ifPhysAddress walk: " << walk_requests << " requests for " << polls.size()
            << " devices\n";
}

TEST_P(PollerSnmpsimTest, WrongCommunityIsNoResponse) {
  ASSERT_TRUE(waitUntilAnswering());
  snmp::Target wrong = target("no-such-recording");
  wrong.timeout = 300ms;
  wrong.retries = 0;
  Poller poller(engine_);
  const auto polls = testing::pollNow(poller, {{{wrong, ""}}});
  ASSERT_EQ(polls.size(), 1U);
  ASSERT_TRUE(polls[0].error.has_value());
  EXPECT_EQ(polls[0].error->kind, snmp::ErrorClass::kTimeout);
  EXPECT_FALSE(polls[0].reading.has_value());
}

INSTANTIATE_TEST_SUITE_P(Versions, PollerSnmpsimTest,
                         ::testing::Values(snmp::Version::kV2c, snmp::Version::kV1),
                         [](const ::testing::TestParamInfo<snmp::Version>& param) {
                           return std::string(param.param == snmp::Version::kV1 ? "v1" : "v2c");
                         });

}  // namespace
}  // namespace pw::agent::monitor
