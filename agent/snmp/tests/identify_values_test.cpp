#include <gtest/gtest.h>

#include "agent/snmp/identify_values.hpp"

namespace pw::agent::snmp {
namespace {

using identify::SnmpType;
using identify::SnmpValue;

TEST(SnmpIdentifyValuesTest, ConvertsEveryTypeBothWays) {
  const std::vector<SnmpValue> values = {
      {SnmpType::kInteger, "-12"},
      {SnmpType::kOctetString, std::string("a\0b", 3)},
      {SnmpType::kNull, ""},
      {SnmpType::kObjectId, "1.3.6.1.4.1.99999"},
      {SnmpType::kIpAddress, "10.0.0.255"},
      {SnmpType::kCounter32, "4294967295"},
      {SnmpType::kGauge32, "7"},
      {SnmpType::kTimeTicks, "100"},
      {SnmpType::kOpaque, "\x01\x02"},
      {SnmpType::kCounter64, "18446744073709551615"},
  };
  for (const SnmpValue& value : values) {
    const auto converted = fromSnmpValue(value);
    ASSERT_TRUE(converted) << value.data;
    EXPECT_EQ(toSnmpValue(*converted), value);
  }
  EXPECT_EQ(fromSnmpValue({SnmpType::kCounter32, "12"}), Value{Counter32{12}});
}

TEST(SnmpIdentifyValuesTest, RefusesTextThatDoesNotFitTheType) {
  EXPECT_FALSE(fromSnmpValue({SnmpType::kInteger, "12x"}));
  EXPECT_FALSE(fromSnmpValue({SnmpType::kInteger, "2147483648"}));
  EXPECT_FALSE(fromSnmpValue({SnmpType::kCounter32, "-1"}));
  EXPECT_FALSE(fromSnmpValue({SnmpType::kIpAddress, "10.0.0"}));
  EXPECT_FALSE(fromSnmpValue({SnmpType::kIpAddress, "10.0.0.256"}));
  EXPECT_FALSE(fromSnmpValue({SnmpType::kIpAddress, "10.0.0.1.2"}));
  EXPECT_FALSE(fromSnmpValue({SnmpType::kObjectId, "nope"}));
}

TEST(SnmpIdentifyValuesTest, OidValuesLeaveExceptionsOut) {
  const auto values = toOidValues({{Oid{1, 3, 6, 1, 2, 1, 1, 5, 0}, OctetString{"lab-printer"}},
                                   {Oid{1, 3, 6, 1, 2, 1, 1, 6, 0}, NoSuchInstance{}}});
  ASSERT_EQ(values.size(), 1U);
  EXPECT_EQ(values.at("1.3.6.1.2.1.1.5.0"), (SnmpValue{SnmpType::kOctetString, "lab-printer"}));
}

}  // namespace
}  // namespace pw::agent::snmp
