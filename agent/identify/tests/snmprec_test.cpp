#include "agent/identify/snmprec.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace pw::agent::identify {
namespace {

TEST(Snmprec, DecodesEveryTypeUsedByTheRecordings) {
  const SnmprecFile file = SnmprecFile::parse(
      "1.3.6.1.2.1.1.1.0|4|Canon LBP6670 /P\n"
      ".1.3.6.1.2.1.1.2.0|6|.1.3.6.1.4.1.1602.4.2\n"
      "1.3.6.1.2.1.1.3.0|67|261702\n"
      "1.3.6.1.2.1.2.2.1.6.1|4x|888717000000\n"
      "1.3.6.1.2.1.2.2.1.6.2|4|\n"
      "1.3.6.1.2.1.4.20.1.1.10.0.0.5|64|10.0.0.5\n"
      "1.3.6.1.2.1.4.20.1.1.10.0.0.6|64x|0a000006\n"
      "1.3.6.1.2.1.43.8.2.1.10.1.1|2|-3\n"
      "1.3.6.1.2.1.43.10.2.1.4.1.1|65|4294967295\n"
      "1.3.6.1.2.1.43.11.1.1.8.1.1|66|100\n"
      "1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615\n"
      "1.3.6.1.2.1.99.1|5|\n");
  ASSERT_TRUE(file.issues.empty()) << file.issues.front().message;
  ASSERT_EQ(file.records.size(), 12u);
  EXPECT_EQ(file.records[0].value, "Canon LBP6670 /P");
  EXPECT_EQ(file.records[1].oid, "1.3.6.1.2.1.1.2.0");
  EXPECT_EQ(file.records[1].type, SnmpType::kObjectId);
  EXPECT_EQ(file.records[1].value, "1.3.6.1.4.1.1602.4.2");
  EXPECT_EQ(file.records[2].type, SnmpType::kTimeTicks);
  EXPECT_EQ(file.records[3].value, std::string("\x88\x87\x17\x00\x00\x00", 6));
  EXPECT_TRUE(file.records[3].hex_encoded);
  EXPECT_EQ(file.records[4].value, "");
  EXPECT_EQ(file.records[5].value, "10.0.0.5");
  EXPECT_EQ(file.records[6].value, "10.0.0.6");
  EXPECT_EQ(file.records[7].value, "-3");
  EXPECT_EQ(file.records[8].type, SnmpType::kCounter32);
  EXPECT_EQ(file.records[10].type, SnmpType::kCounter64);
  EXPECT_EQ(file.records[11].type, SnmpType::kNull);
  EXPECT_EQ(file.records[11].line, 12u);
}

TEST(Snmprec, KeepsPipesInsideValuesAndHandlesCrLfBlankLinesAndComments) {
  const SnmprecFile file = SnmprecFile::parse(
      "# recorded by hand\r\n"
      "\r\n"
      "1.3.6.1.2.1.1.1.0|4|a|b|c \r\n"
      "   \n"
      "1.3.6.1.2.1.1.5.0|4|name");  // no final newline
  ASSERT_TRUE(file.issues.empty());
  ASSERT_EQ(file.records.size(), 2u);
  EXPECT_EQ(file.records[0].value, "a|b|c ");  // trailing space is part of the value
  EXPECT_EQ(file.records[0].line, 3u);
  EXPECT_EQ(file.records[1].value, "name");
  EXPECT_EQ(file.records[1].line, 5u);
}

TEST(Snmprec, ReportsMalformedLinesWithLineNumbersAndKeepsTheRest) {
  const SnmprecFile file = SnmprecFile::parse(
      "1.3.6.1.2.1.1.1.0|4|ok\n"                     // 1
      "this is not a record\n"                       // 2
      "1.3.6.1.2.1.1.2.0|6\n"                        // 3: only one separator
      "1.3.6.1.2.1.2.2.1.6.1|4x|0011223\n"           // 4: odd hex
      "1.3.6.1.2.1.2.2.1.6.2|4x|00112233445Z\n"      // 5: non-hex
      "1.3.6.1.2.1.43.10.2.1.4.1.1|65|6git3159\n"    // 6: the corrupt OKI counter
      "1.3.6.1.2.1.43.10.2.1.4.1.2|65|4294967296\n"  // 7: Counter32 overflow
      "1.3.6.1.2.1.43.8.2.1.10.1.1|2|2147483648\n"   // 8: Integer32 overflow
      "1.3.6.1.2.1.1.2.0|6|1.3.6.x\n"                // 9: bad OID value
      "1.3..6.1|4|x\n"                               // 10: bad OID
      "1.3.6.1.2.1.1.3.0|99|1\n"                     // 11: unknown type
      "1.3.6.1.2.1.4.20.1.1.1|64|300.1.1.1\n"        // 12: bad IpAddress
      "1.3.6.1.2.1.1.3.0|2x|01\n"                    // 13: hex on an integer
      "1.3.6.1.2.1.1.5.0|4|last\n");                 // 14
  ASSERT_EQ(file.records.size(), 2u);
  EXPECT_EQ(file.records[0].line, 1u);
  EXPECT_EQ(file.records[1].line, 14u);
  ASSERT_EQ(file.issues.size(), 12u);
  for (std::size_t i = 0; i < file.issues.size(); ++i) {
    EXPECT_EQ(file.issues[i].line, i + 2) << file.issues[i].message;
    EXPECT_NE(file.issues[i].message.find("line dropped"), std::string::npos);
  }
  EXPECT_NE(file.issues[4].message.find("Counter32"), std::string::npos) << file.issues[4].message;
  EXPECT_NE(file.issues[4].message.find("6git3159"), std::string::npos);
}

TEST(Snmprec, DuplicateOidsAreReportedOnlyWhenTheValueDiffers) {
  const SnmprecFile file = SnmprecFile::parse(
      "1.3.6.1.2.1.1.1.0|4|a\n"
      "1.3.6.1.2.1.1.1.0|4|a\n"
      "1.3.6.1.2.1.1.5.0|4|first\n"
      "1.3.6.1.2.1.1.5.0|4|second\n");
  EXPECT_EQ(file.records.size(), 4u);
  ASSERT_EQ(file.issues.size(), 1u);
  EXPECT_EQ(file.issues[0].line, 4u);
  EXPECT_NE(file.issues[0].message.find("line 3"), std::string::npos);
  const OidValues values = file.values();
  EXPECT_EQ(values.size(), 2u);
  EXPECT_EQ(values.at("1.3.6.1.2.1.1.5.0").data, "second");
}

TEST(Snmprec, BinaryBytesInPlainValuesAreKeptAsIs) {
  std::string text = "1.3.6.1.2.1.1.1.0|4|caf\xe9";
  text += '\0';
  text += " x\n";
  const SnmprecFile file = SnmprecFile::parse(text);
  ASSERT_EQ(file.records.size(), 1u);
  std::string expected = "caf\xe9";
  expected += '\0';
  expected += " x";
  EXPECT_EQ(file.records[0].value, expected);
}

TEST(Snmprec, EmptyInputHasNoRecords) {
  const SnmprecFile file = SnmprecFile::parse("");
  EXPECT_TRUE(file.records.empty());
  EXPECT_TRUE(file.issues.empty());
}

TEST(Snmprec, LoadThrowsForAMissingFile) {
  EXPECT_THROW(SnmprecFile::load("/nonexistent/printer.snmprec"), std::runtime_error);
}

TEST(Snmprec, CanonLbpRecordingRepeatsLinesWithTheSameValue) {
  const SnmprecFile file = SnmprecFile::load(std::filesystem::path(PW_FIXTURES_DIR) / "snmprec" /
                                             "canonprinter_lbp.snmprec");
  EXPECT_EQ(file.records.size(), 148u);
  EXPECT_TRUE(file.issues.empty());
  EXPECT_EQ(file.values().size(), 146u);
}

}  // namespace
}  // namespace pw::agent::identify
