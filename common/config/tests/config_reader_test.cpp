#include "common/config/config_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace pw::config {
namespace {

using nlohmann::json;

std::string errorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigObject, ReadsTypedValuesWithDefaults) {
  const json j = {{"name", "m1"}, {"threads", 4}, {"verbose", true}, {"hosts", {"a", "b"}}};
  ConfigObject c(j, "test.json");
  EXPECT_EQ(c.string("name", "x"), "m1");
  EXPECT_EQ(c.integer("threads", 1, 1, 64), 4);
  EXPECT_TRUE(c.boolean("verbose", false));
  EXPECT_EQ(c.stringList("hosts", {}), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c.string("absent", "dflt"), "dflt");
  EXPECT_EQ(c.integer("absent_int", 7, 0, 10), 7);
  EXPECT_NO_THROW(c.finish());
}

TEST(ConfigObject, RejectsUnknownKeysByName) {
  const json j = {{"listen", "x"}, {"lisen", "typo"}, {"zz", 1}};
  ConfigObject c(j, "manager.json");
  c.string("listen", "");
  EXPECT_EQ(errorOf([&] { c.finish(); }), "manager.json: unknown key(s): lisen, zz");
}

TEST(ConfigObject, RejectsOutOfRangeAndWrongTypesNamingTheKey) {
  const json j = {{"threads", 100}, {"low", -1}, {"s", 3}, {"b", "yes"}, {"l", {1}}};
  ConfigObject c(j, "f");
  EXPECT_EQ(errorOf([&] { c.integer("threads", 1, 1, 64); }), "f: threads: 100 is above 64");
  EXPECT_EQ(errorOf([&] { c.integer("low", 1, 0, 64); }), "f: low: -1 is below 0");
  EXPECT_EQ(errorOf([&] { c.string("s", ""); }), "f: s: must be a string");
  EXPECT_EQ(errorOf([&] { c.boolean("b", false); }), "f: b: must be true or false");
  EXPECT_EQ(errorOf([&] { c.stringList("l", {}); }), "f: l: must be a list of strings");
  EXPECT_EQ(errorOf([&] { c.integer("b", 0, 0, 1); }), "f: b: must be an integer");
}

TEST(ConfigObject, ChoiceListsTheAllowedValues) {
  const json j = {{"level", "loud"}};
  ConfigObject c(j, "f");
  EXPECT_EQ(errorOf([&] {
              c.choice("level", "info", {"debug", "info"});
            }),
            "f: level: \"loud\" is not one of debug, info");
}

TEST(ConfigObject, RejectsNonObject) {
  EXPECT_NE(errorOf([] { ConfigObject c(json::array(), "f"); }), "");
}

TEST(LoadJsonFile, ReportsMalformedAndMissingFiles) {
  const auto dir = std::filesystem::temp_directory_path() / "pw_config_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bad.json") << "{\"a\": ";
  std::ofstream(dir / "array.json") << "[1]";
  std::ofstream(dir / "good.json") << "{\"a\": 1}";
  EXPECT_NE(errorOf([&] { loadJsonFile(dir / "bad.json"); }).find("not valid JSON"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { loadJsonFile(dir / "array.json"); }).find("must hold a JSON object"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { loadJsonFile(dir / "missing.json"); }).find("cannot be read"),
            std::string::npos);
  EXPECT_EQ(loadJsonFile(dir / "good.json")["a"], 1);
  std::filesystem::remove_all(dir);
}

TEST(ParseEndpoint, AcceptsHostPortAndBracketedV6) {
  auto e = parseEndpoint("listen", "0.0.0.0:8443");
  EXPECT_EQ(e.host, "0.0.0.0");
  EXPECT_EQ(e.port, 8443);
  e = parseEndpoint("listen", "[::1]:0");
  EXPECT_EQ(e.host, "::1");
  EXPECT_EQ(e.port, 0);
  EXPECT_EQ(errorOf([] { parseEndpoint("listen", "8443"); }),
            "listen: \"8443\" is not of the form host:port");
  EXPECT_EQ(errorOf([] { parseEndpoint("listen", "h:70000"); }),
            "listen: \"70000\" is not a port number (0-65535)");
  EXPECT_EQ(errorOf([] { parseEndpoint("listen", "h:8x"); }),
            "listen: \"8x\" is not a port number (0-65535)");
}

}  // namespace
}  // namespace pw::config
