#include <gtest/gtest.h>

#include <vector>

#include "manager/exchange/device_exchange.hpp"
#include "manager/exchange/table_export.hpp"
#include "manager/exchange/tests/exchange_test_util.hpp"

namespace pw::manager::exchange {
namespace {

using testing::fullRow;
using testing::trickyRows;
using testing::withoutLines;

constexpr std::string_view kCsvTemplate =
    "\xEF\xBB\xBF"
    "DeviceType,ProductName,Manufacturer,PhysicalAddress,State,IPAddress,HostName,SerialNumber,"
    "DeviceName,Location,Contact,LinkUrl\r\n";

TEST(DeviceExport, CsvTemplateIsHeaderOnlyWithBomAndCrlf) {
  const std::vector<DeviceRow> rows = {fullRow(1)};
  EXPECT_EQ(exportDevices(rows, FileFormat::kCsv, true), kCsvTemplate);
}

TEST(DeviceExport, TsvTemplateUsesTabs) {
  EXPECT_EQ(exportDevices({}, FileFormat::kTsv, true),
            "\xEF\xBB\xBF"
            "DeviceType\tProductName\tManufacturer\tPhysicalAddress\tState\tIPAddress\tHostName\t"
            "SerialNumber\tDeviceName\tLocation\tContact\tLinkUrl\r\n");
}

TEST(DeviceExport, CsvQuotesAndNeutralizesFormulas) {
  const auto rows = trickyRows();
  const std::string csv = exportDevices(rows, FileFormat::kCsv, false);
  EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\","),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",'+49 30 1234,"), std::string::npos);
  EXPECT_NE(csv.find(",'-0042,"), std::string::npos);
  EXPECT_NE(csv.find(",'@host,"), std::string::npos);
  EXPECT_NE(csv.find(",''=already quoted,"), std::string::npos);
  EXPECT_NE(csv.find(",'s-Hertogenbosch,"), std::string::npos);
  EXPECT_NE(csv.find(",\"Room 1, \"\"north\"\" wing\","), std::string::npos);
  // No line starts with a formula trigger either.
  for (std::size_t pos = csv.find("\r\n"); pos != std::string::npos;
       pos = csv.find("\r\n", pos + 2)) {
    if (pos + 2 < csv.size()) {
      EXPECT_EQ(std::string("=+-@").find(csv[pos + 2]), std::string::npos);
    }
  }
}

TEST(DeviceExport, CsvAndTsvRoundTripExactly) {
  const auto rows = trickyRows();
  for (FileFormat format : {FileFormat::kCsv, FileFormat::kTsv}) {
    const std::string bytes = exportDevices(rows, format, false);
    const auto result = parseDeviceImport(bytes, format);
    ASSERT_TRUE(result.ok()) << testing::allErrors(result);
    EXPECT_EQ(withoutLines(result.rows), rows);
    EXPECT_TRUE(result.warnings.empty());
  }
}

TEST(DeviceExport, TsvKeepsTabsAndNewlinesInsideOneField) {
  std::vector<DeviceRow> rows = {fullRow(1), fullRow(2)};
  rows[0].location = "a\tb\r\nc";
  const std::string tsv = exportDevices(rows, FileFormat::kTsv, false);
  EXPECT_NE(tsv.find("\t\"a\tb\r\nc\"\t"), std::string::npos);
  // The record structure survives: the control characters are reported for row 2 only, and the
  // next device is still found, on line 4.
  const auto result = parseDeviceImport(tsv, FileFormat::kTsv);
  ASSERT_EQ(result.errors.size(), 1u) << testing::allErrors(result);
  EXPECT_EQ(result.errors[0].line, 2);
  EXPECT_EQ(result.errors[0].column, "Location");
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(result.rows[1].line, 4);
  EXPECT_EQ(result.rows[1].mac, rows[1].mac);
}

TEST(TableExport, DelimitedFilesHoldAnyColumnsQuotedAndNeutralized) {
  const std::vector<TableRow> table = {
      {"Action", "Details"}, {"devices.update", "{\"name\":\"a,b\"}"}, {"@SUM(A1)", "-1"}};
  EXPECT_EQ(exportTable(table, FileFormat::kCsv, "ignored"),
            "\xEF\xBB\xBF"
            "Action,Details\r\n"
            "devices.update,\"{\"\"name\"\":\"\"a,b\"\"}\"\r\n"
            "'@SUM(A1),'-1\r\n");
  EXPECT_EQ(exportTable(table, FileFormat::kTsv, "ignored"),
            "\xEF\xBB\xBF"
            "Action\tDetails\r\n"
            "devices.update\t\"{\"\"name\"\":\"\"a,b\"\"}\"\r\n"
            "'@SUM(A1)\t'-1\r\n");
}

TEST(DeviceExport, TabOrCarriageReturnAtStartIsNeutralized) {
  std::vector<DeviceRow> rows = {fullRow(1)};
  rows[0].location = "\t=cmd";
  rows[0].contact = "\r=cmd";
  for (FileFormat format : {FileFormat::kCsv, FileFormat::kTsv}) {
    const std::string bytes = exportDevices(rows, format, false);
    // CSV needs no quotes around a tab; TSV and the carriage return do.
    EXPECT_NE(bytes.find(format == FileFormat::kCsv ? ",'\t=cmd," : "\"'\t=cmd\""),
              std::string::npos);
    EXPECT_NE(bytes.find("\"'\r=cmd\""), std::string::npos);
  }
}

}  // namespace
}  // namespace pw::manager::exchange
