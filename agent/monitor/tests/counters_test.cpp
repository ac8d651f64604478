#include "agent/monitor/counters.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace pw::agent::monitor {
namespace {

using identify::OidValues;
using identify::SnmpType;
using identify::SnmpValue;

const char* const kGeneric = R"({"vendor": "", "counters": [
  {"oid": "1.3.6.1.2.1.43.10.2.1.4.1.1", "name": "life", "unit_oid": "1.3.6.1.2.1.43.10.2.1.3.1.1",
   "adds_to": ["total"]}]})";
const char* const kAcme = R"({"vendor": "Acme", "notes": "test", "counters": [
  {"oid": "1.3.6.1.4.1.9999.1.0", "name": "mono", "unit": "impressions", "adds_to": ["black"]},
  {"oid": "1.3.6.1.4.1.9999.2.0", "name": "full colour", "unit": "impressions", "adds_to": ["colour"]},
  {"oid": "1.3.6.1.4.1.9999.3.0", "name": "two colour", "unit": "impressions", "adds_to": ["colour"]},
  {"oid": "1.3.6.1.4.1.9999.4.0", "name": "jams", "unit": "impressions"}]})";

CounterTable table(std::vector<std::pair<std::string, std::string>> files) {
  static std::vector<std::pair<std::string, std::string>> storage;
  storage = std::move(files);
  std::vector<pw::EmbeddedFile> embedded;
  for (const auto& [path, data] : storage) embedded.push_back({path, data});
  return CounterTable::load(embedded);
}

std::string loadError(const std::string& json) {
  try {
    table({{"bad.json", json}});
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

SnmpValue counter32(unsigned long long v) {
  return {SnmpType::kCounter32, std::to_string(v)};
}

TEST(CounterTable, BuiltInTablesLoad) {
  const CounterTable& built_in = CounterTable::builtIn();
  EXPECT_FALSE(built_in.generic().counters.empty());
  EXPECT_NE(built_in.vendor("sharp"), nullptr);  // case-insensitive
  EXPECT_NE(built_in.vendor("Konica Minolta"), nullptr);
  EXPECT_NE(built_in.vendor("HP"), nullptr);
  EXPECT_EQ(built_in.vendor("Nobody"), nullptr);
  EXPECT_EQ(built_in.vendor(""), nullptr);
}

TEST(CounterTable, RejectsMalformedFilesNamingTheField) {
  EXPECT_EQ(loadError("[]"), "counter table bad.json: (file): must be a JSON object");
  EXPECT_EQ(loadError(R"({"vendor": "X", "counters": [], "colour": 1})"),
            "counter table bad.json: colour: unknown field");
  EXPECT_EQ(
      loadError(
          R"({"vendor": "X", "counters": [{"oid": ".1.3.6", "name": "a", "unit": "sheets"}]})"),
      "counter table bad.json: counters[0].oid: not a dotted numeric OID without a leading "
      "dot: .1.3.6");
  EXPECT_EQ(
      loadError(R"({"vendor": "X", "counters": [{"oid": "1.3.6", "name": "a", "unit": "pages"}]})"),
      "counter table bad.json: counters[0].unit: unknown unit \"pages\" (impressions, "
      "sheets, images)");
  EXPECT_EQ(loadError(R"({"vendor": "X", "counters": [{"oid": "1.3.6", "name": "a"}]})"),
            "counter table bad.json: counters[0]: exactly one of unit and unit_oid is required");
  EXPECT_EQ(
      loadError(
          R"({"vendor": "X", "counters": [{"oid": "1.3.6", "name": "a", "unit": "sheets", "adds_to": ["colour", "mono"]}]})"),
      "counter table bad.json: counters[0].adds_to: unknown normalized field \"mono\"");
  EXPECT_EQ(loadError(R"({"vendor": "X", "counters": [
      {"oid": "1.3.6", "name": "a", "unit": "sheets", "adds_to": ["total"]},
      {"oid": "1.3.7", "name": "b", "unit": "impressions", "adds_to": ["total"]}]})"),
            "counter table bad.json: counters: field total sums sheets and impressions");
  EXPECT_THROW(table({{"a.json", kAcme}, {"b.json", kAcme}}), std::invalid_argument);
  EXPECT_THROW(table({{"a.json", kGeneric}, {"b.json", kGeneric}}), std::invalid_argument);
}

TEST(Counters, SumsVendorCountersAndFallsBackToGeneric) {
  const CounterTable t = table({{"acme.json", kAcme}, {"generic.json", kGeneric}});
  const OidValues values = {
      {"1.3.6.1.2.1.43.10.2.1.3.1.1", {SnmpType::kInteger, "7"}},
      {"1.3.6.1.2.1.43.10.2.1.4.1.1", counter32(1500)},
      {"1.3.6.1.2.1.43.10.2.1.5.1.1", counter32(20)},
      {"1.3.6.1.4.1.9999.1.0", {SnmpType::kInteger, "1000"}},
      {"1.3.6.1.4.1.9999.2.0", {SnmpType::kInteger, "400"}},
      {"1.3.6.1.4.1.9999.3.0", {SnmpType::kInteger, "100"}},
  };
  const CounterReading reading = readCounters(values, "ACME", t);
  EXPECT_EQ(reading.profile, "acme.json");
  ASSERT_EQ(reading.markers.size(), 1U);
  EXPECT_EQ(reading.markers[0].unit, "impressions");
  EXPECT_EQ(reading.markers[0].life_count, 1500U);
  EXPECT_EQ(reading.markers[0].power_on_count, 20U);
  ASSERT_EQ(reading.vendor.size(), 3U);  // "jams" is not answered
  ASSERT_TRUE(reading.normalized.total);
  EXPECT_EQ(*reading.normalized.total, (CounterValue{1500, "impressions", "generic.json: life"}));
  EXPECT_EQ(*reading.normalized.colour,
            (CounterValue{500, "impressions", "acme.json: full colour + two colour"}));
  EXPECT_EQ(reading.normalized.black->value, 1000U);
  EXPECT_FALSE(reading.normalized.copy.has_value());  // absent, not 0

  const CounterReading generic_only = readCounters(values, "", t);
  EXPECT_EQ(generic_only.profile, "");
  EXPECT_TRUE(generic_only.vendor.empty());
  EXPECT_EQ(generic_only.normalized.total->value, 1500U);
  EXPECT_FALSE(generic_only.normalized.black.has_value());
}

TEST(Counters, NegativeIntegerIsAnOverflowedUnsignedCounter) {
  const CounterTable t = table({{"acme.json", kAcme}});
  const OidValues values = {
      {"1.3.6.1.4.1.9999.1.0", {SnmpType::kInteger, "-2147483648"}},
      {"1.3.6.1.4.1.9999.2.0", {SnmpType::kOctetString, "12"}},  // not a number type: ignored
      {"1.3.6.1.4.1.9999.3.0", {SnmpType::kCounter64, "18446744073709551615"}},
  };
  const CounterReading reading = readCounters(values, "Acme", t);
  EXPECT_EQ(reading.normalized.black->value, 2147483648U);
  EXPECT_EQ(reading.normalized.colour->value, 18446744073709551615ULL);
  EXPECT_EQ(reading.normalized.colour->source, "acme.json: two colour");
}

TEST(Counters, OidsToAskCoverVendorAndGenericWithoutDuplicates) {
  const CounterTable t = table({{"acme.json", kAcme}, {"generic.json", kGeneric}});
  EXPECT_EQ(
      counterOids("acme", t),
      (std::vector<std::string>{"1.3.6.1.4.1.9999.1.0", "1.3.6.1.4.1.9999.2.0",
                                "1.3.6.1.4.1.9999.3.0", "1.3.6.1.4.1.9999.4.0",
                                "1.3.6.1.2.1.43.10.2.1.4.1.1", "1.3.6.1.2.1.43.10.2.1.3.1.1"}));
  EXPECT_EQ(counterOids("other", t).size(), 2U);
}

TEST(CounterFields, NamesRoundTrip) {
  for (std::size_t f = 0; f < kCounterFieldCount; ++f) {
    const auto field = static_cast<CounterField>(f);
    EXPECT_EQ(counterFieldFromString(toString(field)), field);
  }
  EXPECT_EQ(counterFieldFromString("color"), std::nullopt);
}

}  // namespace
}  // namespace pw::agent::monitor
