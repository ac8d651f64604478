// Fleet logic without sockets: lookups, v1/v2c errors, per-device variation, supplies that
// deplete, injected error states.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "tools/simulator/fleet.hpp"

namespace pw::tools::simulator {
namespace {

using snmp::Oid;

Oid oid(std::string_view text) {
  return snmp::parseOid(text).value();
}

Recording fixture(std::string_view name) {
  std::vector<std::string> issues;
  return loadRecording(std::string(PW_FIXTURES_DIR) + "/snmprec/" + std::string(name), issues);
}

const Entry& entryAt(const Recording& r, std::string_view o) {
  const auto it = std::find_if(r.entries.begin(), r.entries.end(),
                               [&](const Entry& e) { return e.oid == oid(o); });
  if (it == r.entries.end()) throw std::out_of_range(std::string(o));
  return *it;
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

snmp::Request restart(std::string community, std::int32_t value,
                      snmp::Version version = snmp::Version::kV2c) {
  auto r = request(version, snmp::PduType::kSet, {"1.3.6.1.2.1.43.5.1.1.3.1"});
  r.community = std::move(community);
  r.varbinds[0].value = snmp::Integer{value};
  return r;
}

TEST(SimFleetTest, WritableDevicesRestartOnPrtGeneralResetOthersRefuse) {
  FleetSettings settings;
  settings.write_community = "writer";
  settings.writable_count = 1;  // device 0 writable, device 1 read-only
  settings.restart_time = std::chrono::seconds(5);
  Recording recording = testRecording();
  recording.entries.insert(
      recording.entries.begin() + 1,
      Entry{oid("1.3.6.1.2.1.1.3.0"), snmp::TimeTicks{100000}, Variation::kUptime});
  Fleet fleet({recording}, settings);
  const auto get = request(snmp::Version::kV2c, snmp::PduType::kGet, {"1.3.6.1.2.1.1.3.0"});

  // The read community may not write; the write community reads too.
  EXPECT_EQ(fleet.answer(restart("public", 4), 0, kNow)->error_status,
            snmp::ErrorStatus::kNotWritable);
  auto read_as_writer = get;
  read_as_writer.community = "writer";
  ASSERT_TRUE(fleet.answer(read_as_writer, 1, kNow));
  // A read-only device refuses (v1: noSuchName); a bad value or another object is refused.
  EXPECT_EQ(fleet.answer(restart("writer", 4), 1, kNow)->error_status,
            snmp::ErrorStatus::kNoAccess);
  EXPECT_EQ(fleet.answer(restart("writer", 4, snmp::Version::kV1), 1, kNow)->error_status,
            snmp::ErrorStatus::kNoSuchName);
  EXPECT_EQ(fleet.answer(restart("writer", 9), 0, kNow)->error_status,
            snmp::ErrorStatus::kWrongValue);
  auto name = restart("writer", 4);
  name.varbinds[0] = {oid("1.3.6.1.2.1.1.5.0"), snmp::OctetString{"x"}};
  EXPECT_EQ(fleet.answer(name, 0, kNow)->error_status, snmp::ErrorStatus::kNotWritable);
  // notResetting(3) is accepted and changes nothing.
  EXPECT_EQ(fleet.answer(restart("writer", 3), 0, kNow)->error_status, snmp::ErrorStatus::kNoError);
  EXPECT_TRUE(fleet.answer(get, 0, kNow + std::chrono::seconds(1)));

  // powerCycleReset(4): answered, then silent for the restart time, then back from uptime 0.
  const auto accepted = fleet.answer(restart("writer", 4), 0, kNow);
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->error_status, snmp::ErrorStatus::kNoError);
  EXPECT_FALSE(fleet.answer(get, 0, kNow + std::chrono::seconds(4)));
  EXPECT_TRUE(fleet.answer(get, 1, kNow + std::chrono::seconds(4)));  // the others answer
  const auto back = fleet.answer(get, 0, kNow + std::chrono::seconds(7));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->varbinds[0].value, snmp::Value{snmp::TimeTicks{200}});
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

// --- supplies -------------------------------------------------------------------------------

const std::string kSupplyLevel = "1.3.6.1.2.1.43.11.1.1.9.";

TEST(SimFleetTest, SupplyLevelsAreMarkedWithTheirCapacity) {
  const Recording dell = fixture("dell-laser_s5830dn.snmprec");
  EXPECT_EQ(entryAt(dell, kSupplyLevel + "1.1").variation, Variation::kSupply);
  EXPECT_EQ(entryAt(dell, kSupplyLevel + "1.1").capacity, 45000);  // absolute units
  EXPECT_EQ(entryAt(dell, kSupplyLevel + "1.4").capacity, 300000);
  const Recording sharp = fixture("sharp.snmprec");
  // Capacity -2 (unknown) with a real level: the level reads as a percentage.
  EXPECT_EQ(entryAt(sharp, kSupplyLevel + "1.5").variation, Variation::kSupply);
  EXPECT_EQ(entryAt(sharp, kSupplyLevel + "1.5").capacity, 100);
  // RFC 3805 special values stay as recorded.
  EXPECT_EQ(entryAt(sharp, kSupplyLevel + "1.14").variation, Variation::kNone);  // -2
  const Recording konica = fixture("konica_c250i.snmprec");
  EXPECT_EQ(entryAt(konica, kSupplyLevel + "1.13").variation, Variation::kNone);  // -3
}

TEST(SimFleetTest, SuppliesGoDownWithThePagesThatDriveTheCountersAndStopAtZero) {
  FleetSettings settings;
  settings.pages_per_minute = 600;
  settings.supply_life_pages = 1000;
  settings.seed = 9;
  Fleet fleet({fixture("konica_c250i.snmprec")}, settings);
  const Recording& r = fleet.recordingOf(0);
  const Entry& toner = entryAt(r, kSupplyLevel + "1.1");           // 76 of 100
  const Entry& special = entryAt(r, kSupplyLevel + "1.13");        // -3: some remaining
  const Entry& pages = entryAt(r, "1.3.6.1.2.1.43.10.2.1.4.1.1");  // prtMarkerLifeCount
  const auto at = [&](const Entry& e, std::uint32_t device, int seconds) {
    return fleet.valueOf(e, device, settings.started + std::chrono::seconds(seconds));
  };
  const auto level = [&](std::uint32_t device, int seconds) {
    return std::get<snmp::Integer>(at(toner, device, seconds)).value;
  };
  const auto counter = [&](std::uint32_t device, int seconds) {
    return std::get<snmp::Counter32>(at(pages, device, seconds)).value;
  };
  for (std::uint32_t device : {0U, 1U, 2U}) {
    EXPECT_EQ(level(device, 0), 76);
    std::int32_t previous = 76;
    for (int seconds = 5; seconds <= 600; seconds += 5) {
      const auto now = level(device, seconds);
      EXPECT_LE(now, previous) << device << " at " << seconds << " s";
      EXPECT_GE(now, 0);
      previous = now;
      // The page counter grew by exactly the pages the supplies were used for.
      EXPECT_EQ(counter(device, seconds) - counter(device, 0),
                static_cast<std::uint32_t>(
                    fleet.pagesPrinted(device, settings.started + std::chrono::seconds(seconds))));
    }
    // 60 s at 300..900 pages/min, a supply lasting 500..1500 pages: at least 20 % used.
    EXPECT_LE(level(device, 60), 56) << device;
    EXPECT_EQ(level(device, 86400), 0) << device;  // a day later: empty, not negative
    EXPECT_EQ(at(special, device, 86400), snmp::Value{snmp::Integer{-3}});
  }
  // Devices of one recording print at their own pace.
  EXPECT_NE(fleet.pagesPrinted(0, settings.started + std::chrono::seconds(60)),
            fleet.pagesPrinted(12, settings.started + std::chrono::seconds(60)));
}

TEST(SimFleetTest, SuppliesStayAsRecordedWhenNothingIsPrinted) {
  FleetSettings settings;
  settings.pages_per_minute = 0;
  Fleet fleet({fixture("dell-laser_s5830dn.snmprec")}, settings);
  const Entry& toner = entryAt(fleet.recordingOf(0), kSupplyLevel + "1.1");
  EXPECT_EQ(fleet.valueOf(toner, 5, settings.started + std::chrono::hours(1000)),
            snmp::Value{snmp::Integer{22050}});
}

// --- injected states -----------------------------------------------------------------------

const FleetAddresses kWhere{0x7f100001U, 100};  // 127.16.0.1, 100 devices
const auto kStart = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);

StateTable states(std::string_view json, const StateTable& previous = {},
                  std::chrono::steady_clock::time_point now = kStart) {
  auto parsed = parseStates(json, kWhere, previous, now);
  if (auto* error = std::get_if<std::string>(&parsed)) throw std::runtime_error(*error);
  return std::get<StateTable>(std::move(parsed));
}

std::string parseError(std::string_view json) {
  auto parsed = parseStates(json, kWhere, {}, kStart);
  const auto* error = std::get_if<std::string>(&parsed);
  return error != nullptr ? *error : "(accepted)";
}

TEST(SimStatesTest, FileNamesDevicesByIndexOrAddress) {
  const auto table = states(R"({"3": "paper-jam", "127.16.0.11": "door-open",
                                "99": "powered-off", "4": "recovered"})");
  ASSERT_EQ(table.size(), 4U);
  EXPECT_EQ(table.at(3).state, DeviceState::kPaperJam);
  EXPECT_EQ(table.at(10).state, DeviceState::kDoorOpen);
  EXPECT_EQ(table.at(99).state, DeviceState::kPoweredOff);
  EXPECT_EQ(table.at(4).state, DeviceState::kNormal);
  for (const auto state : visibleErrorStates()) {
    EXPECT_EQ(parseDeviceState(deviceStateName(state)), state);
  }
}

TEST(SimStatesTest, BadFilesAreRefusedWithTheReason) {
  EXPECT_EQ(parseError("{"), "not valid JSON");
  EXPECT_NE(parseError("[]").find("one JSON object"), std::string::npos);
  EXPECT_NE(parseError(R"({"100": "paper-jam"})").find("\"100\""), std::string::npos);
  EXPECT_NE(parseError(R"({"127.16.0.0": "paper-jam"})").find("127.16.0.0"), std::string::npos);
  EXPECT_NE(parseError(R"({"x": "paper-jam"})").find("\"x\""), std::string::npos);
  const auto bad_state = parseError(R"({"1": "on-fire"})");
  EXPECT_NE(bad_state.find("\"1\""), std::string::npos) << bad_state;
  EXPECT_NE(bad_state.find("paper-jam"), std::string::npos) << bad_state;
  EXPECT_NE(parseError(R"({"1": 5})").find("\"1\""), std::string::npos);
}

TEST(SimStatesTest, UnchangedStatesKeepTheirStartOnReload) {
  const auto first = states(R"({"1": "paper-jam", "2": "low-toner"})", {}, kStart);
  const auto later = kStart + std::chrono::minutes(5);
  const auto second = states(R"({"1": "paper-jam", "2": "no-toner"})", first, later);
  EXPECT_EQ(second.at(1).since, kStart);
  EXPECT_EQ(second.at(2).since, later);
}

snmp::Value getOne(const Fleet& fleet, std::uint32_t device, std::string_view o,
                   snmp::Version version = snmp::Version::kV2c) {
  const auto r =
      fleet.answer(request(version, snmp::PduType::kGet, {std::string(o)}), device, kNow);
  if (!r) return snmp::Null{};
  if (r->error_status != snmp::ErrorStatus::kNoError) return snmp::NoSuchObject{};
  return r->varbinds.at(0).value;
}

const std::string kHrDeviceStatus = "1.3.6.1.2.1.25.3.2.1.5.1";
const std::string kHrPrinterStatus = "1.3.6.1.2.1.25.3.5.1.1.1";
const std::string kErrorState = "1.3.6.1.2.1.25.3.5.1.2.1";
const std::string kAlert = "1.3.6.1.2.1.43.18.1.1.";

TEST(SimStatesTest, AJamShowsInStatusErrorBitsAndAnAlertRow) {
  Fleet fleet({fixture("sharp.snmprec")}, {});
  // As recorded: warning(3), lowToner (20 00), no alert table.
  EXPECT_EQ(getOne(fleet, 3, kHrDeviceStatus), snmp::Value{snmp::Integer{3}});
  EXPECT_EQ(getOne(fleet, 3, kErrorState),
            snmp::Value{snmp::OctetString{std::string("\x20\0", 2)}});
  EXPECT_EQ(getOne(fleet, 3, kAlert + "7.1.1"), snmp::Value{snmp::NoSuchObject{}});

  fleet.setStates(states(R"({"3": "paper-jam"})"));
  EXPECT_EQ(getOne(fleet, 3, kHrDeviceStatus), snmp::Value{snmp::Integer{5}});   // down
  EXPECT_EQ(getOne(fleet, 3, kHrPrinterStatus), snmp::Value{snmp::Integer{1}});  // other
  // jammed is bit 5: 0x04 in the first byte.
  EXPECT_EQ(getOne(fleet, 3, kErrorState),
            snmp::Value{snmp::OctetString{std::string("\x04\0", 2)}});
  EXPECT_EQ(getOne(fleet, 3, kAlert + "2.1.1"), snmp::Value{snmp::Integer{3}});   // critical
  EXPECT_EQ(getOne(fleet, 3, kAlert + "4.1.1"), snmp::Value{snmp::Integer{13}});  // mediaPath
  EXPECT_EQ(getOne(fleet, 3, kAlert + "7.1.1"), snmp::Value{snmp::Integer{8}});   // jam
  EXPECT_EQ(getOne(fleet, 3, kAlert + "8.1.1"), snmp::Value{snmp::OctetString{"Paper jam"}});
  EXPECT_EQ(getOne(fleet, 3, kAlert + "7.1.2"), snmp::Value{snmp::NoSuchInstance{}});
  // The same over v1, and the other devices are as recorded.
  EXPECT_EQ(getOne(fleet, 3, kAlert + "7.1.1", snmp::Version::kV1), snmp::Value{snmp::Integer{8}});
  EXPECT_EQ(getOne(fleet, 4, kHrDeviceStatus), snmp::Value{snmp::Integer{3}});

  // Recovered: back to the recording.
  fleet.setStates(states(R"({"3": "recovered"})"));
  EXPECT_EQ(getOne(fleet, 3, kHrDeviceStatus), snmp::Value{snmp::Integer{3}});
  EXPECT_EQ(getOne(fleet, 3, kAlert + "7.1.1"), snmp::Value{snmp::NoSuchObject{}});
}

TEST(SimStatesTest, EachStateSetsItsOwnErrorBit) {
  Fleet fleet({fixture("dell-laser_s5830dn.snmprec")}, {});
  const std::vector<std::pair<std::string, std::uint8_t>> bits = {
      {"low-paper", 0x80}, {"paper-out", 0x40}, {"low-toner", 0x20}, {"no-toner", 0x10},
      {"door-open", 0x08}, {"paper-jam", 0x04}, {"offline", 0x02},   {"service-call", 0x01}};
  for (const auto& [name, bit] : bits) {
    fleet.setStates(states(R"({"0": ")" + name + R"("})"));
    const auto value = getOne(fleet, 0, kErrorState);
    const std::string expected{static_cast<char>(bit), '\0'};
    EXPECT_EQ(value, snmp::Value{snmp::OctetString{expected}}) << name;
    const auto status = std::get<snmp::Integer>(getOne(fleet, 0, kHrDeviceStatus)).value;
    EXPECT_EQ(status, name.starts_with("low-") ? 3 : 5) << name;  // warning or down
  }
}

TEST(SimStatesTest, WalksMergeTheStateRowsIntoTheRecordingInOrder) {
  Fleet fleet({fixture("sharp.snmprec")}, {});
  fleet.setStates(states(R"({"0": "no-toner"})"));
  const Recording& r = fleet.recordingOf(0);
  for (const auto version : {snmp::Version::kV1, snmp::Version::kV2c}) {
    std::vector<snmp::VarBind> walk;
    Oid cursor = oid("1.3");
    while (true) {
      const auto resp = fleet.answer(
          request(version, snmp::PduType::kGetNext, {snmp::formatOid(cursor)}), 0, kNow);
      ASSERT_TRUE(resp);
      if (resp->error_status != snmp::ErrorStatus::kNoError ||
          snmp::isException(resp->varbinds.at(0).value)) {
        break;
      }
      ASSERT_LT(cursor, resp->varbinds.at(0).oid);
      cursor = resp->varbinds.at(0).oid;
      walk.push_back(resp->varbinds.at(0));
    }
    // Every recorded OID (v1: except Counter64) once, plus the state rows the recording lacks
    // (the alert row and, for this recording, hrPrinterStatus).
    std::set<Oid> expected;
    for (const auto& e : r.entries) {
      if (version == snmp::Version::kV2c || !std::holds_alternative<snmp::Counter64>(e.value)) {
        expected.insert(e.oid);
      }
    }
    for (const auto& row : stateRows(DeviceState::kNoToner, {})) expected.insert(row.oid);
    std::vector<Oid> walked;
    for (const auto& v : walk) walked.push_back(v.oid);
    EXPECT_EQ(walked, std::vector<Oid>(expected.begin(), expected.end()));
    EXPECT_GT(walked.size(), r.entries.size());
    const auto alert = std::find_if(walk.begin(), walk.end(), [](const snmp::VarBind& v) {
      return v.oid == oid(kAlert + "7.1.1");
    });
    ASSERT_NE(alert, walk.end());
    EXPECT_EQ(alert->value, snmp::Value{snmp::Integer{1101}});  // markerTonerEmpty
  }
  // GETBULK over the alert table: the 9 columns, then what follows in the recording.
  auto bulk = request(snmp::Version::kV2c, snmp::PduType::kGetBulk, {"1.3.6.1.2.1.43.18"});
  bulk.max_repetitions = 10;
  const auto resp = fleet.answer(bulk, 0, kNow);
  ASSERT_TRUE(resp);
  ASSERT_EQ(resp->varbinds.size(), 10U);
  for (std::uint32_t c = 1; c <= 9; ++c) {
    EXPECT_EQ(resp->varbinds[c - 1].oid, oid(kAlert + std::to_string(c) + ".1.1"));
  }
  EXPECT_FALSE(snmp::oidStartsWith(resp->varbinds[9].oid, oid("1.3.6.1.2.1.43.18")));
}

TEST(SimStatesTest, AlertTimeIsTheUptimeWhenTheStateBegan) {
  FleetSettings settings;
  Fleet fleet({fixture("sharp.snmprec")}, settings);
  const auto since = settings.started + std::chrono::seconds(42);
  fleet.setStates(StateTable{{0, InjectedState{DeviceState::kDoorOpen, since}}});
  const Entry& uptime = entryAt(fleet.recordingOf(0), "1.3.6.1.2.1.1.3.0");
  EXPECT_EQ(getOne(fleet, 0, kAlert + "9.1.1"), fleet.valueOf(uptime, 0, since));
  EXPECT_EQ(std::get<snmp::TimeTicks>(fleet.valueOf(uptime, 0, since)).value,
            std::get<snmp::TimeTicks>(uptime.value).value + 4200);
}

TEST(SimStatesTest, PoweredOffDevicesAreSilentUntilRecovered) {
  Fleet fleet({testRecording()}, {});
  fleet.setStates(states(R"({"7": "powered-off"})"));
  EXPECT_TRUE(fleet.isSilent(7));
  EXPECT_FALSE(fleet.isSilent(8));
  EXPECT_EQ(getOne(fleet, 7, "1.3.6.1.2.1.1.1.0"), snmp::Value{snmp::Null{}});  // no answer
  fleet.setStates(states(R"({"7": "recovered"})"));
  EXPECT_FALSE(fleet.isSilent(7));
  EXPECT_EQ(getOne(fleet, 7, "1.3.6.1.2.1.1.1.0"), snmp::Value{snmp::OctetString{"Test printer"}});
}

TEST(SimStatesTest, AReplacedDeviceAnswersWithAnotherPrintersIdentity) {
  Fleet fleet({fixture("sharp.snmprec")}, {});
  const std::string mac_oid = "1.3.6.1.2.1.2.2.1.6.1";
  const std::string serial_oid = "1.3.6.1.2.1.43.5.1.1.17.1";
  const auto mac = std::get<snmp::OctetString>(getOne(fleet, 3, mac_oid)).bytes;
  const auto serial = getOne(fleet, 3, serial_oid);
  fleet.setStates(states(R"({"3": "replaced"})"));
  const auto other = std::get<snmp::OctetString>(getOne(fleet, 3, mac_oid)).bytes;
  ASSERT_EQ(other.size(), 6U);
  EXPECT_NE(other, mac);
  EXPECT_EQ(static_cast<unsigned char>(other[0]), static_cast<unsigned char>(mac[0]) | 0x02);
  EXPECT_EQ(other.substr(1), mac.substr(1));
  EXPECT_NE(getOne(fleet, 3, serial_oid), serial);
  // Status as recorded, and the other devices keep their own identity.
  EXPECT_EQ(getOne(fleet, 3, kHrDeviceStatus), snmp::Value{snmp::Integer{3}});
  EXPECT_NE(std::get<snmp::OctetString>(getOne(fleet, 4, mac_oid)).bytes[0], other[0]);
  fleet.setStates(states(R"({"3": "recovered"})"));
  EXPECT_EQ(std::get<snmp::OctetString>(getOne(fleet, 3, mac_oid)).bytes, mac);
}

TEST(SimStatesTest, ErrorShareDrawsVisibleStatesFromTheSeedAndTheFileOverrides) {
  FleetSettings settings;
  settings.error_share = 0.2;
  settings.seed = 4;
  Fleet fleet({testRecording()}, settings);
  Fleet same({testRecording()}, settings);
  std::set<DeviceState> seen;
  int in_error = 0;
  for (std::uint32_t d = 0; d < 2000; ++d) {
    const auto state = fleet.stateOf(d).state;
    EXPECT_EQ(state, same.stateOf(d).state);
    EXPECT_NE(state, DeviceState::kPoweredOff);
    EXPECT_FALSE(fleet.isSilent(d));
    if (state != DeviceState::kNormal) ++in_error;
    seen.insert(state);
  }
  EXPECT_GT(in_error, 320);
  EXPECT_LT(in_error, 480);
  EXPECT_EQ(seen.size(), visibleErrorStates().size() + 1);  // every state drawn, and normal
  std::uint32_t drawn = 0;
  while (fleet.stateOf(drawn).state == DeviceState::kNormal) ++drawn;
  fleet.setStates(StateTable{{drawn, InjectedState{DeviceState::kNormal, kNow}}});
  EXPECT_EQ(fleet.stateOf(drawn).state, DeviceState::kNormal);
}

}  // namespace
}  // namespace pw::tools::simulator
