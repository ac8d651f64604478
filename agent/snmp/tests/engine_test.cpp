// SnmpEngine against real peers: Debian's snmpd (started on a free loopback port, killed by
// PID), Debian's snmpwalk as the reference for walks, printwarden-sim for hundreds to thousands
// of devices, and a small in-test agent for the misbehaviours a real peer will not produce.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "agent/snmp/codec.hpp"
#include "agent/snmp/engine.hpp"
#include "agent/snmp/tests/engine_waits.hpp"
#include "agent/snmp/tests/snmpd_process.hpp"
#include "tools/simulator/testing/simulator_process.hpp"

namespace pw::agent::snmp {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const Oid kSysDescr = {1, 3, 6, 1, 2, 1, 1, 1, 0};
const Oid kSysName = {1, 3, 6, 1, 2, 1, 1, 5, 0};
const Oid kSystem = {1, 3, 6, 1, 2, 1, 1};
constexpr const char* kSysNameValue = "pw-engine-test";
constexpr std::uint32_t kLoopback = 0x7f000001;

// --- snmpd --------------------------------------------------------------------------------

class SnmpEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(PW_SNMPD)) << "snmpd not installed (apt-get install snmpd)";
    snmpd_.emplace(
        std::string("engine-") + ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        kSysNameValue);
    port_ = snmpd_->port();

    target_.ipv4 = kLoopback;
    target_.port = static_cast<std::uint16_t>(port_);
    target_.community = "public";
    target_.timeout = 2000ms;
    target_.retries = 1;

    // Ready when it answers: snmpd binds its port only after reading the configuration.
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    Target probe = target_;
    probe.timeout = 200ms;
    probe.retries = 0;
    while (true) {
      const auto result = runOne([&](Callback cb) { engine_.get(probe, {kSysName}, cb); });
      if (std::holds_alternative<Response>(result)) break;
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "snmpd did not answer";
      ASSERT_TRUE(snmpd_->running()) << "snmpd exited; see " << snmpd_->directory();
    }
  }

  void TearDown() override {
    engine_.stop();
    if (snmpd_ && HasFailure()) snmpd_->keepDirectory();
    snmpd_.reset();
  }

  // OIDs printed by Debian's snmpwalk for the subtree.
  std::vector<Oid> snmpwalk(const std::string& version, const Oid& root) const {
    return snmpwalkOids(PW_SNMPWALK, "-v" + version + " -c public", port_, root);
  }

  std::optional<testing::SnmpdProcess> snmpd_;
  int port_ = 0;
  Target target_;
  SnmpEngine engine_;
};

TEST_F(SnmpEngineTest, GetReturnsSysName) {
  const auto result = runOne([&](Callback cb) { engine_.get(target_, {kSysName, kSysDescr}, cb); });
  ASSERT_TRUE(std::holds_alternative<Response>(result)) << errorText(result);
  const auto& response = std::get<Response>(result);
  ASSERT_EQ(response.varbinds.size(), 2U);
  EXPECT_EQ(response.varbinds[0].oid, kSysName);
  EXPECT_EQ(response.varbinds[0].value, Value{OctetString{kSysNameValue}});
  EXPECT_TRUE(std::holds_alternative<OctetString>(response.varbinds[1].value));
}

TEST_F(SnmpEngineTest, GetNextReturnsTheFollowingObject) {
  const auto result = runOne([&](Callback cb) { engine_.getNext(target_, {kSystem}, cb); });
  ASSERT_TRUE(std::holds_alternative<Response>(result)) << errorText(result);
  const auto& response = std::get<Response>(result);
  ASSERT_EQ(response.varbinds.size(), 1U);
  EXPECT_EQ(response.varbinds[0].oid, kSysDescr);
}

TEST_F(SnmpEngineTest, GetBulkReturnsRowsInOrder) {
  const auto result = runOne([&](Callback cb) { engine_.getBulk(target_, {kSystem}, 0, 5, cb); });
  ASSERT_TRUE(std::holds_alternative<Response>(result)) << errorText(result);
  const auto& response = std::get<Response>(result);
  ASSERT_EQ(response.varbinds.size(), 5U);
  EXPECT_EQ(response.varbinds[0].oid, kSysDescr);
  for (std::size_t i = 1; i < response.varbinds.size(); ++i) {
    EXPECT_LT(response.varbinds[i - 1].oid, response.varbinds[i].oid);
  }
}

TEST_F(SnmpEngineTest, V1GetOfAMissingObjectIsRejected) {
  Target v1 = target_;
  v1.version = Version::kV1;
  const auto result = runOne([&](Callback cb) {
    engine_.get(v1, {{1, 3, 6, 1, 2, 1, 1, 5, 1}}, cb);
  });
  ASSERT_TRUE(std::holds_alternative<SnmpError>(result));
  EXPECT_EQ(std::get<SnmpError>(result).kind, ErrorClass::kRejected) << errorText(result);
  const auto bulk = runOne([&](Callback cb) { engine_.getBulk(v1, {kSystem}, 0, 5, cb); });
  ASSERT_TRUE(std::holds_alternative<SnmpError>(bulk));
  EXPECT_EQ(std::get<SnmpError>(bulk).kind, ErrorClass::kMisconfigured);
}

TEST_F(SnmpEngineTest, WalkOfSystemEqualsSnmpwalk) {
  const std::vector<Oid> expected = snmpwalk("2c", kSystem);
  ASSERT_GT(expected.size(), 5U);

  WalkOptions small_pages;
  small_pages.max_repetitions = 4;  // several pages
  const WalkResult v2 = runWalk(engine_, target_, kSystem, small_pages);
  EXPECT_FALSE(v2.error) << v2.error->message;
  EXPECT_FALSE(v2.used_getnext_fallback);
  EXPECT_FALSE(v2.truncated);
  EXPECT_EQ(oidsOf(v2.rows), expected);
  EXPECT_LT(v2.requests, static_cast<int>(expected.size()));  // paged, not one per row

  Target v1 = target_;
  v1.version = Version::kV1;
  const WalkResult walk_v1 = runWalk(engine_, v1, kSystem);
  EXPECT_FALSE(walk_v1.error) << walk_v1.error->message;
  EXPECT_EQ(oidsOf(walk_v1.rows), snmpwalk("1", kSystem));
  EXPECT_EQ(walk_v1.requests, static_cast<int>(walk_v1.rows.size()) + 1);

  WalkOptions limited;
  limited.max_rows = 3;
  const WalkResult truncated = runWalk(engine_, target_, kSystem, limited);
  EXPECT_TRUE(truncated.truncated);
  EXPECT_FALSE(truncated.error);
  EXPECT_EQ(oidsOf(truncated.rows), std::vector<Oid>(expected.begin(), expected.begin() + 3));
}

TEST_F(SnmpEngineTest, WrongCommunityTimesOutAfterRetries) {
  Target wrong = target_;
  wrong.community = "not-the-community";
  wrong.timeout = 300ms;
  wrong.retries = 2;
  const auto before = engine_.stats();
  const auto result = runOne([&](Callback cb) { engine_.get(wrong, {kSysName}, cb); });
  ASSERT_TRUE(std::holds_alternative<SnmpError>(result));
  EXPECT_EQ(std::get<SnmpError>(result).kind, ErrorClass::kTimeout) << errorText(result);
  const auto after = engine_.stats();
  EXPECT_EQ(after.sent - before.sent, 3U);
  EXPECT_EQ(after.retransmitted - before.retransmitted, 2U);
  // Still fine with the right community.
  const auto ok = runOne([&](Callback cb) { engine_.get(target_, {kSysName}, cb); });
  EXPECT_TRUE(std::holds_alternative<Response>(ok)) << errorText(ok);
}

// --- no peer ------------------------------------------------------------------------------

TEST(SnmpEngineBasicTest, NothingListeningTimesOut) {
  SnmpEngine engine;
  Target target;
  target.ipv4 = kLoopback;
  target.port = static_cast<std::uint16_t>(testing::freeUdpPort());
  target.timeout = 200ms;
  target.retries = 1;
  const auto result = runOne([&](Callback cb) { engine.get(target, {kSysName}, cb); });
  ASSERT_TRUE(std::holds_alternative<SnmpError>(result));
  EXPECT_EQ(std::get<SnmpError>(result).kind, ErrorClass::kTimeout) << errorText(result);
}

TEST(SnmpEngineBasicTest, MisconfiguredRequestsFailFast) {
  SnmpEngine engine;
  Target target;  // no address
  auto result = runOne([&](Callback cb) { engine.get(target, {kSysName}, cb); });
  ASSERT_TRUE(std::holds_alternative<SnmpError>(result));
  EXPECT_EQ(std::get<SnmpError>(result).kind, ErrorClass::kMisconfigured);
  target.ipv4 = kLoopback;
  result = runOne([&](Callback cb) { engine.get(target, {}, cb); });  // no OIDs
  ASSERT_TRUE(std::holds_alternative<SnmpError>(result));
  EXPECT_EQ(std::get<SnmpError>(result).kind, ErrorClass::kMisconfigured);
}

TEST(SnmpEngineBasicTest, StopCompletesEverythingPendingOnce) {
  constexpr std::size_t kCount = 3000;
  EngineOptions options;
  options.max_in_flight = 1000;  // the rest waits in the queue
  SnmpEngine engine(options);
  Target target;
  target.ipv4 = kLoopback;
  target.port = static_cast<std::uint16_t>(testing::freeUdpPort());
  target.timeout = 60s;
  Collector collector(kCount);
  for (std::size_t i = 0; i < kCount; ++i) engine.get(target, {kSysName}, collector.slot(i));
  std::this_thread::sleep_for(100ms);
  engine.stop();
  ASSERT_TRUE(collector.wait(1s));
  for (std::size_t i = 0; i < kCount; ++i) {
    EXPECT_EQ(collector.calls(i), 1);
    ASSERT_TRUE(std::holds_alternative<SnmpError>(collector.result(i)));
    EXPECT_EQ(std::get<SnmpError>(collector.result(i)).kind, ErrorClass::kMisconfigured);
  }
  EXPECT_LE(engine.stats().max_in_flight_seen, 1000U);
  // After stop(): immediate error on the calling thread.
  const auto late = runOne([&](Callback cb) { engine.get(target, {kSysName}, cb); });
  EXPECT_TRUE(std::holds_alternative<SnmpError>(late));
}

// --- a small misbehaving agent -------------------------------------------------------------

enum class AgentMode {
  kIgnoreBulk,          // answers GET/GETNEXT, never GETBULK
  kBulkError,           // GETBULK gets genErr
  kReplyFromElsewhere,  // replies leave from another port (spoofing)
  kLoop,                // GETNEXT always returns the same OID
};

class FakeAgent {
 public:
  explicit FakeAgent(AgentMode mode) : mode_(mode) {
    socket_ = socket(AF_INET, SOCK_DGRAM, 0);
    other_ = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(socket_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    for (std::uint32_t i = 1; i <= 9; ++i) {
      table_[{1, 3, 6, 1, 2, 1, 1, i, 0}] = OctetString{"row " + std::to_string(i)};
    }
    table_[{1, 3, 6, 1, 2, 1, 2, 1, 0}] = Integer{2};  // beyond the system subtree
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeAgent() {
    stop_ = true;
    thread_.join();
    close(socket_);
    close(other_);
  }
  std::uint16_t port() const { return port_; }
  int bulkRequests() const { return bulk_requests_; }

 private:
  void serve() {
    std::string buffer(65536, '\0');
    while (!stop_) {
      pollfd pfd{socket_, POLLIN, 0};
      if (poll(&pfd, 1, 20) != 1) continue;
      sockaddr_in from{};
      socklen_t length = sizeof from;
      const ssize_t n = recvfrom(socket_, buffer.data(), buffer.size(), 0,
                                 reinterpret_cast<sockaddr*>(&from), &length);
      if (n <= 0) continue;
      auto request = decodeRequest(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
      if (!request) continue;
      Response response;
      response.version = request->version;
      response.community = request->community;
      response.request_id = request->request_id;
      if (request->type == PduType::kGetBulk) {
        ++bulk_requests_;
        if (mode_ == AgentMode::kIgnoreBulk) continue;
        if (mode_ == AgentMode::kBulkError) {
          response.error_status = ErrorStatus::kGenErr;
          response.error_index = 1;
          response.varbinds = request->varbinds;
          reply(response, from);
          continue;
        }
      }
      for (const VarBind& asked : request->varbinds) {
        if (request->type == PduType::kGet) {
          const auto it = table_.find(asked.oid);
          response.varbinds.push_back(
              {asked.oid, it == table_.end() ? Value{NoSuchInstance{}} : it->second});
        } else if (mode_ == AgentMode::kLoop) {
          response.varbinds.push_back({{1, 3, 6, 1, 2, 1, 1, 1, 0}, OctetString{"again"}});
        } else {
          const auto it = table_.upper_bound(asked.oid);
          response.varbinds.push_back(it == table_.end() ? VarBind{asked.oid, EndOfMibView{}}
                                                         : VarBind{it->first, it->second});
        }
      }
      reply(response, from);
    }
  }
  void reply(const Response& response, const sockaddr_in& to) {
    const auto bytes = encodeResponse(response);
    if (!bytes) return;
    const int fd = mode_ == AgentMode::kReplyFromElsewhere ? other_ : socket_;
    sendto(fd, bytes->data(), bytes->size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
  }

  AgentMode mode_;
  int socket_ = -1;
  int other_ = -1;
  std::uint16_t port_ = 0;
  std::map<Oid, Value> table_;
  std::atomic<bool> stop_{false};
  std::atomic<int> bulk_requests_{0};
  std::thread thread_;
};

Target agentTarget(const FakeAgent& agent) {
  Target target;
  target.ipv4 = kLoopback;
  target.port = agent.port();
  target.timeout = 200ms;
  target.retries = 1;
  return target;
}

TEST(SnmpEngineFakeAgentTest, WalkFallsBackToGetNextWhenBulkIsIgnored) {
  FakeAgent agent(AgentMode::kIgnoreBulk);
  SnmpEngine engine;
  const WalkResult result = runWalk(engine, agentTarget(agent), kSystem);
  EXPECT_FALSE(result.error) << result.error->message;
  EXPECT_TRUE(result.used_getnext_fallback);
  EXPECT_EQ(result.rows.size(), 9U);
  EXPECT_EQ(agent.bulkRequests(), 2);  // one request, one retransmission, then GETNEXT
}

TEST(SnmpEngineFakeAgentTest, WalkFallsBackToGetNextOnBulkError) {
  FakeAgent agent(AgentMode::kBulkError);
  SnmpEngine engine;
  const WalkResult result = runWalk(engine, agentTarget(agent), kSystem);
  EXPECT_FALSE(result.error) << result.error->message;
  EXPECT_TRUE(result.used_getnext_fallback);
  EXPECT_EQ(result.rows.size(), 9U);
  EXPECT_EQ(agent.bulkRequests(), 1);
}

TEST(SnmpEngineFakeAgentTest, WalkStopsWhenOidsDoNotIncrease) {
  FakeAgent agent(AgentMode::kLoop);
  SnmpEngine engine;
  Target target = agentTarget(agent);
  target.version = Version::kV1;
  const WalkResult result = runWalk(engine, target, kSystem);
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->kind, ErrorClass::kDecode);
  EXPECT_EQ(result.rows.size(), 1U);
}

TEST(SnmpEngineFakeAgentTest, RepliesFromAnotherPortAreIgnored) {
  FakeAgent agent(AgentMode::kReplyFromElsewhere);
  SnmpEngine engine;
  const auto result = runOne([&](Callback cb) { engine.get(agentTarget(agent), {kSysName}, cb); });
  ASSERT_TRUE(std::holds_alternative<SnmpError>(result));
  EXPECT_EQ(std::get<SnmpError>(result).kind, ErrorClass::kTimeout);
  EXPECT_EQ(engine.stats().stray, 2U);  // both attempts were answered from the wrong port
}

// --- printwarden-sim ----------------------------------------------------------------------

const fs::path kRecordings = PW_SIM_RECORDINGS;
constexpr std::uint32_t kFirstDevice = 0x7f100001;  // 127.16.0.1

// sysDescr of each recording, in the simulator's order (file names sorted).
std::vector<std::string> recordedSysDescr() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kRecordings)) {
    if (entry.path().extension() == ".snmprec") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  std::vector<std::string> out;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::string line;
    std::string value;
    while (std::getline(in, line)) {
      if (line.rfind("1.3.6.1.2.1.1.1.0|", 0) != 0) continue;
      const auto bar = line.find('|', 18);
      const std::string type = line.substr(18, bar - 18);
      const std::string raw = line.substr(bar + 1);
      if (type == "4x") {
        for (std::size_t i = 0; i + 1 < raw.size(); i += 2) {
          value.push_back(static_cast<char>(std::stoi(raw.substr(i, 2), nullptr, 16)));
        }
      } else {
        value = raw;
      }
      break;
    }
    out.push_back(value);
  }
  return out;
}

// printwarden-sim with the development recordings at 127.16.0.1 and up.
class Simulator : public sim::testing::SimulatorProcess {
 public:
  explicit Simulator(int count, double silent_share = 0.0)
      : SimulatorProcess({PW_SIM_BIN, kRecordings.string(), count, silent_share, std::nullopt}) {}
};

struct Sweep {
  std::size_t answered = 0;
  std::size_t timed_out = 0;
  std::size_t wrong = 0;
  std::size_t other = 0;
  bool all_once = true;
  double seconds = 0;
};

Sweep sweepSysDescr(SnmpEngine& engine, std::uint16_t port, std::size_t count,
                    std::chrono::milliseconds timeout, int retries) {
  const auto expected = recordedSysDescr();
  Collector collector(count);
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    Target target;
    target.ipv4 = kFirstDevice + static_cast<std::uint32_t>(i);
    target.port = port;
    target.timeout = timeout;
    target.retries = retries;
    engine.get(target, {kSysDescr}, collector.slot(i));
  }
  EXPECT_TRUE(collector.wait(120s));
  Sweep sweep;
  sweep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (std::size_t i = 0; i < count; ++i) {
    if (collector.calls(i) != 1) sweep.all_once = false;
    if (collector.calls(i) == 0) continue;
    const SnmpResult& result = collector.result(i);
    if (const auto* response = std::get_if<Response>(&result)) {
      const Value want = OctetString{expected[i % expected.size()]};
      if (response->varbinds.size() == 1 && response->varbinds[0].oid == kSysDescr &&
          response->varbinds[0].value == want) {
        ++sweep.answered;
      } else {
        ++sweep.wrong;
      }
    } else if (std::get<SnmpError>(result).kind == ErrorClass::kTimeout) {
      ++sweep.timed_out;
    } else {
      ++sweep.other;
    }
  }
  return sweep;
}

TEST(SnmpEngineSimTest, FiveHundredConcurrentGetsAllAnswered) {
  ASSERT_EQ(recordedSysDescr().size(), 12U);
  Simulator sim(500);
  ASSERT_NE(sim.port(), 0) << sim.readyLine();
  SnmpEngine engine;
  const Sweep sweep = sweepSysDescr(engine, sim.port(), 500, 2000ms, 2);
  EXPECT_TRUE(sweep.all_once);
  EXPECT_EQ(sweep.answered, 500U);
  EXPECT_EQ(sweep.wrong + sweep.timed_out + sweep.other, 0U);
  EXPECT_GT(engine.stats().max_in_flight_seen, 100U);  // really concurrent
}

TEST(SnmpEngineSimTest, SilentDevicesTimeOutOthersAnswer) {
  Simulator sim(500, 0.5);
  ASSERT_NE(sim.port(), 0) << sim.readyLine();
  SnmpEngine engine;
  const Sweep sweep = sweepSysDescr(engine, sim.port(), 500, 500ms, 1);
  EXPECT_TRUE(sweep.all_once);
  EXPECT_EQ(sweep.answered + sweep.timed_out, 500U);
  EXPECT_EQ(sweep.wrong + sweep.other, 0U);
  EXPECT_GT(sweep.timed_out, 150U);
  EXPECT_GT(sweep.answered, 150U);
  // Timeouts overlap instead of adding up: the silent ones were all in flight together.
  EXPECT_GT(engine.stats().max_in_flight_seen, sweep.timed_out);
  // Deterministic silence: the same devices answer the second time.
  const Sweep again = sweepSysDescr(engine, sim.port(), 500, 500ms, 1);
  EXPECT_EQ(again.answered, sweep.answered);
}

TEST(SnmpEngineSimTest, SweepRate) {
  for (const std::size_t count : {500U, 5000U}) {
    Simulator sim(static_cast<int>(count));
    ASSERT_NE(sim.port(), 0) << sim.readyLine();
    SnmpEngine engine;
    const Sweep sweep = sweepSysDescr(engine, sim.port(), count, 2000ms, 2);
    EXPECT_TRUE(sweep.all_once);
    EXPECT_EQ(sweep.answered, count);
    const auto stats = engine.stats();
    std::printf(
        "[ rate     ] %zu devices: %.3f s, %.0f requests/s, %llu retransmitted, "
        "max in flight %zu\n",
        count, sweep.seconds, static_cast<double>(count) / sweep.seconds,
        static_cast<unsigned long long>(stats.retransmitted), stats.max_in_flight_seen);
    RecordProperty("requests_per_second_" + std::to_string(count),
                   static_cast<int>(static_cast<double>(count) / sweep.seconds));
  }
  // A /16 where 90 % are silent: bounded by window × timeout, not count × timeout.
  constexpr std::size_t kSlash16 = 65536;
  Simulator sim(static_cast<int>(kSlash16), 0.9);
  ASSERT_NE(sim.port(), 0) << sim.readyLine();
  SnmpEngine engine;
  const Sweep sweep = sweepSysDescr(engine, sim.port(), kSlash16, 300ms, 0);
  EXPECT_TRUE(sweep.all_once);
  EXPECT_EQ(sweep.answered + sweep.timed_out, kSlash16);
  std::printf(
      "[ rate     ] %zu addresses, 90%% silent, 300 ms timeout, no retries: %.3f s, "
      "%.0f addresses/s, %zu answered, max in flight %zu\n",
      kSlash16, sweep.seconds, static_cast<double>(kSlash16) / sweep.seconds, sweep.answered,
      engine.stats().max_in_flight_seen);
}

}  // namespace
}  // namespace pw::agent::snmp
