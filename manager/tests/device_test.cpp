// The device rules: identity matching, normalisation and validation of what administrators
// and requests send.
#include "manager/core/device.hpp"

#include <gtest/gtest.h>

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

const Clock::TimePoint kT0 = fromUnixSeconds(1'800'000'000);

Device device(std::int64_t id, const std::string& mac, const std::string& serial,
              const std::string& ip, const std::string& model = "LaserJet M507",
              Clock::TimePoint last_seen = kT0) {
  Device d;
  d.id = id;
  d.identity = {"HP", model, serial, "1.0", mac};
  d.ip_address = ip;
  d.first_seen = kT0;
  d.last_seen = last_seen;
  return d;
}

DiscoveryReport report(const std::string& mac, const std::string& serial, const std::string& ip,
                       const std::string& model = "LaserJet M507") {
  DiscoveryReport r;
  r.identity = {"HP", model, serial, "1.0", mac};
  r.ip_address = ip;
  return r;
}

constexpr const char* kMacA = "00:11:22:33:44:aa";
constexpr const char* kMacB = "00:11:22:33:44:bb";

TEST(MatchDevice, NothingToMatchMeansANewDevice) {
  EXPECT_EQ(matchDevice({}, report(kMacA, "S1", "10.0.0.1")), std::nullopt);
  const std::vector<Device> known{device(1, kMacB, "S2", "10.0.0.2")};
  EXPECT_EQ(matchDevice(known, report(kMacA, "S1", "10.0.0.1")), std::nullopt);
}

TEST(MatchDevice, MacAndSerialIdentifyTheDeviceWhateverItsAddress) {
  const std::vector<Device> known{device(1, kMacA, "S1", "10.0.0.1"),
                                  device(2, kMacB, "S2", "10.0.0.2")};
  EXPECT_EQ(matchDevice(known, report(kMacA, "S1", "10.0.0.1")), 1);
  EXPECT_EQ(matchDevice(known, report(kMacA, "S1", "10.9.9.9")), 1);  // moved
  // Another device's old address is no reason to merge with it.
  EXPECT_EQ(matchDevice(known, report(kMacB, "S2", "10.0.0.1")), 2);
}

TEST(MatchDevice, SameMacWithAnotherSerialIsAnotherDevice) {
  // A print server moved to another printer: same MAC, different serial.
  const std::vector<Device> known{device(1, kMacA, "S1", "10.0.0.1")};
  EXPECT_EQ(matchDevice(known, report(kMacA, "S9", "10.0.0.1")), std::nullopt);
}

TEST(MatchDevice, ExactMacAndSerialBeatsAMacOnlyDevice) {
  const std::vector<Device> known{device(1, kMacA, "", "10.0.0.1"),
                                  device(2, kMacA, "S1", "10.0.0.2")};
  EXPECT_EQ(matchDevice(known, report(kMacA, "S1", "10.0.0.1")), 2);
}

TEST(MatchDevice, MacAloneMatchesWhenOneSideDoesNotKnowTheSerial) {
  const std::vector<Device> without_serial{device(1, kMacA, "", "10.0.0.1")};
  EXPECT_EQ(matchDevice(without_serial, report(kMacA, "S1", "10.0.0.5")), 1);
  const std::vector<Device> with_serial{device(1, kMacA, "S1", "10.0.0.1")};
  EXPECT_EQ(matchDevice(with_serial, report(kMacA, "", "10.0.0.5")), 1);
}

TEST(MatchDevice, SerialAndModelMatchWhenTheMacIsUnknown) {
  const std::vector<Device> known{device(1, "", "S1", "10.0.0.1", "LaserJet M507")};
  EXPECT_EQ(matchDevice(known, report("", "S1", "10.0.0.7", "laserjet m507")), 1);
  // The serial alone is not enough: serials are only unique within a vendor's model line.
  EXPECT_EQ(matchDevice(known, report("", "S1", "10.0.0.7", "imageRUNNER C3226")), std::nullopt);
  EXPECT_EQ(matchDevice(known, report("", "S1", "10.0.0.7", "")), std::nullopt);
  // The report knows a MAC the device does not: still the same device.
  EXPECT_EQ(matchDevice(known, report(kMacA, "S1", "10.0.0.7")), 1);
}

TEST(MatchDevice, SerialAndModelDoNotOverrideAContradictingMac) {
  const std::vector<Device> known{device(1, kMacB, "S1", "10.0.0.1")};
  EXPECT_EQ(matchDevice(known, report(kMacA, "S1", "10.0.0.1")), std::nullopt);
}

TEST(MatchDevice, IpAddressIsTheLastResort) {
  const std::vector<Device> unknown_identity{device(1, "", "", "10.0.0.1")};
  EXPECT_EQ(matchDevice(unknown_identity, report("", "", "10.0.0.1")), 1);
  EXPECT_EQ(matchDevice(unknown_identity, report(kMacA, "S1", "10.0.0.1")), 1);
  EXPECT_EQ(matchDevice(unknown_identity, report("", "", "10.0.0.2")), std::nullopt);
  // The address was handed to another printer: a contradiction keeps them apart.
  const std::vector<Device> known{device(1, kMacA, "S1", "10.0.0.1")};
  EXPECT_EQ(matchDevice(known, report(kMacB, "", "10.0.0.1")), std::nullopt);
  EXPECT_EQ(matchDevice(known, report("", "S2", "10.0.0.1")), std::nullopt);
  EXPECT_EQ(matchDevice(known, report("", "", "10.0.0.1")), 1);
}

TEST(MatchDevice, NothingKnownMatchesNothing) {
  const std::vector<Device> known{device(1, "", "", "")};
  EXPECT_EQ(matchDevice(known, report("", "", "")), std::nullopt);
}

TEST(MatchDevice, PrefersTheMostRecentlySeenThenTheLowestId) {
  const std::vector<Device> known{device(3, "", "", "10.0.0.1", "M", kT0),
                                  device(2, "", "", "10.0.0.1", "M", kT0 + 1h),
                                  device(1, "", "", "10.0.0.1", "M", kT0)};
  EXPECT_EQ(matchDevice(known, report("", "", "10.0.0.1")), 2);
  const std::vector<Device> tied{device(3, "", "", "10.0.0.1"), device(1, "", "", "10.0.0.1")};
  EXPECT_EQ(matchDevice(tied, report("", "", "10.0.0.1")), 1);
}

TEST(MatchDevice, RemovedDevicesAreRecognised) {
  auto removed = device(1, kMacA, "S1", "10.0.0.1");
  removed.state = DeviceState::kRemoved;
  const std::vector<Device> known{removed};
  EXPECT_EQ(matchDevice(known, report(kMacA, "S1", "10.0.0.2")), 1);
}

TEST(DeviceMac, NormalisesTheUsualSpellings) {
  EXPECT_EQ(normalizeMac("AA:BB:CC:DD:EE:0F"), "aa:bb:cc:dd:ee:0f");
  EXPECT_EQ(normalizeMac("aa-bb-cc-dd-ee-0f"), "aa:bb:cc:dd:ee:0f");
  EXPECT_EQ(normalizeMac("aabb.ccdd.ee0f"), "aa:bb:cc:dd:ee:0f");
  EXPECT_EQ(normalizeMac("AABBCCDDEE0F"), "aa:bb:cc:dd:ee:0f");
  for (const auto* bad : {"", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:ff:00", "aa:bb-cc:dd:ee:ff",
                          "gg:bb:cc:dd:ee:ff", "aab:bcc:dde:eff", "aa bb cc dd ee ff"}) {
    EXPECT_EQ(normalizeMac(bad), std::nullopt) << bad;
  }
}

TEST(DeviceMac, ReportsAreTrimmedAndTheirMacNormalised) {
  auto r = report(" AA-BB-CC-DD-EE-FF ", " S1 ", " 10.0.0.1\n");
  EXPECT_EQ(normalizeReport(r), "");
  EXPECT_EQ(r.identity.mac, "aa:bb:cc:dd:ee:ff");
  EXPECT_EQ(r.identity.serial, "S1");
  EXPECT_EQ(r.ip_address, "10.0.0.1");
  auto bad = report("not-a-mac", "S1", "10.0.0.1");
  EXPECT_NE(normalizeReport(bad).find("not a MAC address"), std::string::npos);
}

TEST(DeviceEditValidation, AcceptsOrdinaryText) {
  DeviceEdit edit{"Reception MFP", "Berlin, 2nd floor — Room 2.14", "it@example.com",
                  "https://printer-1.example.com/"};
  EXPECT_EQ(validateDeviceEdit(edit), "");
  EXPECT_EQ(validateDeviceEdit({"", "", "", ""}), "");  // clearing is allowed
  EXPECT_EQ(validateDeviceEdit({}), "");
  EXPECT_EQ(validateDeviceEdit({std::string(255, 'x'), {}, {}, {}}), "");
  // 255 characters, not bytes: "é" is two bytes.
  std::string accented;
  for (int i = 0; i < 255; ++i) accented += "\xC3\xA9";
  EXPECT_EQ(validateDeviceEdit({accented, {}, {}, {}}), "");
}

TEST(DeviceEditValidation, NamesTheFieldThatIsWrong) {
  EXPECT_EQ(validateDeviceEdit({std::string(256, 'x'), {}, {}, {}}),
            "name must be at most 255 characters");
  EXPECT_EQ(validateDeviceEdit({{}, "a\nb", {}, {}}),
            "location must not contain control characters");
  EXPECT_EQ(validateDeviceEdit({{}, {}, std::string("a\x7f"), {}}),
            "contact must not contain control characters");
  EXPECT_EQ(validateDeviceEdit({{}, {}, std::string(1, '\0'), {}}),
            "contact must not contain control characters");
}

TEST(DeviceEditValidation, LinksMustBeHttpOrHttps) {
  for (const auto* good : {"http://10.0.0.1", "https://printer/", "HTTPS://Printer:8443/web?x=1"}) {
    EXPECT_EQ(validateDeviceEdit({{}, {}, {}, good}), "") << good;
  }
  for (const auto* bad :
       {"javascript:alert(1)", "ftp://printer", "printer.example.com", "http://", "https:///path",
        "http://a b", "http://a\nb", "//printer", " http://printer"}) {
    EXPECT_NE(validateDeviceEdit({{}, {}, {}, bad}), "") << bad;
  }
  EXPECT_EQ(validateDeviceEdit({{}, {}, {}, "http://" + std::string(2048, 'a')}),
            "linkUrl must be at most 2048 characters");
}

TEST(DeviceQueryValidation, Paging) {
  EXPECT_EQ(validateDeviceQuery({}), "");
  DeviceQuery q;
  q.page = 0;
  EXPECT_EQ(validateDeviceQuery(q), "page must be at least 1");
  q = {};
  q.page_size = 201;
  EXPECT_EQ(validateDeviceQuery(q), "pageSize must be between 1 and 200");
  q.page_size = 0;
  EXPECT_EQ(validateDeviceQuery(q), "pageSize must be between 1 and 200");
  q.page_size = 200;
  EXPECT_EQ(validateDeviceQuery(q), "");
}

TEST(DeviceQueryValidation, Filters) {
  const auto check = [](DeviceField field, std::vector<std::string> values) {
    DeviceQuery q;
    q.filters.push_back({field, std::move(values)});
    return validateDeviceQuery(q);
  };
  EXPECT_EQ(check(DeviceField::kVendor, {"HP", "Canon"}), "");
  EXPECT_EQ(check(DeviceField::kState, {"managed", "removed"}), "");
  EXPECT_EQ(check(DeviceField::kAgent, {"3"}), "");
  EXPECT_EQ(check(DeviceField::kFirstSeen, {"x"}), "the list cannot be filtered by firstSeen");
  EXPECT_EQ(check(DeviceField::kId, {"1"}), "the list cannot be filtered by id");
  EXPECT_EQ(check(DeviceField::kState, {"gone"}),
            "filter state must be managed, unmanaged or removed, not \"gone\"");
  EXPECT_EQ(check(DeviceField::kAgent, {"0"}),
            "filter agentId must be a positive integer, not \"0\"");
  EXPECT_EQ(check(DeviceField::kAgent, {"1 OR 1=1"}),
            "filter agentId must be a positive integer, not \"1 OR 1=1\"");
  EXPECT_EQ(check(DeviceField::kName, {}), "filter name needs at least one value");
  EXPECT_EQ(check(DeviceField::kName, std::vector<std::string>(51, "x")),
            "filter name takes at most 50 values");
}

TEST(DeviceFields, NamesRoundTrip) {
  for (const auto* name :
       {"id", "state", "agentId", "vendor", "model", "serial", "firmware", "mac", "name",
        "location", "contact", "ipAddress", "hostname", "firstSeen", "lastSeen", "linkUrl"}) {
    const auto field = deviceFieldFromString(name);
    ASSERT_TRUE(field) << name;
    EXPECT_STREQ(toString(*field), name);
  }
  EXPECT_EQ(deviceFieldFromString("ip_address"), std::nullopt);
  EXPECT_EQ(deviceFieldFromString("Name"), std::nullopt);
  EXPECT_EQ(deviceStateFromString("removed"), DeviceState::kRemoved);
  EXPECT_EQ(deviceStateFromString("Removed"), std::nullopt);
}

}  // namespace
}  // namespace pw::manager

namespace pw::manager {
namespace {

TEST(AddressConflict, OnlyWhenBothSidesKnowMacsAndNoneIsTheRegisteredOne) {
  const std::vector<std::string> answered = {"02:00:00:00:00:01", "00:11:22:33:44:55"};
  EXPECT_FALSE(isAddressConflict("00:11:22:33:44:55", answered));  // second interface
  EXPECT_TRUE(isAddressConflict("00:11:22:33:44:66", answered));
  EXPECT_FALSE(isAddressConflict("", answered));             // nothing registered
  EXPECT_FALSE(isAddressConflict("00:11:22:33:44:66", {}));  // none exposed
}

TEST(IdentityReading, NormalisedAndMatchedLikeADiscoveryReport) {
  IdentityReading reading;
  reading.identity = {" HP ", "M507", "S1", "2.0", "00-11-22-33-44-55"};
  reading.macs = {"00-11-22-33-44-55", "not a mac", "00:11:22:33:44:55"};
  reading.name = "a\x01name";
  normalizeIdentityReading(reading);
  EXPECT_EQ(reading.identity.vendor, "HP");
  EXPECT_EQ(reading.identity.mac, "00:11:22:33:44:55");
  EXPECT_EQ(reading.macs, std::vector<std::string>{"00:11:22:33:44:55"});
  EXPECT_EQ(reading.name, "aname");

  EXPECT_TRUE(identityMatches({"HP", "M507", "S1", "1.0", "00:11:22:33:44:55"}, reading));
  EXPECT_TRUE(identityMatches({"HP", "M507", "", "", ""}, reading));  // nothing contradicts
  EXPECT_FALSE(identityMatches({"HP", "M507", "S2", "", ""}, reading));
  EXPECT_FALSE(identityMatches({"HP", "M507", "S1", "", "66:77:88:99:aa:bb"}, reading));
}

}  // namespace
}  // namespace pw::manager
