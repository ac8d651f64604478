// SnmpEngine over SNMPv3 against Debian's snmpd (createUser users, started on a free loopback
// port, killed by PID): every auth/priv pair snmpd offers, each USM failure classified, engine-ID
// discovery and its cache, time-window resync after a reboot, duplicate engine IDs, SET, walks
// compared with Debian's `snmpwalk -v3`, and snmpd killed in the middle of a walk.
#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "agent/snmp/engine.hpp"
#include "agent/snmp/tests/engine_waits.hpp"
#include "agent/snmp/tests/snmpd_process.hpp"
#include "tools/simulator/testing/simulator_process.hpp"

namespace pw::agent::snmp {
namespace {

namespace fs = std::filesystem;

const Oid kSysName = {1, 3, 6, 1, 2, 1, 1, 5, 0};
const Oid kSysContact = {1, 3, 6, 1, 2, 1, 1, 4, 0};
const Oid kSysLocation = {1, 3, 6, 1, 2, 1, 1, 6, 0};
const Oid kSystem = {1, 3, 6, 1, 2, 1, 1};
constexpr const char* kSysNameValue = "pw-v3-test";
constexpr std::uint32_t kLoopback = 0x7f000001;
constexpr const char* kAuthPassword = "auth-pass-1";
constexpr const char* kPrivPassword = "priv-pass-1";

struct Pair {
  AuthProtocol auth;
  const char* auth_name;  // snmpd.conf spelling
  PrivProtocol priv;
  const char* priv_name;
};

// Every authentication protocol with every privacy protocol Debian's snmpd 5.9 offers.
std::vector<Pair> allPairs() {
  const std::vector<std::pair<AuthProtocol, const char*>> auths = {
      {AuthProtocol::kMd5, "MD5"},        {AuthProtocol::kSha1, "SHA"},
      {AuthProtocol::kSha224, "SHA-224"}, {AuthProtocol::kSha256, "SHA-256"},
      {AuthProtocol::kSha384, "SHA-384"}, {AuthProtocol::kSha512, "SHA-512"}};
  const std::vector<std::pair<PrivProtocol, const char*>> privs = {
      {PrivProtocol::kNone, ""},
      {PrivProtocol::kDes, "DES"},
      {PrivProtocol::kAes128, "AES"},
      {PrivProtocol::kAes256, "AES256"},
      {PrivProtocol::kAes256Reeder, "AES256C"}};
  std::vector<Pair> out;
  for (const auto& [auth, auth_name] : auths) {
    for (const auto& [priv, priv_name] : privs) out.push_back({auth, auth_name, priv, priv_name});
  }
  return out;
}

std::string userName(const Pair& pair) {
  std::string name = std::string("u-") + pair.auth_name + "-" +
                     (pair.priv == PrivProtocol::kNone ? "none" : pair.priv_name);
  return name;
}

std::string usersConfig() {
  std::ostringstream conf;
  for (const Pair& pair : allPairs()) {
    conf << "createUser " << userName(pair) << " " << pair.auth_name << " " << kAuthPassword;
    if (pair.priv != PrivProtocol::kNone) conf << " " << pair.priv_name << " " << kPrivPassword;
    conf << "\nrouser " << userName(pair) << " "
         << (pair.priv == PrivProtocol::kNone ? "auth" : "priv") << "\n";
  }
  conf << "createUser anon\nrouser anon noauth\n"
       << "createUser writer SHA-256 " << kAuthPassword << " AES " << kPrivPassword << "\n"
       << "rwuser writer priv\n";
  return conf.str();
}

class SnmpEngineV3Test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(PW_SNMPD)) << "snmpd not installed (apt-get install snmpd)";
    snmpd_.emplace(label("a"), kSysNameValue, usersConfig());
    waitUntilAnswering(*snmpd_);
  }

  void TearDown() override {
    engine_.stop();
    if (HasFailure()) {
      if (snmpd_) snmpd_->keepDirectory();
      if (twin_) twin_->keepDirectory();
    }
    snmpd_.reset();
    twin_.reset();
  }

  static std::string label(const std::string& which) {
    return "v3-" + which + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }

  // Ready when it answers v2c: snmpd binds its port only after reading the configuration.
  void waitUntilAnswering(const testing::SnmpdProcess& snmpd) {
    SnmpEngine probe_engine;
    Target probe;
    probe.ipv4 = kLoopback;
    probe.port = static_cast<std::uint16_t>(snmpd.port());
    probe.timeout = 200ms;
    probe.retries = 0;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (true) {
      const auto result = runOne([&](Callback cb) { probe_engine.get(probe, {kSysName}, cb); });
      if (std::holds_alternative<Response>(result)) break;
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "snmpd did not answer";
      ASSERT_TRUE(snmpd.running()) << "snmpd exited; see " << snmpd.directory();
    }
  }

  Target v3Target(const std::string& user, SecurityLevel level,
                  AuthProtocol auth = AuthProtocol::kSha256,
                  PrivProtocol priv = PrivProtocol::kAes128) const {
    Target target;
    target.ipv4 = kLoopback;
    target.port = static_cast<std::uint16_t>(snmpd_->port());
    target.version = Version::kV3;
    target.timeout = 1000ms;
    target.retries = 1;
    target.v3.user = user;
    target.v3.level = level;
    target.v3.auth_protocol = auth;
    target.v3.auth_password = kAuthPassword;
    target.v3.priv_protocol = priv;
    target.v3.priv_password = kPrivPassword;
    return target;
  }

  Target writer() const { return v3Target("writer", SecurityLevel::kAuthPriv); }

  SnmpError expectError(const Target& target, ErrorClass kind, const std::string& words) {
    const auto result = runOne([&](Callback cb) { engine_.get(target, {kSysName}, cb); });
    EXPECT_TRUE(std::holds_alternative<SnmpError>(result)) << "expected an error";
    if (!std::holds_alternative<SnmpError>(result)) return {};
    const SnmpError error = std::get<SnmpError>(result);
    EXPECT_EQ(error.kind, kind) << errorText(result);
    EXPECT_NE(error.message.find(words), std::string::npos) << error.message;
    // Secrets never appear in messages.
    EXPECT_EQ(error.message.find(kAuthPassword), std::string::npos);
    EXPECT_EQ(error.message.find(kPrivPassword), std::string::npos);
    return error;
  }

  // OIDs printed by Debian's snmpwalk -v3 for the subtree.
  std::vector<Oid> snmpwalkV3(const std::string& security, const Oid& root) const {
    return snmpwalkOids(PW_SNMPWALK, "-v3 " + security, snmpd_->port(), root);
  }

  std::optional<testing::SnmpdProcess> snmpd_;
  std::optional<testing::SnmpdProcess> twin_;
  SnmpEngine engine_;
};

TEST_F(SnmpEngineV3Test, EveryAuthAndPrivPairSnmpdOffersWorks) {
  std::vector<Pair> pairs = allPairs();
  Collector collector(pairs.size() + 1);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const Pair& pair = pairs[i];
    const SecurityLevel level =
        pair.priv == PrivProtocol::kNone ? SecurityLevel::kAuthNoPriv : SecurityLevel::kAuthPriv;
    engine_.get(v3Target(userName(pair), level, pair.auth, pair.priv), {kSysName},
                collector.slot(i));
  }
  engine_.get(v3Target("anon", SecurityLevel::kNoAuthNoPriv), {kSysName},
              collector.slot(pairs.size()));
  ASSERT_TRUE(collector.wait(60s));
  for (std::size_t i = 0; i <= pairs.size(); ++i) {
    const std::string who = i < pairs.size() ? userName(pairs[i]) : "anon";
    const SnmpResult& result = collector.result(i);
    ASSERT_TRUE(std::holds_alternative<Response>(result)) << who << ": " << errorText(result);
    const auto& response = std::get<Response>(result);
    EXPECT_EQ(response.version, Version::kV3);
    ASSERT_EQ(response.varbinds.size(), 1U) << who;
    EXPECT_EQ(response.varbinds[0].value, Value{OctetString{kSysNameValue}}) << who;
  }
}

TEST_F(SnmpEngineV3Test, TheEngineIdIsDiscoveredOnceAndReused) {
  const Target target = writer();
  const auto before = engine_.stats();
  const auto first = runOne([&](Callback cb) { engine_.get(target, {kSysName}, cb); });
  ASSERT_TRUE(std::holds_alternative<Response>(first)) << errorText(first);
  const auto middle = engine_.stats();
  EXPECT_EQ(middle.sent - before.sent, 2U);  // probe + request
  EXPECT_EQ(middle.discovery_probes - before.discovery_probes, 1U);
  const auto second = runOne([&](Callback cb) { engine_.get(target, {kSysName}, cb); });
  ASSERT_TRUE(std::holds_alternative<Response>(second)) << errorText(second);
  const auto after = engine_.stats();
  EXPECT_EQ(after.sent - middle.sent, 1U);  // the cached engine ID: no probe
  EXPECT_EQ(after.discovery_probes, middle.discovery_probes);
  EXPECT_TRUE(engine_.duplicateEngineIds().empty());
}

// Requests to an endpoint whose engine ID is being discovered wait for that one probe.
TEST_F(SnmpEngineV3Test, ConcurrentFirstRequestsShareOneDiscoveryProbe) {
  constexpr std::size_t kRequests = 8;
  Collector collector(kRequests);
  for (std::size_t i = 0; i < kRequests; ++i) {
    engine_.get(writer(), {kSysName}, collector.slot(i));
  }
  ASSERT_TRUE(collector.wait(30s));
  for (std::size_t i = 0; i < kRequests; ++i) {
    EXPECT_TRUE(std::holds_alternative<Response>(collector.result(i)))
        << errorText(collector.result(i));
    EXPECT_EQ(collector.calls(i), 1);
  }
  EXPECT_EQ(engine_.stats().discovery_probes, 1U);
  EXPECT_EQ(engine_.stats().sent, kRequests + 1);

  // A silent endpoint: the parked requests end with the probe's timeout, each exactly once.
  Target silent = writer();
  silent.port = static_cast<std::uint16_t>(testing::freeUdpPort());
  silent.timeout = 200ms;
  silent.retries = 0;
  Collector timeouts(kRequests);
  for (std::size_t i = 0; i < kRequests; ++i) engine_.get(silent, {kSysName}, timeouts.slot(i));
  ASSERT_TRUE(timeouts.wait(30s));
  for (std::size_t i = 0; i < kRequests; ++i) {
    ASSERT_TRUE(std::holds_alternative<SnmpError>(timeouts.result(i)));
    EXPECT_EQ(std::get<SnmpError>(timeouts.result(i)).kind, ErrorClass::kTimeout);
    EXPECT_EQ(timeouts.calls(i), 1);
  }
  EXPECT_EQ(engine_.stats().discovery_probes, 2U);
}

TEST_F(SnmpEngineV3Test, WrongAuthenticationPasswordIsAWrongDigest) {
  Target target = writer();
  target.v3.auth_password = "not-the-password";
  expectError(target, ErrorClass::kAuthentication, "wrong digest");
}

// snmpd drops what it cannot decrypt without a Report; the engine tells that from silence.
TEST_F(SnmpEngineV3Test, WrongPrivacyPasswordIsAnAuthenticationError) {
  Target target = writer();
  target.v3.priv_password = "not-the-password";
  target.timeout = 300ms;
  target.retries = 0;
  expectError(target, ErrorClass::kAuthentication, "privacy password or protocol");
  Target des = writer();
  des.v3.priv_protocol = PrivProtocol::kDes;  // the user has AES
  des.timeout = 300ms;
  des.retries = 0;
  expectError(des, ErrorClass::kAuthentication, "privacy password or protocol (DES)");
}

TEST_F(SnmpEngineV3Test, UnknownUserAndWrongSecurityLevelsAreAuthenticationErrors) {
  expectError(v3Target("nobody", SecurityLevel::kAuthNoPriv), ErrorClass::kAuthentication,
              "unknown user name");
  // authPriv for a user without a privacy key.
  expectError(v3Target("u-SHA-256-none", SecurityLevel::kAuthPriv), ErrorClass::kAuthentication,
              "security level authPriv not supported");
  // authNoPriv for a user whose access needs privacy: snmpd's access control refuses.
  expectError(v3Target("writer", SecurityLevel::kAuthNoPriv), ErrorClass::kAuthentication,
              "authorizationError");
}

TEST_F(SnmpEngineV3Test, BadCredentialsAreMisconfiguredBeforeAnythingIsSent) {
  const auto before = engine_.stats();
  Target short_password = writer();
  short_password.v3.auth_password = "short";
  expectError(short_password, ErrorClass::kMisconfigured, "8+ characters");
  Target no_user = writer();
  no_user.v3.user.clear();
  expectError(no_user, ErrorClass::kMisconfigured, "user name");
  EXPECT_EQ(engine_.stats().sent, before.sent);
}

// snmpd drops requests for contexts it does not serve, without a Report; the follow-up
// discovery probe shows the agent is there.
TEST_F(SnmpEngineV3Test, AnUnknownContextIsNamedInTheError) {
  Target target = v3Target("u-SHA-256-none", SecurityLevel::kAuthNoPriv);
  target.timeout = 300ms;
  target.v3.context_name = "no-such-context";
  expectError(target, ErrorClass::kMisconfigured, "context 'no-such-context'");
  Target with_privacy = writer();
  with_privacy.timeout = 300ms;
  with_privacy.v3.context_name = "no-such-context";
  expectError(with_privacy, ErrorClass::kAuthentication, "context 'no-such-context'");
  // The default (empty) context works for the same user.
  const auto ok = runOne([&](Callback cb) {
    engine_.get(v3Target("u-SHA-256-none", SecurityLevel::kAuthNoPriv), {kSysName}, cb);
  });
  EXPECT_TRUE(std::holds_alternative<Response>(ok)) << errorText(ok);
}

TEST_F(SnmpEngineV3Test, WalksEqualSnmpwalkV3) {
  const std::string security = "-l authPriv -u writer -a SHA-256 -A " + std::string(kAuthPassword) +
                               " -x AES -X " + kPrivPassword;
  const std::vector<Oid> expected = snmpwalkV3(security, kSystem);
  ASSERT_GT(expected.size(), 5U);
  WalkOptions pages;
  pages.max_repetitions = 4;
  const WalkResult walk = runWalk(engine_, writer(), kSystem, pages);
  EXPECT_FALSE(walk.error) << walk.error->message;
  EXPECT_FALSE(walk.used_getnext_fallback);
  EXPECT_EQ(oidsOf(walk.rows), expected);
  EXPECT_LT(walk.requests, static_cast<int>(expected.size()));  // GetBulk pages

  const Oid interfaces = {1, 3, 6, 1, 2, 1, 2};
  const std::string des_security = std::string("-l authPriv -u u-MD5-DES -a MD5 -A ") +
                                   kAuthPassword + " -x DES -X " + kPrivPassword;
  const WalkResult des = runWalk(
      engine_,
      v3Target("u-MD5-DES", SecurityLevel::kAuthPriv, AuthProtocol::kMd5, PrivProtocol::kDes),
      interfaces);
  EXPECT_FALSE(des.error) << des.error->message;
  EXPECT_EQ(oidsOf(des.rows), snmpwalkV3(des_security, interfaces));
}

TEST_F(SnmpEngineV3Test, SetWritesAndRefusalsAreRejected) {
  const Target target = writer();
  const std::string contact = "printwarden-admin@example.org";
  const auto set = runOne([&](Callback cb) {
    engine_.set(target, {{kSysContact, OctetString{contact}}}, cb);
  });
  ASSERT_TRUE(std::holds_alternative<Response>(set)) << errorText(set);
  const auto get = runOne([&](Callback cb) { engine_.get(target, {kSysContact}, cb); });
  ASSERT_TRUE(std::holds_alternative<Response>(get)) << errorText(get);
  EXPECT_EQ(std::get<Response>(get).varbinds.at(0).value, Value{OctetString{contact}});

  // sysLocation is fixed by snmpd.conf: not writable.
  const auto fixed = runOne([&](Callback cb) {
    engine_.set(target, {{kSysLocation, OctetString{"elsewhere"}}}, cb);
  });
  ASSERT_TRUE(std::holds_alternative<SnmpError>(fixed));
  EXPECT_EQ(std::get<SnmpError>(fixed).kind, ErrorClass::kRejected) << errorText(fixed);
  EXPECT_NE(std::get<SnmpError>(fixed).message.find("notWritable"), std::string::npos)
      << errorText(fixed);

  // A read-only user: the access control refuses the write.
  const Target reader = v3Target("u-SHA-256-AES", SecurityLevel::kAuthPriv, AuthProtocol::kSha256);
  const auto refused = runOne([&](Callback cb) {
    engine_.set(reader, {{kSysContact, OctetString{"intruder"}}}, cb);
  });
  ASSERT_TRUE(std::holds_alternative<SnmpError>(refused));
  const auto& error = std::get<SnmpError>(refused);
  EXPECT_TRUE(error.kind == ErrorClass::kRejected || error.kind == ErrorClass::kAuthentication)
      << errorText(refused);
  EXPECT_TRUE(error.message.find("noAccess") != std::string::npos ||
              error.message.find("notWritable") != std::string::npos ||
              error.message.find("authorizationError") != std::string::npos)
      << error.message;

  // Over v2c with the read-only community too.
  Target v2c;
  v2c.ipv4 = kLoopback;
  v2c.port = static_cast<std::uint16_t>(snmpd_->port());
  const auto v2c_refused = runOne([&](Callback cb) {
    engine_.set(v2c, {{kSysContact, OctetString{"intruder"}}}, cb);
  });
  ASSERT_TRUE(std::holds_alternative<SnmpError>(v2c_refused));
  EXPECT_EQ(std::get<SnmpError>(v2c_refused).kind, ErrorClass::kRejected) << errorText(v2c_refused);
}

// A reboot raises snmpEngineBoots: the cached boots are stale, the agent answers
// notInTimeWindow (authenticated), the engine resyncs and the request succeeds.
TEST_F(SnmpEngineV3Test, ARebootIsResyncedThroughNotInTimeWindow) {
  const Target target = writer();
  const auto first = runOne([&](Callback cb) { engine_.get(target, {kSysName}, cb); });
  ASSERT_TRUE(std::holds_alternative<Response>(first)) << errorText(first);
  snmpd_->restart();  // same engine ID, boots + 1
  waitUntilAnswering(*snmpd_);
  const auto before = engine_.stats();
  const auto second = runOne([&](Callback cb) { engine_.get(target, {kSysName}, cb); });
  ASSERT_TRUE(std::holds_alternative<Response>(second)) << errorText(second);
  const auto after = engine_.stats();
  EXPECT_EQ(after.time_resyncs - before.time_resyncs, 1U);
  EXPECT_EQ(after.discovery_probes, before.discovery_probes);
}

// A replacement device (new engine ID at the same address) answers unknownEngineID; the engine
// learns the new ID and the request succeeds.
TEST_F(SnmpEngineV3Test, ANewEngineIdAtTheSameAddressIsRelearned) {
  const Target target = writer();
  const auto first = runOne([&](Callback cb) { engine_.get(target, {kSysName}, cb); });
  ASSERT_TRUE(std::holds_alternative<Response>(first)) << errorText(first);
  snmpd_->restart(false);  // state forgotten: a new engine ID
  waitUntilAnswering(*snmpd_);
  const auto before = engine_.stats();
  const auto second = runOne([&](Callback cb) { engine_.get(target, {kSysName}, cb); });
  ASSERT_TRUE(std::holds_alternative<Response>(second)) << errorText(second);
  EXPECT_EQ(engine_.stats().reports - before.reports, 1U);
  EXPECT_TRUE(engine_.duplicateEngineIds().empty());
}

TEST_F(SnmpEngineV3Test, DuplicateEngineIdsAreReported) {
  const std::string engine_line = "engineID printwarden-clone\n";
  snmpd_.reset();
  snmpd_.emplace(label("a"), kSysNameValue, usersConfig() + engine_line);
  twin_.emplace(label("b"), kSysNameValue, usersConfig() + engine_line);
  waitUntilAnswering(*snmpd_);
  waitUntilAnswering(*twin_);
  Target one = writer();
  Target two = writer();
  two.port = static_cast<std::uint16_t>(twin_->port());
  for (const Target& target : {one, two}) {
    const auto result = runOne([&](Callback cb) { engine_.get(target, {kSysName}, cb); });
    ASSERT_TRUE(std::holds_alternative<Response>(result)) << errorText(result);
  }
  const auto duplicates = engine_.duplicateEngineIds();
  ASSERT_EQ(duplicates.size(), 1U);
  EXPECT_NE(duplicates[0].engine_id.find("printwarden-clone"), std::string::npos);
  EXPECT_EQ(duplicates[0].endpoints,
            (std::vector<std::string>{
                "127.0.0.1:" + std::to_string(std::min(snmpd_->port(), twin_->port())),
                "127.0.0.1:" + std::to_string(std::max(snmpd_->port(), twin_->port()))}));
}

// snmpd killed (by PID) while a long walk runs: the walk ends with kTimeout, keeps the rows it
// had, and the engine stays usable.
TEST_F(SnmpEngineV3Test, AgentStoppedMidWalkEndsWithTimeoutKeepingRows) {
  Target target = writer();
  target.timeout = 300ms;
  target.retries = 1;
  WalkOptions one_by_one;
  one_by_one.max_repetitions = 1;  // many requests: time to stop the agent in the middle
  std::mutex mutex;
  std::condition_variable cv;
  std::optional<WalkResult> out;
  engine_.walk(
      target, Oid{1, 3, 6, 1},
      [&](WalkResult result) {
        std::lock_guard lock(mutex);
        out = std::move(result);
        cv.notify_all();
      },
      one_by_one);
  const auto start = engine_.stats().received;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (engine_.stats().received < start + 30) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "walk made no progress";
    std::this_thread::sleep_for(10ms);  // polling a condition, not timing anything
  }
  snmpd_->stop();
  std::unique_lock lock(mutex);
  ASSERT_TRUE(cv.wait_for(lock, 60s, [&] { return out.has_value(); }));
  ASSERT_TRUE(out->error.has_value()) << "the walk cannot have finished: 1.3.6.1 is large";
  EXPECT_EQ(out->error->kind, ErrorClass::kTimeout) << out->error->message;
  EXPECT_GE(out->rows.size(), 20U);
  for (std::size_t i = 1; i < out->rows.size(); ++i) {
    EXPECT_LT(out->rows[i - 1].oid, out->rows[i].oid);
  }
}

// --- printwarden-sim ---------------------------------------------------------------------

// The simulator as a fleet of SNMPv3 agents: each device its own engine, except groups that
// share one (--duplicate-engine-ids), which the engine reports.
TEST(SnmpEngineV3SimulatorTest, AFleetOverV3WithClonedEngineIds) {
  constexpr int kDevices = 600;
  constexpr int kGroup = 3;  // devices 0-2 share one engine ID, 3-5 the next, ...
  const sim::testing::SimulatorOptions options{PW_SIM_BIN, PW_SIM_RECORDINGS, kDevices, 0.0,
                                               std::nullopt};
  sim::testing::SimulatorProcess simulator(
      options, {"--v3-user", "fleet", "--v3-auth-key", kAuthPassword, "--v3-priv-key",
                kPrivPassword, "--v3-auth-protocol", "SHA-256", "--v3-priv-protocol", "AES-256",
                "--duplicate-engine-ids", std::to_string(kGroup)});
  ASSERT_NE(simulator.port(), 0) << simulator.readyLine();
  SnmpEngine engine;
  Collector collector(kDevices);
  const auto start = std::chrono::steady_clock::now();
  for (int k = 0; k < kDevices; ++k) {
    Target target;
    target.ipv4 = 0x7f100001U + static_cast<std::uint32_t>(k);  // 127.16.0.1 + k
    target.port = simulator.port();
    target.version = Version::kV3;
    target.timeout = 2000ms;
    target.retries = 2;
    target.v3.user = "fleet";
    target.v3.auth_protocol = AuthProtocol::kSha256;
    target.v3.auth_password = kAuthPassword;
    target.v3.priv_protocol = PrivProtocol::kAes256;
    target.v3.priv_password = kPrivPassword;
    engine.get(target, {kSysName}, collector.slot(static_cast<std::size_t>(k)));
  }
  ASSERT_TRUE(collector.wait(120s));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (int k = 0; k < kDevices; ++k) {
    const SnmpResult& result = collector.result(static_cast<std::size_t>(k));
    ASSERT_TRUE(std::holds_alternative<Response>(result)) << k << ": " << errorText(result);
  }
  const auto duplicates = engine.duplicateEngineIds();
  ASSERT_EQ(duplicates.size(), static_cast<std::size_t>(kDevices / kGroup));
  for (const auto& duplicate : duplicates) EXPECT_EQ(duplicate.endpoints.size(), 3U);
  const auto stats = engine.stats();
  EXPECT_EQ(stats.discovery_probes, static_cast<std::uint64_t>(kDevices));
  // A figure, not a bound: first contact costs a probe and a request per device.
  ::testing::Test::RecordProperty("v3_first_contact_gets_per_second",
                                  static_cast<int>(kDevices / seconds));
  std::printf("SNMPv3 authPriv first contact: %d devices in %.2f s (%d datagrams sent)\n", kDevices,
              seconds, static_cast<int>(stats.sent));
}

}  // namespace
}  // namespace pw::agent::snmp
