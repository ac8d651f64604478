#include "agent/identify/vendor_table.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace pw::agent::identify {
namespace {

// Runs parseProfile and returns the std::invalid_argument message ("" if it did not throw).
std::string loadError(const std::string& json, const std::string& file = "acme.json") {
  try {
    VendorTable::parseProfile(file, json);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

void expectError(const std::string& json, const std::string& field) {
  const std::string message = loadError(json);
  ASSERT_FALSE(message.empty()) << "accepted: " << json;
  EXPECT_NE(message.find("acme.json"), std::string::npos) << message;
  EXPECT_NE(message.find(field), std::string::npos) << message;
}

TEST(VendorTable, BuiltInTablesLoad) {
  const VendorTable& table = VendorTable::builtIn();
  std::vector<std::string> names;
  for (const auto& profile : table.vendors()) names.push_back(profile.vendor);
  EXPECT_EQ(names, (std::vector<std::string>{"Brother", "Canon", "Dell", "Epson", "FUJIFILM", "HP",
                                             "Konica Minolta", "Kyocera", "Lexmark", "OKI", "Ricoh",
                                             "Samsung", "Sharp", "UTAX", "Xerox"}));
  ASSERT_NE(table.fallback(), nullptr);
  EXPECT_EQ(table.fallback()->file, "generic.json");
}

TEST(VendorTable, MinimalProfileParses) {
  const VendorProfile profile = VendorTable::parseProfile(
      "acme.json",
      R"j({"vendor": "Acme", "enterprise_prefixes": [{"oid": ".1.3.6.1.4.1.99999"}],
          "sysdescr": [{"regex": "^Acme (\\S+)", "model_group": 1, "printer": true}],
          "model": [{"sysdescr_model": true}, {"oid": "hrDeviceDescr"}]})j");
  EXPECT_EQ(profile.vendor, "Acme");
  ASSERT_EQ(profile.enterprise_prefixes.size(), 1u);
  EXPECT_EQ(profile.enterprise_prefixes[0].oid, "1.3.6.1.4.1.99999");
  EXPECT_FALSE(profile.enterprise_prefixes[0].printer);
  ASSERT_TRUE(profile.model.has_value());
  EXPECT_EQ((*profile.model)[1].oid, "1.3.6.1.2.1.25.3.2.1.3.1");
  EXPECT_FALSE(profile.serial.has_value());  // falls back to generic.json
}

TEST(VendorTable, RejectsMissingRequiredFields) {
  expectError(R"j({"enterprise_prefixes": [], "sysdescr": [{"regex": "x"}]})j", "vendor");
  expectError(R"j({"vendor": "Acme", "sysdescr": [{"regex": "x"}]})j", "enterprise_prefixes");
  expectError(R"j({"vendor": "Acme", "enterprise_prefixes": []})j", "sysdescr");
  expectError(R"j({"vendor": "Acme", "enterprise_prefixes": [{}], "sysdescr": []})j",
              "enterprise_prefixes[0].oid");
  expectError(R"j({"vendor": "Acme", "enterprise_prefixes": [], "sysdescr": [{}]})j",
              "sysdescr[0].regex");
}

TEST(VendorTable, RejectsMalformedValues) {
  const std::string head =
      R"j({"vendor": "Acme", "enterprise_prefixes": [{"oid": "1.3.6.1.4.1.9"}], "sysdescr": [])j";
  expectError(R"j({"vendor": "", "enterprise_prefixes": [], "sysdescr": [{"regex": "x"}]})j",
              "vendor");
  expectError(R"j({"vendor": 7, "enterprise_prefixes": [], "sysdescr": [{"regex": "x"}]})j",
              "vendor");
  expectError(R"j({"vendor": "Acme", "enterprise_prefixes": [{"oid": "1.3.x"}], "sysdescr": []})j",
              "enterprise_prefixes[0].oid");
  expectError(R"j({"vendor": "Acme", "enterprise_prefixes": [], "sysdescr": [{"regex": "(("}]})j",
              "sysdescr[0].regex");
  expectError(
      R"j({"vendor": "Acme", "enterprise_prefixes": [], "sysdescr": [{"regex": "a", "model_group": 1}]})j",
      "sysdescr[0].model_group");
  expectError(head + R"j(, "model": [{"oid": "sysFoo"}]})j", "model[0].oid");
  expectError(head + R"j(, "model": [{}]})j", "model[0]");
  expectError(head + R"j(, "model": [{"oid": "sysDescr", "sysdescr_model": true}]})j", "model[0]");
  expectError(head + R"j(, "serial": [{"oid": "sysDescr", "regex": "a(", "group": 1}]})j",
              "serial[0].regex");
  expectError(head + R"j(, "serial": [{"oid": "sysDescr", "regex": "a", "group": 1}]})j",
              "serial[0].group");
  expectError(head + R"j(, "firmware": [{"oid": "sysDescr", "strip_prefix_hex": "01x5"}]})j",
              "firmware[0].strip_prefix_hex");
  expectError(
      head +
          R"j(, "model": [{"oid": "sysDescr", "clean": [{"strip_prefix": "a", "strip_suffix": "b"}]}]})j",
      "model[0].clean[0]");
  expectError(head + R"j(, "model": [{"oid": "sysDescr", "clean": [{"replace": "a"}]}]})j",
              "model[0].clean[0].with");
  expectError(head + R"j(, "model": "hrDeviceDescr"})j", "model");
  expectError(head + R"j(, "serail": []})j", "serail");  // typo: unknown field
  expectError(R"j({"vendor": "Acme", "enterprise_prefixes": [], "sysdescr": []})j",
              "enterprise_prefixes");  // could never match anything
  expectError("{not json", "(document)");
  expectError("[]", "(document)");
}

TEST(VendorTable, LoadNamesTheBrokenFileAndIgnoresNonJsonFiles) {
  const std::string good =
      R"j({"vendor": "Acme", "enterprise_prefixes": [{"oid": "1.3.6.1.4.1.9"}], "sysdescr": []})j";
  const std::string bad = R"j({"vendor": "Broken", "sysdescr": []})j";
  const pw::EmbeddedFile files[] = {
      {"acme.json", good}, {"README.md", "not json"}, {"zz_broken.json", bad}};
  try {
    VendorTable::load(files);
    FAIL() << "accepted a table without enterprise_prefixes";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("zz_broken.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("enterprise_prefixes"), std::string::npos) << e.what();
  }
  const pw::EmbeddedFile ok[] = {{"acme.json", good}, {"README.md", "not json"}};
  EXPECT_EQ(VendorTable::load(ok).vendors().size(), 1u);
  EXPECT_EQ(VendorTable::load(ok).fallback(), nullptr);
}

TEST(VendorTable, RejectsTwoFallbackProfiles) {
  const std::string fallback =
      R"j({"vendor": "", "fallback": true, "enterprise_prefixes": [], "sysdescr": []})j";
  const pw::EmbeddedFile files[] = {{"a.json", fallback}, {"b.json", fallback}};
  EXPECT_THROW(VendorTable::load(files), std::invalid_argument);
}

}  // namespace
}  // namespace pw::agent::identify
