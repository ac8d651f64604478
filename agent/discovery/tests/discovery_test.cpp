// DiscoverySweep against printwarden-sim: 48 devices from 127.16.0.1 (a quarter silent, seed 7),
// swept over 127.16.0.1-127.16.0.64 so the last 16 addresses have no device at all. The
// expected vendor/model of device k is what Identifier gives for recording k % files (files
// sorted by name, as the simulator assigns them). Which devices are silent is learnt from the
// simulator itself with plain, patient GETs, not assumed.
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "agent/discovery/discovery.hpp"
#include "agent/identify/snmprec.hpp"
#include "tools/simulator/testing/simulator_process.hpp"

namespace pw::agent::discovery {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path kRecordings = PW_SIM_RECORDINGS;
constexpr std::uint32_t kFirstAddress = 0x7f100001;  // 127.16.0.1
constexpr std::size_t kDevices = 48;
constexpr std::size_t kSwept = 64;

// Identity of each recording, in the simulator's order (file names sorted).
std::vector<identify::DeviceIdentity> recordedIdentities() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kRecordings)) {
    if (entry.path().extension() == ".snmprec") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  const identify::Identifier identifier;
  std::vector<identify::DeviceIdentity> out;
  for (const fs::path& file : files) {
    out.push_back(identifier.identify(identify::SnmprecFile::load(file).values()));
  }
  return out;
}

// printwarden-sim: kDevices printers at 127.16.0.1 and up, a quarter of them silent.
class Simulator : public sim::testing::SimulatorProcess {
 public:
  Simulator()
      : SimulatorProcess({PW_SIM_BIN, kRecordings.string(), static_cast<int>(kDevices), 0.25, 7}) {}
};

struct Outcome {
  std::optional<SweepResult> result;
  std::vector<SweepProgress> progress;
  int completions = 0;
};

class DiscoverySweepSimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(sim_.port(), 0) << sim_.readyLine();
    expected_ = recordedIdentities();
    ASSERT_EQ(expected_.size(), 12U);
  }

  // One access profile per community, in order, all with `version`.
  SweepRequest request(const std::vector<std::string>& communities,
                       snmp::Version version = snmp::Version::kV2c) const {
    SweepRequest out;
    for (std::uint32_t i = 0; i < kSwept; ++i) out.addresses.push_back(kFirstAddress + i);
    for (const auto& community : communities) {
      AccessProfile profile;
      profile.target.port = sim_.port();
      profile.target.version = version;
      profile.target.community = community;
      profile.target.timeout = 300ms;
      profile.target.retries = 1;
      profile.credential_id = static_cast<std::int64_t>(out.profiles.size()) + 1;
      out.profiles.push_back(profile);
    }
    return out;
  }

  Outcome run(SweepRequest sweep_request) {
    std::mutex mutex;
    std::condition_variable cv;
    Outcome outcome;
    DiscoverySweep sweep(engine_);
    sweep.start(
        std::move(sweep_request),
        [&](const SweepProgress& progress) {
          std::lock_guard lock(mutex);
          outcome.progress.push_back(progress);
        },
        [&](SweepResult result) {
          std::lock_guard lock(mutex);
          ++outcome.completions;
          outcome.result = std::move(result);
          cv.notify_all();
        });
    std::unique_lock lock(mutex);
    EXPECT_TRUE(cv.wait_for(lock, 120s, [&] { return outcome.result.has_value(); }));
    return outcome;
  }

  // Addresses that answer a plain sysDescr GET with the right community (patiently).
  std::set<std::uint32_t> answering() {
    std::mutex mutex;
    std::condition_variable cv;
    std::set<std::uint32_t> out;
    std::size_t done = 0;
    for (std::uint32_t i = 0; i < kSwept; ++i) {
      snmp::Target target;
      target.ipv4 = kFirstAddress + i;
      target.port = sim_.port();
      target.timeout = 500ms;
      target.retries = 3;
      engine_.get(target, {{1, 3, 6, 1, 2, 1, 1, 1, 0}}, [&, i](snmp::SnmpResult result) {
        std::lock_guard lock(mutex);
        if (std::holds_alternative<snmp::Response>(result)) out.insert(kFirstAddress + i);
        ++done;
        cv.notify_all();
      });
    }
    std::unique_lock lock(mutex);
    EXPECT_TRUE(cv.wait_for(lock, 120s, [&] { return done == kSwept; }));
    return out;
  }

  // Every device found and identified as recorded, through profile `profile`.
  void expectIdentified(const SweepResult& result, std::size_t profile) {
    std::set<std::string> serials;
    for (const DiscoveredDevice& device : result.devices) {
      ASSERT_GE(device.address, kFirstAddress);
      const std::size_t k = device.address - kFirstAddress;
      ASSERT_LT(k, kDevices) << "a device reported where there is none";
      SCOPED_TRACE("device " + std::to_string(k));
      const identify::DeviceIdentity& want = expected_[k % expected_.size()];
      EXPECT_EQ(device.identity.vendor, want.vendor);
      EXPECT_EQ(device.identity.model, want.model);
      EXPECT_EQ(device.identity.is_printer, want.is_printer);
      EXPECT_EQ(device.profile, profile);
      EXPECT_TRUE(device.complete);
      EXPECT_EQ(want.serial.empty(), device.identity.serial.empty());
      if (!device.identity.serial.empty()) {
        EXPECT_NE(device.identity.serial, want.serial) << "the simulator varies serials";
        EXPECT_TRUE(serials.insert(device.identity.serial).second)
            << "duplicate serial " << device.identity.serial;
      }
    }
    EXPECT_GT(serials.size(), kDevices / 2);
  }

  static std::set<std::uint32_t> addressesOf(const SweepResult& result) {
    std::set<std::uint32_t> out;
    for (const DiscoveredDevice& device : result.devices) out.insert(device.address);
    return out;
  }

  Simulator sim_;
  snmp::SnmpEngine engine_;
  std::vector<identify::DeviceIdentity> expected_;
};

TEST_F(DiscoverySweepSimTest, IdentifiesEveryAnsweringDevice) {
  const std::set<std::uint32_t> live = answering();
  // seed 7 with a 25 % silent share leaves some devices silent and most answering.
  ASSERT_GT(live.size(), kDevices / 2);
  ASSERT_LT(live.size(), kDevices);

  const Outcome outcome = run(request({"public"}));
  ASSERT_TRUE(outcome.result);
  const SweepResult& result = *outcome.result;
  EXPECT_EQ(outcome.completions, 1);
  EXPECT_EQ(result.total, kSwept);
  EXPECT_TRUE(result.failures.empty()) << result.failures.front().message;
  EXPECT_EQ(addressesOf(result), live);
  EXPECT_EQ(result.silent, kSwept - live.size());
  EXPECT_TRUE(std::is_sorted(
      result.devices.begin(), result.devices.end(),
      [](const DiscoveredDevice& a, const DiscoveredDevice& b) { return a.address < b.address; }));
  expectIdentified(result, 0);

  // Progress: one report per address, monotonic, ending at the total.
  ASSERT_EQ(outcome.progress.size(), kSwept);
  for (std::size_t i = 1; i < outcome.progress.size(); ++i) {
    EXPECT_GT(outcome.progress[i].done, outcome.progress[i - 1].done);
  }
  const SweepProgress& last = outcome.progress.back();
  EXPECT_EQ(last.done, kSwept);
  EXPECT_EQ(last.total, kSwept);
  EXPECT_EQ(last.devices_found, live.size());
  const auto printers =
      std::count_if(result.devices.begin(), result.devices.end(),
                    [](const DiscoveredDevice& d) { return d.identity.is_printer; });
  EXPECT_EQ(last.printers_found, static_cast<std::size_t>(printers));
}

TEST_F(DiscoverySweepSimTest, WrongCommunityFindsNothing) {
  const Outcome outcome = run(request({"not-the-community"}));
  ASSERT_TRUE(outcome.result);
  EXPECT_TRUE(outcome.result->devices.empty());
  EXPECT_TRUE(outcome.result->failures.empty());
  EXPECT_EQ(outcome.result->silent, kSwept);
  ASSERT_FALSE(outcome.progress.empty());
  EXPECT_EQ(outcome.progress.back().done, kSwept);
  EXPECT_EQ(outcome.progress.back().printers_found, 0U);
}

TEST_F(DiscoverySweepSimTest, SecondCommunityInTheListFindsThem) {
  const std::set<std::uint32_t> live = answering();
  const Outcome outcome = run(request({"not-the-community", "public"}));
  ASSERT_TRUE(outcome.result);
  EXPECT_TRUE(outcome.result->failures.empty());
  EXPECT_EQ(addressesOf(*outcome.result), live);
  EXPECT_EQ(outcome.result->silent, kSwept - live.size());
  expectIdentified(*outcome.result, 1);
}

TEST_F(DiscoverySweepSimTest, V1SweepIdentifiesTheSameDevices) {
  // v1 answers a GET with one missing object by noSuchName for the whole request: the sweep
  // must fall back to one object per request and still reach the same identities.
  const std::set<std::uint32_t> live = answering();
  const Outcome v1_outcome = run(request({"public"}, snmp::Version::kV1));
  const Outcome v2_outcome = run(request({"public"}));
  ASSERT_TRUE(v1_outcome.result);
  ASSERT_TRUE(v2_outcome.result);
  EXPECT_TRUE(v1_outcome.result->failures.empty());
  EXPECT_EQ(addressesOf(*v1_outcome.result), live);
  expectIdentified(*v1_outcome.result, 0);
  ASSERT_EQ(v1_outcome.result->devices.size(), v2_outcome.result->devices.size());
  for (std::size_t i = 0; i < v1_outcome.result->devices.size(); ++i) {
    const DiscoveredDevice& one = v1_outcome.result->devices[i];
    const identify::DeviceIdentity& two = v2_outcome.result->devices[i].identity;
    SCOPED_TRACE("device " + std::to_string(one.address - kFirstAddress));
    EXPECT_EQ(one.identity.vendor, two.vendor);
    EXPECT_EQ(one.identity.model, two.model);
    EXPECT_EQ(one.identity.serial, two.serial);
    EXPECT_EQ(one.identity.firmware, two.firmware);
    EXPECT_EQ(one.identity.mac, two.mac);
    EXPECT_EQ(one.identity.name, two.name);
    EXPECT_EQ(one.identity, two);
  }
}

TEST_F(DiscoverySweepSimTest, EmptyAddressListCompletesAtOnce) {
  SweepRequest empty = request({"public"});
  empty.addresses.clear();
  const Outcome outcome = run(std::move(empty));
  ASSERT_TRUE(outcome.result);
  EXPECT_EQ(outcome.completions, 1);
  EXPECT_EQ(outcome.result->total, 0U);
  EXPECT_TRUE(outcome.result->devices.empty());
}

}  // namespace
}  // namespace pw::agent::discovery
