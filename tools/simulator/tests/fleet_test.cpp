// Fleet logic without sockets: lookups, v1/v2c errors, per-device variation.
#include <gtest/gtest.h>

#include <set>

#include "tools/simulator/fleet.hpp"

namespace pw::tools::simulator {
namespace {

using snmp::Oid;

Oid oid(std::string_view text) {
  return snmp::parseOid(text).value();
}

Recording testRecording() {
  Recording r;
  r.name = "test.snmprec";
  auto add = [&r](std::string_view o, snmp::Value v, Variation variation = Variation::kNone) {
    r.entries.push_back({oid(o), std::move(v), variation});
  };
  // Numeric order: .2 before .10 (string order would put .10 first).
  add("1.3.6.1.2.1.1.1.0", snmp::OctetString{"Test printer"});
  add("1.3.6.1.2.1.1.5.0", snmp::OctetString{"lab"}, Variation::kSysName);
  add("1.3.6.1.2.1.2.2.1.2.2", snmp::OctetString{"eth1"});
  add("1.3.6.1.2.1.2.2.1.2.10", snmp::OctetString{"eth9"});
  add("1.3.6.1.2.1.31.1.1.1.6.1", snmp::Counter64{5});
  add("1.3.6.1.2.1.43.5.1.1.17.1", snmp::OctetString{"SN0000000001"}, Variation::kSerial);
  return r;
}

snmp::Request request(snmp::Version version, snmp::PduType type, std::vector<std::string> oids) {
  snmp::Request r;
  r.version = version;
  r.community = "public";
  r.request_id = 5;
  r.type = type;
  for (const auto& o : oids) r.varbinds.push_back({oid(o)});
  return r;
}

const auto kNow = std::chrono::steady_clock::now();

TEST(SimFleetTest, GetNextFollowsNumericOrder) {
  Fleet fleet({testRecording()}, {});
  const auto r = fleet.answer(
      request(snmp::Version::kV2c, snmp::PduType::kGetNext, {"1.3.6.1.2.1.2.2.1.2.2"}), 0, kNow);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->varbinds.at(0).oid, oid("1.3.6.1.2.1.2.2.1.2.10"));
}

TEST(SimFleetTest, V2cGetReportsMissingPerVarbind) {
  Fleet fleet({testRecording()}, {});
  const auto r =
      fleet.answer(request(snmp::Version::kV2c, snmp::PduType::kGet,
                           {"1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.2.2.1.2.3", "1.3.6.1.2.1.99.1.0"}),
                   0, kNow);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error_status, snmp::ErrorStatus::kNoError);
  EXPECT_EQ(r->varbinds.at(0).value, snmp::Value{snmp::OctetString{"Test printer"}});
  EXPECT_EQ(r->varbinds.at(1).value, snmp::Value{snmp::NoSuchInstance{}});
  EXPECT_EQ(r->varbinds.at(2).value, snmp::Value{snmp::NoSuchObject{}});
}

TEST(SimFleetTest, V1ReportsNoSuchNameAndSkipsCounter64) {
  Fleet fleet({testRecording()}, {});
  const auto get = fleet.answer(request(snmp::Version::kV1, snmp::PduType::kGet,
                                        {"1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.31.1.1.1.6.1"}),
                                0, kNow);
  ASSERT_TRUE(get);
  EXPECT_EQ(get->error_status, snmp::ErrorStatus::kNoSuchName);
  EXPECT_EQ(get->error_index, 2);
  const auto next = fleet.answer(
      request(snmp::Version::kV1, snmp::PduType::kGetNext, {"1.3.6.1.2.1.2.2.1.2.10"}), 0, kNow);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->varbinds.at(0).oid, oid("1.3.6.1.2.1.43.5.1.1.17.1"));
  const auto end = fleet.answer(
      request(snmp::Version::kV1, snmp::PduType::kGetNext, {"1.3.6.1.2.1.43.5.1.1.17.1"}), 0, kNow);
  ASSERT_TRUE(end);
  EXPECT_EQ(end->error_status, snmp::ErrorStatus::kNoSuchName);
  EXPECT_EQ(end->error_index, 1);
}

TEST(SimFleetTest, GetBulkStopsAtTheEndOfTheView) {
  Fleet fleet({testRecording()}, {});
  auto bulk = request(snmp::Version::kV2c, snmp::PduType::kGetBulk,
                      {"1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.2.2.1.2"});
  bulk.non_repeaters = 1;
  bulk.max_repetitions = 50;
  const auto r = fleet.answer(bulk, 0, kNow);
  ASSERT_TRUE(r);
  // 1 non-repeater + the 4 entries after ifDescr + one endOfMibView.
  ASSERT_EQ(r->varbinds.size(), 6U);
  EXPECT_EQ(r->varbinds[0].oid, oid("1.3.6.1.2.1.1.5.0"));
  EXPECT_EQ(r->varbinds[1].oid, oid("1.3.6.1.2.1.2.2.1.2.2"));
  EXPECT_EQ(r->varbinds[5].value, snmp::Value{snmp::EndOfMibView{}});
}

TEST(SimFleetTest, WrongCommunityAndSilentDevicesGetNothing) {
  FleetSettings settings;
  settings.silent_share = 0.3;
  settings.seed = 7;
  Fleet fleet({testRecording()}, settings);
  auto wrong = request(snmp::Version::kV2c, snmp::PduType::kGet, {"1.3.6.1.2.1.1.1.0"});
  wrong.community = "private";
  int silent = 0;
  for (std::uint32_t d = 0; d < 1000; ++d) {
    EXPECT_FALSE(fleet.answer(wrong, d, kNow));
    if (fleet.isSilent(d)) ++silent;
  }
  EXPECT_GT(silent, 230);
  EXPECT_LT(silent, 370);
}

TEST(SimFleetTest, IdentityDiffersPerDeviceAndRepeatsPerSeed) {
  FleetSettings settings;
  settings.seed = 3;
  Fleet fleet({testRecording()}, settings);
  Fleet same({testRecording()}, settings);
  const Recording& r = fleet.recordingOf(0);
  std::set<std::string> serials;
  for (std::uint32_t d = 0; d < 20000; ++d) {
    const auto serial = std::get<snmp::OctetString>(fleet.valueOf(r.entries[5], d, kNow)).bytes;
    EXPECT_EQ(serial.size(), 12U);
    EXPECT_EQ(serial.substr(0, 6), "SN0000");
    serials.insert(serial);
  }
  EXPECT_EQ(serials.size(), 20000U);
  EXPECT_EQ(fleet.valueOf(r.entries[1], 42, kNow), same.valueOf(r.entries[1], 42, kNow));
  EXPECT_NE(fleet.valueOf(r.entries[1], 42, kNow), fleet.valueOf(r.entries[1], 43, kNow));
}

TEST(SimFleetTest, CountersAdvanceWithTime) {
  FleetSettings settings;
  settings.pages_per_minute = 600;
  Fleet fleet({testRecording()}, settings);
  const Entry counter{oid("1.3.6.1.2.1.43.10.2.1.4.1.1"), snmp::Counter32{1000},
                      Variation::kCounter};
  const auto at = [&](int seconds) {
    return std::get<snmp::Counter32>(
               fleet.valueOf(counter, 0, settings.started + std::chrono::seconds(seconds)))
        .value;
  };
  EXPECT_GE(at(0), 1000U);
  EXPECT_GT(at(60), at(0) + 200);  // at least half the average rate
}

TEST(SimFleetTest, LoadsEveryFixtureInNumericOrder) {
  for (const auto& file :
       std::filesystem::directory_iterator(std::string(PW_FIXTURES_DIR) + "/snmprec")) {
    std::vector<std::string> issues;
    const Recording r = loadRecording(file.path(), issues);
    EXPECT_FALSE(r.entries.empty()) << file.path();
    for (std::size_t i = 1; i < r.entries.size(); ++i) {
      EXPECT_LT(r.entries[i - 1].oid, r.entries[i].oid) << file.path();
    }
  }
}

}  // namespace
}  // namespace pw::tools::simulator
