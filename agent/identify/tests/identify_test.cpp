#include "agent/identify/identify.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace pw::agent::identify {
namespace {

constexpr char kSysDescr[] = "1.3.6.1.2.1.1.1.0";
constexpr char kSysObjectId[] = "1.3.6.1.2.1.1.2.0";
constexpr char kSysName[] = "1.3.6.1.2.1.1.5.0";
constexpr char kSysLocation[] = "1.3.6.1.2.1.1.6.0";
constexpr char kHrDeviceType[] = "1.3.6.1.2.1.25.3.2.1.2.1";
constexpr char kHrDeviceDescr[] = "1.3.6.1.2.1.25.3.2.1.3.1";
constexpr char kPrtSerial[] = "1.3.6.1.2.1.43.5.1.1.17.1";
constexpr char kHpSerial[] = "1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0";
constexpr char kHpFirmware[] = "1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.5.0";

SnmpValue str(std::string bytes) {
  return {SnmpType::kOctetString, std::move(bytes)};
}
SnmpValue oid(std::string text) {
  return {SnmpType::kObjectId, std::move(text)};
}
std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (const int b : list) out += static_cast<char>(b);
  return out;
}

TEST(ParseMac, AcceptsRawBytesAndCommonTextForms) {
  EXPECT_EQ(parseMac(bytes({0x00, 0x1b, 0xa9, 0x0b, 0xa7, 0x52})), "00:1b:a9:0b:a7:52");
  EXPECT_EQ(parseMac("00:1B:A9:0B:A7:52"), "00:1b:a9:0b:a7:52");
  EXPECT_EQ(parseMac("00-1b-a9-0b-a7-52"), "00:1b:a9:0b:a7:52");
  EXPECT_EQ(parseMac("001BA90BA752"), "00:1b:a9:0b:a7:52");
  EXPECT_EQ(parseMac("0x001ba90ba752"), "00:1b:a9:0b:a7:52");
  EXPECT_EQ(parseMac("00 1B A9 0B A7 52 "), "00:1b:a9:0b:a7:52");  // net-snmp Hex-STRING
  EXPECT_EQ(parseMac("0:1b:a9:b:a7:52"), "00:1b:a9:0b:a7:52");     // net-snmp short form
  EXPECT_EQ(parseMac("001b.a90b.a752"), "00:1b:a9:0b:a7:52");
}

TEST(ParseMac, RejectsEverythingElse) {
  EXPECT_EQ(parseMac(""), std::nullopt);
  EXPECT_EQ(parseMac(bytes({0, 0, 0, 0, 0, 0})), std::nullopt);
  EXPECT_EQ(parseMac(bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff})), std::nullopt);
  EXPECT_EQ(parseMac(bytes({0x00, 0x1b, 0xa9, 0x0b, 0xa7})), std::nullopt);  // 5 bytes
  EXPECT_EQ(parseMac(bytes({1, 2, 3, 4, 5, 6, 7, 8})), std::nullopt);        // EUI-64
  EXPECT_EQ(parseMac("00:00:00:00:00:00"), std::nullopt);
  EXPECT_EQ(parseMac("00:1b:a9:0b:a7"), std::nullopt);
  EXPECT_EQ(parseMac("00:1b:a9:0b:a7:5g"), std::nullopt);
  EXPECT_EQ(parseMac("001:b:a9:0b:a7:52"), std::nullopt);
  EXPECT_EQ(parseMac("001BA90BA75"), std::nullopt);
  EXPECT_EQ(parseMac("not a mac at all"), std::nullopt);
}

TEST(InterfaceMacs, EveryUsableAddressInIfIndexOrderOnce) {
  const std::string mac_a = bytes({0x00, 0x1b, 0xa9, 0x0b, 0xa7, 0x52});
  const std::string mac_b = bytes({0x00, 0x1b, 0xa9, 0x0b, 0xa7, 0x53});
  const OidValues values = {
      {"1.3.6.1.2.1.2.2.1.6.1", str("")},      // loopback: no address
      {"1.3.6.1.2.1.2.2.1.6.10", str(mac_a)},  // numeric order: after .2
      {"1.3.6.1.2.1.2.2.1.6.2", str(mac_b)},
      {"1.3.6.1.2.1.2.2.1.6.3", str(mac_a)},  // the same again
      {"1.3.6.1.2.1.2.2.1.6.4", str(bytes({0, 0, 0, 0, 0, 0}))},
      {"1.3.6.1.2.1.2.2.1.6.5", oid("1.3.6.1")},  // not an octet string
  };
  EXPECT_EQ(interfaceMacs(values),
            (std::vector<std::string>{"00:1b:a9:0b:a7:53", "00:1b:a9:0b:a7:52"}));
  EXPECT_EQ(Identifier().identify(values).mac, "00:1b:a9:0b:a7:53");  // the first of them
  EXPECT_TRUE(interfaceMacs({}).empty());
}

TEST(CleanText, HandlesNulsControlsAndNonUtf8) {
  EXPECT_EQ(cleanText(std::string("LBP6670  \0\0\0", 12)), "LBP6670");
  EXPECT_EQ(cleanText(std::string("abc\0def", 7)), "abc");
  EXPECT_EQ(cleanText("  a\tb\r\nc  "), "a b c");
  EXPECT_EQ(cleanText("B\xfcro"), "B\xc3\xbcro");      // Latin-1 ü -> UTF-8
  EXPECT_EQ(cleanText("B\xc3\xbcro"), "B\xc3\xbcro");  // valid UTF-8 untouched
  EXPECT_EQ(cleanText("\xe4\xb8\xad\xe6\x96\x87"), "\xe4\xb8\xad\xe6\x96\x87");
  EXPECT_EQ(cleanText("\xc3"), "\xc3\x83");                          // truncated sequence
  EXPECT_EQ(cleanText("\xed\xa0\x80"), "\xc3\xad\xc2\xa0\xc2\x80");  // surrogate is not UTF-8
  EXPECT_EQ(cleanText(""), "");
}

TEST(Placeholder, RecognisesAnonymisedAndEmptyValues) {
  EXPECT_TRUE(isPlaceholder(""));
  EXPECT_TRUE(isPlaceholder("<private>"));
  EXPECT_TRUE(isPlaceholder("Unknown"));
  EXPECT_TRUE(isPlaceholder("N/A"));
  EXPECT_TRUE(isPlaceholder("0000000000"));
  EXPECT_TRUE(isPlaceholder("------"));
  EXPECT_FALSE(isPlaceholder("X3B8022793"));
  EXPECT_FALSE(isPlaceholder("1.04"));
}

TEST(Identify, StripsTheHp0115PrefixFromVendorStrings) {
  OidValues values;
  values[kSysObjectId] = oid("1.3.6.1.4.1.11.2.3.9.1");
  values[kSysDescr] = str("HP ETHERNET MULTI-ENVIRONMENT");
  values[kHpSerial] = str(std::string("\x01\x15VNCRC48198", 12));
  values[kHpFirmware] =
      str(std::string("\x01\x15"
                      "20201023",
                      10));
  const DeviceIdentity identity = Identifier().identify(values);
  EXPECT_EQ(identity.vendor, "HP");
  EXPECT_EQ(identity.serial, "VNCRC48198");  // no Printer-MIB serial: vendor OID used
  EXPECT_EQ(identity.firmware, "20201023");
  EXPECT_TRUE(identity.is_printer);
}

TEST(Identify, PlaceholderStandardSerialFallsBackToTheVendorOid) {
  OidValues values;
  values[kSysObjectId] = oid("1.3.6.1.4.1.367.1.1");
  values[kPrtSerial] = str("<private>");
  values["1.3.6.1.4.1.367.3.2.1.2.1.4.0"] = str("W492KB03439 ");
  EXPECT_EQ(Identifier().identify(values).serial, "W492KB03439");
  values[kPrtSerial] = str("W000000001");
  EXPECT_EQ(Identifier().identify(values).serial, "W000000001");  // standard object wins
}

TEST(Identify, EmptyAndNullValuesGiveAnEmptyIdentity) {
  OidValues values;
  values[kSysDescr] = str("");
  values[kSysObjectId] = {SnmpType::kNull, ""};
  values[kHrDeviceDescr] = str("");
  values[kPrtSerial] = str("");
  values["1.3.6.1.2.1.25.3.5.1.2.1"] = str("");  // Epson's zero-length error state
  values["1.3.6.1.2.1.2.2.1.6.1"] = str("");
  const DeviceIdentity identity = Identifier().identify(values);
  EXPECT_EQ(identity.vendor, "");
  EXPECT_EQ(identity.model, "");
  EXPECT_EQ(identity.serial, "");
  EXPECT_EQ(identity.mac, "");
  EXPECT_TRUE(identity.is_printer);  // hrPrinterTable is present
  EXPECT_EQ(Identifier().identify({}), DeviceIdentity{});
}

TEST(Identify, PicksTheFirstUsableMacInIfIndexOrder) {
  OidValues values;
  values["1.3.6.1.2.1.2.2.1.6.1"] = str("");
  values["1.3.6.1.2.1.2.2.1.6.2"] = str(bytes({0, 0, 0, 0, 0, 0}));
  values["1.3.6.1.2.1.2.2.1.6.10"] = str(bytes({0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}));
  values["1.3.6.1.2.1.2.2.1.6.3"] = str("00-21-B7-43-F5-81");          // text form from an Agent
  values["1.3.6.1.2.1.2.2.1.6.3.1"] = str(bytes({1, 2, 3, 4, 5, 6}));  // not a column row
  EXPECT_EQ(Identifier().identify(values).mac, "00:21:b7:43:f5:81");
  values.erase("1.3.6.1.2.1.2.2.1.6.3");
  EXPECT_EQ(Identifier().identify(values).mac, "aa:bb:cc:dd:ee:ff");
}

TEST(Identify, SystemGroupPlaceholdersAreEmpty) {
  OidValues values;
  values[kSysName] = str("<private>");
  values[kSysLocation] = str(std::string("Floor 2\0\0", 9));
  const DeviceIdentity identity = Identifier().identify(values);
  EXPECT_EQ(identity.name, "");
  EXPECT_EQ(identity.location, "Floor 2");
}

TEST(Identify, UnknownVendorUsesTheStandardObjects) {
  OidValues values;
  values[kSysObjectId] = oid("1.3.6.1.4.1.99999.1");
  values[kSysDescr] = str("Acme PrintServer");
  values[kHrDeviceType] = oid("1.3.6.1.2.1.25.3.1.5");
  values[kHrDeviceDescr] = str("Acme P-100");
  values[kPrtSerial] = str("AC123");
  const DeviceIdentity identity = Identifier().identify(values);
  EXPECT_EQ(identity.vendor, "");
  EXPECT_EQ(identity.model, "Acme P-100");
  EXPECT_EQ(identity.serial, "AC123");
  EXPECT_TRUE(identity.is_printer);
}

TEST(Identify, HpSwitchIsHpButNotAPrinter) {
  OidValues values;
  values[kSysObjectId] = oid("1.3.6.1.4.1.11.2.3.7.11.79");
  values[kSysDescr] = str("ProCurve J9019B Switch 2510B-24");
  const DeviceIdentity identity = Identifier().identify(values);
  EXPECT_EQ(identity.vendor, "HP");
  EXPECT_FALSE(identity.is_printer);
}

TEST(Identify, EnterprisePrefixMatchesWholeArcsOnly) {
  OidValues values;
  values[kSysObjectId] = oid("1.3.6.1.4.1.110.1");  // not HP (11)
  EXPECT_EQ(Identifier().identify(values).vendor, "");
}

TEST(Identify, AcceptsLeadingDotsAndOidsSentAsStrings) {
  OidValues values;
  values[std::string(".") + kSysObjectId] = str(".1.3.6.1.4.1.1347.41");
  values[".1.3.6.1.4.1.1347.43.5.1.1.1.1"] = str("FS-1028MFP");
  const DeviceIdentity identity = Identifier().identify(values);
  EXPECT_EQ(identity.vendor, "Kyocera");
  EXPECT_EQ(identity.model, "FS-1028MFP");
}

TEST(Identify, SurvivesHostileValues) {
  OidValues values;
  values[kSysObjectId] = str(std::string(5000, '.'));
  values[kSysDescr] = str("Canon " + std::string(1 << 20, 'A'));
  values[kHrDeviceDescr] = str(std::string(300, '\xff'));
  values[kPrtSerial] = str(std::string("\x01\x02\x03", 3));
  const DeviceIdentity identity = Identifier().identify(values);
  EXPECT_EQ(identity.vendor, "Canon");  // matched on the (capped) sysDescr
  EXPECT_EQ(identity.serial, "");
}

TEST(Identify, SameEnterprisePrefixPrefersTheVendorWhoseSysDescrMatches) {
  const std::string maker =
      R"j({"vendor": "Maker", "enterprise_prefixes": [{"oid": "1.3.6.1.4.1.1347", "printer": true}],
          "sysdescr": [{"regex": "^MAKER"}]})j";
  const std::string brand =
      R"j({"vendor": "Brand", "enterprise_prefixes": [{"oid": "1.3.6.1.4.1.1347", "printer": true}],
          "sysdescr": [{"regex": "^BRAND (\\S+)", "model_group": 1}],
          "model": [{"sysdescr_model": true}]})j";
  const pw::EmbeddedFile files[] = {{"a_maker.json", maker}, {"b_brand.json", brand}};
  const Identifier identifier(VendorTable::load(files));
  OidValues values;
  values[kSysObjectId] = oid("1.3.6.1.4.1.1347.41");
  values[kSysDescr] = str("BRAND P-4532DN");
  DeviceIdentity identity = identifier.identify(values);
  EXPECT_EQ(identity.vendor, "Brand");
  EXPECT_EQ(identity.model, "P-4532DN");
  values[kSysDescr] = str("something else");
  EXPECT_EQ(identifier.identify(values).vendor, "Maker");  // tie: first file by name
}

TEST(Identify, KyoceraOemIsNamedByItsSysDescr) {
  OidValues values;
  values[kSysObjectId] = oid("1.3.6.1.4.1.1347.41");
  values[kSysDescr] = str("UTAX_TA Printing System");
  values["1.3.6.1.4.1.1347.43.5.1.1.1.1"] = str("P-4532DN");
  DeviceIdentity identity = Identifier().identify(values);
  EXPECT_EQ(identity.vendor, "UTAX");
  EXPECT_EQ(identity.model, "P-4532DN");
  values[kSysDescr] = str("Printing System");  // neither names itself: first file (kyocera.json)
  EXPECT_EQ(Identifier().identify(values).vendor, "Kyocera");
}

TEST(IdentificationOids, ListsStandardAndVendorObjects) {
  const OidRequest request = Identifier().identificationOids();
  const auto has = [&](const std::string& oid_text) {
    return std::find(request.get.begin(), request.get.end(), oid_text) != request.get.end();
  };
  EXPECT_EQ(request.get.front(), kSysDescr);
  EXPECT_TRUE(has(kSysObjectId));
  EXPECT_TRUE(has(kSysName));
  EXPECT_TRUE(has(kHrDeviceDescr));
  EXPECT_TRUE(has(kPrtSerial));
  EXPECT_TRUE(has(kHpSerial));
  EXPECT_TRUE(has("1.3.6.1.4.1.1347.43.5.1.1.28.1"));  // Kyocera serial
  EXPECT_TRUE(has("1.3.6.1.4.1.1602.1.1.1.1.0"));      // Canon model
  std::vector<std::string> sorted = request.get;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "duplicates";
  EXPECT_EQ(request.walk, std::vector<std::string>{"1.3.6.1.2.1.2.2.1.6"});
}

}  // namespace
}  // namespace pw::agent::identify
