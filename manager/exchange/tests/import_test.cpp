#include <gtest/gtest.h>

#include <random>

#include "manager/exchange/device_exchange.hpp"
#include "manager/exchange/tests/exchange_test_util.hpp"

namespace pw::manager::exchange {
namespace {

using testing::hasError;
using testing::kRequiredHeader;
using testing::lines;

ImportResult parseCsv(std::string_view text) {
  return parseDeviceImport(text, FileFormat::kCsv);
}

// UTF-8 -> UTF-16 for test input, written independently of the importer's decoder.
std::string toUtf16(std::u32string_view text, bool big_endian, bool bom = true) {
  std::string out;
  const auto unit = [&](char16_t u) {
    const char hi = static_cast<char>(u >> 8);
    const char lo = static_cast<char>(u & 0xFF);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  };
  if (bom) unit(0xFEFF);
  for (char32_t cp : text) {
    if (cp >= 0x10000) {
      unit(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      unit(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      unit(static_cast<char16_t>(cp));
    }
  }
  return out;
}

TEST(DeviceImport, ReadsMinimalCsvAndNormalizes) {
  const auto result =
      parseCsv(lines({kRequiredHeader, "Printer,LaserJet M404,HP,00-1A-2B-3C-4D-5E,managed",
                      "MFP,bizhub C300i,Konica Minolta,001A2B3C4D5F,MANAGED"}));
  ASSERT_TRUE(result.ok()) << testing::allErrors(result);
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(result.rows[0].line, 2);
  EXPECT_EQ(result.rows[0].mac, "00:1a:2b:3c:4d:5e");
  EXPECT_EQ(result.rows[0].state, "Managed");
  EXPECT_EQ(result.rows[1].line, 3);
  EXPECT_EQ(result.rows[1].manufacturer, "Konica Minolta");
  EXPECT_EQ(result.rows[1].mac, "00:1a:2b:3c:4d:5f");
  EXPECT_TRUE(result.warnings.empty());
}

TEST(DeviceImport, ReadsAllOptionalColumnsInAnyOrderAndCase) {
  const auto result = parseCsv(
      lines({"linkurl,LOCATION,contact,devicename,serialnumber,hostname,ipaddress,state,"
             "physicaladdress,manufacturer,productname,devicetype",
             "https://p1.example/ui,Hall 1,ops@example.com,Front desk,SN1,p1.example,192.168.1.20,"
             "Managed,aa:bb:cc:dd:ee:ff,Canon,iR-ADV,Printer"}));
  ASSERT_TRUE(result.ok()) << testing::allErrors(result);
  ASSERT_EQ(result.rows.size(), 1u);
  const DeviceRow& row = result.rows[0];
  EXPECT_EQ(row.link_url, "https://p1.example/ui");
  EXPECT_EQ(row.location, "Hall 1");
  EXPECT_EQ(row.contact, "ops@example.com");
  EXPECT_EQ(row.name, "Front desk");
  EXPECT_EQ(row.serial, "SN1");
  EXPECT_EQ(row.host_name, "p1.example");
  EXPECT_EQ(row.ip_address, "192.168.1.20");
  EXPECT_EQ(row.device_type, "Printer");
  EXPECT_EQ(row.product_name, "iR-ADV");
}

TEST(DeviceImport, UnknownColumnIsAWarningNotAnError) {
  const auto result = parseCsv(
      lines({std::string(kRequiredHeader) + ",Firmware", "P,M,HP,aabbccddeeff,Managed,1.2"}));
  ASSERT_TRUE(result.ok()) << testing::allErrors(result);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0].line, 1);
  EXPECT_EQ(result.warnings[0].column, "Firmware");
  EXPECT_NE(result.warnings[0].message.find("unknown column"), std::string::npos);
}

TEST(DeviceImport, DuplicateColumnIsAnError) {
  const auto result = parseCsv(lines({std::string(kRequiredHeader) + ",physicalADDRESS",
                                      "P,M,HP,aabbccddeeff,Managed,aabbccddeeff"}));
  EXPECT_TRUE(hasError(result, 1, "PhysicalAddress", "columns 4 and 6"))
      << testing::allErrors(result);
  EXPECT_TRUE(result.rows.empty());
}

TEST(DeviceImport, EveryMissingRequiredColumnIsReported) {
  const auto result = parseCsv(lines({"DeviceType,IPAddress", "Printer,10.0.0.1"}));
  EXPECT_FALSE(result.ok());
  for (std::string_view column : {"ProductName", "Manufacturer", "PhysicalAddress", "State"}) {
    EXPECT_TRUE(hasError(result, 1, column, "required column is missing")) << column;
  }
  EXPECT_FALSE(hasError(result, 1, "DeviceType", "missing"));
  EXPECT_EQ(result.errors.size(), 4u);
}

TEST(DeviceImport, EmptyRequiredValuesAreReportedWithLineAndColumn) {
  const auto result = parseCsv(lines(
      {kRequiredHeader, "P,M,HP,aabbccddeeff,Managed", ",,,,Managed", "P,M,HP,aabbccddee00,"}));
  EXPECT_FALSE(result.ok());
  for (std::string_view column : {"DeviceType", "ProductName", "Manufacturer", "PhysicalAddress"}) {
    EXPECT_TRUE(hasError(result, 3, column, "a value is required")) << column;
  }
  EXPECT_TRUE(hasError(result, 4, "State", "a value is required"));
  EXPECT_EQ(result.errors.size(), 5u) << testing::allErrors(result);
  EXPECT_EQ(result.rows.size(), 3u);  // all rows come back; the caller applies none of them
}

TEST(DeviceImport, StateMustBeManaged) {
  const auto result = parseCsv(lines({kRequiredHeader, "P,M,HP,aabbccddeeff,Unmanaged"}));
  EXPECT_TRUE(hasError(result, 2, "State", "\"Unmanaged\" is not allowed"))
      << testing::allErrors(result);
}

TEST(DeviceImport, AcceptsTheThreeMacForms) {
  for (std::string_view mac : {"AA:BB:CC:DD:EE:0F", "aa-bb-cc-dd-ee-0f", "AABBCCDDEE0F"}) {
    const auto result =
        parseCsv(lines({kRequiredHeader, "P,M,HP," + std::string(mac) + ",Managed"}));
    ASSERT_TRUE(result.ok()) << mac << ": " << testing::allErrors(result);
    EXPECT_EQ(result.rows[0].mac, "aa:bb:cc:dd:ee:0f") << mac;
  }
}

TEST(DeviceImport, RejectsMalformedMacs) {
  for (std::string_view mac :
       {"00:11:22:33:44", "00:11:22:33:44:55:66", "00:11-22:33:44:55", "0011.2233.4455",
        "00:11:22:33:44:5g", "00112233445", "00 11 22 33 44 55", "0:11:22:33:44:555"}) {
    const auto result =
        parseCsv(lines({kRequiredHeader, "P,M,HP,\"" + std::string(mac) + "\",Managed"}));
    EXPECT_TRUE(
        hasError(result, 2, "PhysicalAddress", "\"" + std::string(mac) + "\" is not a MAC address"))
        << mac << ": " << testing::allErrors(result);
  }
  const auto result = parseCsv(lines({kRequiredHeader, "P,M,HP,00:11:22:33:44,Managed"}));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(describe(result.errors[0]),
            "line 2, PhysicalAddress: \"00:11:22:33:44\" is not a MAC address");
}

TEST(DeviceImport, DuplicateMacsNameBothLines) {
  const auto result =
      parseCsv(lines({kRequiredHeader, "P,M,HP,aa-bb-cc-dd-ee-ff,Managed",
                      "P,M,HP,00:00:00:00:00:01,Managed", "P,M,HP,AABBCCDDEEFF,Managed"}));
  EXPECT_TRUE(
      hasError(result, 4, "PhysicalAddress", "\"aa:bb:cc:dd:ee:ff\" appears on lines 2 and 4"))
      << testing::allErrors(result);
  EXPECT_EQ(result.errors.size(), 1u);
}

TEST(DeviceImport, IpAddressMustBeAStrictDottedQuad) {
  const std::string header = std::string(kRequiredHeader) + ",IPAddress";
  for (std::string_view ip : {"10.0.0", "10.0.0.256", "010.0.0.1", "1.2.3.4.5", "a.b.c.d", "1..2.3",
                              "10.0.0.1/24", "::1", "+1.2.3.4", "1.2.3.-4"}) {
    const auto result = parseCsv(lines({header, "P,M,HP,aabbccddeeff,Managed," + std::string(ip)}));
    EXPECT_TRUE(hasError(result, 2, "IPAddress", "is not an IPv4 address")) << ip;
  }
  for (std::string_view ip : {"0.0.0.0", "192.168.100.254", "255.255.255.255"}) {
    const auto result = parseCsv(lines({header, "P,M,HP,aabbccddeeff,Managed," + std::string(ip)}));
    EXPECT_TRUE(result.ok()) << ip << ": " << testing::allErrors(result);
  }
  const auto empty = parseCsv(lines({header, "P,M,HP,aabbccddeeff,Managed,"}));
  EXPECT_TRUE(empty.ok()) << "IPAddress is optional";
}

TEST(DeviceImport, LinkUrlMustBeHttpOrHttps) {
  const std::string header = std::string(kRequiredHeader) + ",LinkUrl";
  for (std::string_view url : {"ftp://printer/", "javascript:alert(1)", "http://", "https:///x",
                               "file:///etc/passwd", "printer.example.com", "http://a b/"}) {
    const auto result =
        parseCsv(lines({header, "P,M,HP,aabbccddeeff,Managed," + std::string(url)}));
    EXPECT_TRUE(hasError(result, 2, "LinkUrl", "is not an http or https URL")) << url;
  }
  for (std::string_view url :
       {"http://10.0.0.5", "HTTPS://printer.example.com:8443/hp/device?x=1"}) {
    const auto result =
        parseCsv(lines({header, "P,M,HP,aabbccddeeff,Managed," + std::string(url)}));
    EXPECT_TRUE(result.ok()) << url << ": " << testing::allErrors(result);
  }
}

TEST(DeviceImport, FieldsAreLimitedTo255Characters) {
  const std::string header = std::string(kRequiredHeader) + ",Location";
  const std::string ok_ascii(255, 'x');
  std::string ok_multibyte;
  for (int i = 0; i < 255; ++i) ok_multibyte += "é";  // 510 bytes, 255 characters
  for (const auto& value : {ok_ascii, ok_multibyte}) {
    const auto result = parseCsv(lines({header, "P,M,HP,aabbccddeeff,Managed," + value}));
    EXPECT_TRUE(result.ok()) << testing::allErrors(result);
  }
  const auto result =
      parseCsv(lines({header, "P,M,HP,aabbccddeeff,Managed," + std::string(256, 'x')}));
  EXPECT_TRUE(hasError(result, 2, "Location", "longer than 255 characters"));
}

TEST(DeviceImport, ControlCharactersAreRejected) {
  const std::string header = std::string(kRequiredHeader) + ",Location,Contact";
  const auto result = parseCsv(lines({header, "P,M,HP,aabbccddeeff,Managed,a\x01z,ok",
                                      "P,M,HP,aabbccddee00,Managed,ok,\"two\nlines\"",
                                      "P,M,HP,aabbccddee01,Managed,tab\there,\x7f"}));
  EXPECT_TRUE(hasError(result, 2, "Location", "control character"));
  EXPECT_TRUE(hasError(result, 3, "Contact", "control character"));
  EXPECT_TRUE(hasError(result, 5, "Location", "control character")) << testing::allErrors(result);
  EXPECT_TRUE(hasError(result, 5, "Contact", "control character"));
  EXPECT_EQ(result.errors.size(), 4u) << testing::allErrors(result);
}

TEST(DeviceImport, ValueWithoutColumnNameIsAnError) {
  const auto result = parseCsv(lines({kRequiredHeader, "P,M,HP,aabbccddeeff,Managed,stray"}));
  EXPECT_TRUE(hasError(result, 2, "", "column 6 has a value but no column name"))
      << testing::allErrors(result);
}

TEST(DeviceImport, QuotedCsvWithCommasNewlinesAndQuotes) {
  const std::string header = std::string(kRequiredHeader) + ",Location,DeviceName";
  const auto result =
      parseCsv("\xEF\xBB\xBF" + header + "\r\n" +
               "P,\"Color, A3\",HP,aabbccddeeff,Managed,\"Room \"\"Blue\"\"\",\"x\"\r\n" +
               "P,\"M\",HP,aabbccddee00,Managed,\"spans\r\nthree\r\nlines\",y\r\n" +
               "P,M,HP,aabbccddee01,Managed,\"\"\"quoted\"\"\",\"a,b\"\r\n");
  // The multi-line value is rejected (control characters) but its record keeps its own line
  // and the next record is still found on line 6.
  EXPECT_TRUE(hasError(result, 3, "Location", "control character")) << testing::allErrors(result);
  EXPECT_EQ(result.errors.size(), 1u) << testing::allErrors(result);
  ASSERT_EQ(result.rows.size(), 3u);
  EXPECT_EQ(result.rows[0].product_name, "Color, A3");
  EXPECT_EQ(result.rows[0].location, "Room \"Blue\"");
  EXPECT_EQ(result.rows[2].line, 6);
  EXPECT_EQ(result.rows[2].location, "\"quoted\"");
  EXPECT_EQ(result.rows[2].name, "a,b");
}

TEST(DeviceImport, BlankAndEmptyRowsAreSkipped) {
  const auto result =
      parseCsv(lines({"", kRequiredHeader, ",,,,", "", "P,M,HP,aabbccddeeff,Managed"}));
  ASSERT_TRUE(result.ok()) << testing::allErrors(result);
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0].line, 5);
}

TEST(DeviceImport, Utf8BomIsAccepted) {
  const auto result =
      parseCsv("\xEF\xBB\xBF" + lines({kRequiredHeader, "P,M,Ricoh,aabbccddeeff,Managed"}));
  ASSERT_TRUE(result.ok()) << testing::allErrors(result);
  EXPECT_EQ(result.rows[0].device_type, "P");
}

TEST(DeviceImport, Utf16LittleAndBigEndianAreAccepted) {
  const std::u32string text =
      U"DeviceType,ProductName,Manufacturer,PhysicalAddress,State,Location\r\n"
      U"Printer,Zürich 😀,Kyocera,aabbccddeeff,Managed,Büro\r\n";
  for (bool big_endian : {false, true}) {
    const auto result = parseCsv(toUtf16(text, big_endian));
    ASSERT_TRUE(result.ok()) << testing::allErrors(result);
    ASSERT_EQ(result.rows.size(), 1u);
    EXPECT_EQ(result.rows[0].product_name, "Zürich 😀");
    EXPECT_EQ(result.rows[0].location, "Büro");
  }
}

TEST(DeviceImport, InvalidUtf16IsRejectedWithPosition) {
  const std::u32string head = U"DeviceType,ProductName,Manufacturer,PhysicalAddress,State\r\nP,";
  // A lone high surrogate followed by an ordinary character.
  std::string bytes = toUtf16(head, false);
  const std::size_t bad_offset = bytes.size();
  bytes += std::string("\x00\xD8", 2) + std::string("A\x00", 2);
  const auto result = parseCsv(bytes);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].line, 2);
  EXPECT_NE(result.errors[0].message.find("invalid UTF-16LE at byte " + std::to_string(bad_offset)),
            std::string::npos)
      << result.errors[0].message;

  const auto lone_low = parseCsv(toUtf16(head, true) + std::string("\xDC\x00", 2));
  EXPECT_FALSE(lone_low.ok());
  const auto odd = parseCsv(toUtf16(head, true) + "x");
  ASSERT_FALSE(odd.ok());
  EXPECT_NE(odd.errors[0].message.find("UTF-16BE"), std::string::npos);
}

TEST(DeviceImport, NonUtf8FileIsRejected) {
  const auto result = parseCsv(lines({kRequiredHeader,
                                      "P,M,Br\xFC"
                                      "der,aabbccddeeff,Managed"}));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].line, 2);
  EXPECT_NE(result.errors[0].message.find("not UTF-8"), std::string::npos);
}

TEST(DeviceImport, TabDelimitedText) {
  const auto result = parseDeviceImport(
      "DeviceType\tProductName\tManufacturer\tPhysicalAddress\tState\tLocation\r\n"
      "Printer\tModel, with comma\tXerox\taa:bb:cc:dd:ee:ff\tManaged\t\"has \"\"quotes\"\"\"\r\n"
      "Printer\t  padded  \tXerox\taa:bb:cc:dd:ee:00\tManaged\t\r\n",
      FileFormat::kTsv);
  ASSERT_TRUE(result.ok()) << testing::allErrors(result);
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(result.rows[0].product_name, "Model, with comma");
  EXPECT_EQ(result.rows[0].location, "has \"quotes\"");
  EXPECT_EQ(result.rows[1].product_name, "padded");
  EXPECT_EQ(result.rows[1].location, "");
}

TEST(DeviceImport, MalformedQuotingIsReportedWithLine) {
  const auto stray =
      parseCsv(lines({kRequiredHeader, "P,M,HP,aabbccddeeff,Managed", "P,5\" tray,HP,x,y"}));
  ASSERT_EQ(stray.errors.size(), 1u) << testing::allErrors(stray);
  EXPECT_EQ(stray.errors[0].line, 3);
  EXPECT_NE(stray.errors[0].message.find("malformed quoting"), std::string::npos);

  const auto unterminated =
      parseCsv(lines({kRequiredHeader, "P,M,HP,aabbccddeeff,Managed", "P,\"open,HP"}));
  ASSERT_EQ(unterminated.errors.size(), 1u);
  EXPECT_EQ(unterminated.errors[0].line, 3);
  EXPECT_NE(unterminated.errors[0].message.find("not closed"), std::string::npos);
}

TEST(DeviceImport, EmptyFileNeedsAHeader) {
  for (std::string_view bytes : {"", "\xEF\xBB\xBF", "\r\n\r\n", ",,,\n"}) {
    const auto result = parseCsv(bytes);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(describe(result.errors[0]), "the file is empty; it needs a header row");
  }
}

TEST(DeviceImport, HeaderOnlyIsAnEmptyImport) {
  const auto result = parseCsv(exportDevices({}, FileFormat::kCsv, true));
  EXPECT_TRUE(result.ok()) << testing::allErrors(result);
  EXPECT_TRUE(result.rows.empty());
}

TEST(DeviceImport, InputSizeIsLimited) {
  ImportLimits limits;
  limits.max_input_bytes = 100;
  const std::string text =
      lines({kRequiredHeader, "P,M,HP,aabbccddeeff,Managed", "P,M,HP,aabbccddee00,Managed"});
  ASSERT_GT(text.size(), 100u);
  for (FileFormat format : {FileFormat::kCsv, FileFormat::kTsv, FileFormat::kXlsx}) {
    const auto result = parseDeviceImport(text, format, limits);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_EQ(result.errors[0].message, "the file is larger than 100 bytes");
  }
  const std::string huge(kMaxInputBytes + 1, 'x');
  const auto result = parseCsv(huge);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].message.find("larger than 16777216 bytes"), std::string::npos);
}

TEST(DeviceImport, RowCountIsLimited) {
  std::string text = std::string(kRequiredHeader) + "\n";
  for (std::size_t i = 0; i < kMaxDataRows; ++i) {
    char line[64];
    std::snprintf(line, sizeof line, "P,M,HP,0011%08zx,Managed\n", i);
    text += line;
  }
  const auto at_limit = parseCsv(text);
  EXPECT_TRUE(at_limit.ok()) << testing::allErrors(at_limit);
  EXPECT_EQ(at_limit.rows.size(), kMaxDataRows);

  text += "P,M,HP,ffffffffffff,Managed\n";
  const auto over = parseCsv(text);
  ASSERT_EQ(over.errors.size(), 1u);
  EXPECT_EQ(over.errors[0].message, "the file has more than 50000 rows");
  EXPECT_TRUE(over.rows.empty());
}

TEST(DeviceImport, CellAndColumnCountsAreLimited) {
  ImportLimits limits;
  limits.max_cells = 20;
  const std::string text = lines({kRequiredHeader, "P,M,HP,aabbccddeeff,Managed,,,,,,,,,,,"});
  const auto result = parseDeviceImport(text, FileFormat::kCsv, limits);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].message, "the file has more than 20 cells");

  const auto wide = parseCsv(lines({std::string(kMaxColumns, ',') + "x"}));
  ASSERT_EQ(wide.errors.size(), 1u);
  EXPECT_EQ(wide.errors[0].message, "the file has more than 16384 columns");
}

TEST(DeviceImport, ZipPassedAsTextIsRejected) {
  const auto result = parseCsv(std::string("PK\x03\x04", 4) + "rest of a zip");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].message.find("zip archive"), std::string::npos);
}

TEST(DeviceImport, RandomBytesNeverCrashAndAlwaysExplain) {
  std::mt19937 random(20261121);
  for (int round = 0; round < 300; ++round) {
    std::string bytes(random() % 2048, '\0');
    const bool printable = round % 2 == 0;
    for (char& c : bytes) {
      c = static_cast<char>(printable ? " ,\t\"\r\nabcdef0123456789:-"[random() % 23]
                                      : random() % 256);
    }
    for (FileFormat format : {FileFormat::kCsv, FileFormat::kTsv, FileFormat::kXlsx}) {
      const auto result = parseDeviceImport(bytes, format);
      if (!result.ok()) {
        for (const auto& error : result.errors) EXPECT_FALSE(error.message.empty());
      } else {
        EXPECT_TRUE(printable) << "binary garbage must not import";
      }
    }
  }
}

TEST(DeviceImport, FormulaNeutralizationIsReversibleAndUnambiguous) {
  EXPECT_EQ(neutralizeFormula("=1+2"), "'=1+2");
  EXPECT_EQ(neutralizeFormula("+33 1 23"), "'+33 1 23");
  EXPECT_EQ(neutralizeFormula("-5"), "'-5");
  EXPECT_EQ(neutralizeFormula("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(neutralizeFormula("\tx"), "'\tx");
  EXPECT_EQ(neutralizeFormula("\rx"), "'\rx");
  EXPECT_EQ(neutralizeFormula("'=x"), "''=x");
  EXPECT_EQ(neutralizeFormula("'s-Hertogenbosch"), "'s-Hertogenbosch");
  EXPECT_EQ(neutralizeFormula("a=b"), "a=b");
  EXPECT_EQ(neutralizeFormula(""), "");
  for (std::string_view value :
       {"=1+2", "'=x", "''@y", "'s-Hertogenbosch", "'", "plain", "-", "'-"}) {
    EXPECT_EQ(restoreNeutralized(neutralizeFormula(value)), value) << value;
  }
  EXPECT_EQ(restoreNeutralized("'s-Hertogenbosch"), "'s-Hertogenbosch");
}

TEST(DeviceImport, HandTypedQuotedFormulaIsImportedWithoutTheQuote) {
  const std::string header = std::string(kRequiredHeader) + ",Location";
  const auto result = parseCsv(lines({header, "P,M,HP,aabbccddeeff,Managed,'-1 basement",
                                      "P,M,HP,aabbccddee00,Managed,'s-Hertogenbosch"}));
  ASSERT_TRUE(result.ok()) << testing::allErrors(result);
  EXPECT_EQ(result.rows[0].location, "-1 basement");
  EXPECT_EQ(result.rows[1].location, "'s-Hertogenbosch");
}

TEST(DeviceImport, DetectsFormatByMagicThenExtension) {
  EXPECT_EQ(detectFileFormat("devices.CSV", "Device"), FileFormat::kCsv);
  EXPECT_EQ(detectFileFormat("devices.txt", "Device"), FileFormat::kTsv);
  EXPECT_EQ(detectFileFormat("devices.tsv", ""), FileFormat::kTsv);
  EXPECT_EQ(detectFileFormat("devices.xlsx", ""), FileFormat::kXlsx);
  EXPECT_EQ(detectFileFormat("renamed.csv", std::string_view("PK\x03\x04\x14\x00", 6)),
            FileFormat::kXlsx);
  EXPECT_EQ(detectFileFormat("devices.xls", "\xD0\xCF\x11\xE0"), std::nullopt);
  EXPECT_EQ(detectFileFormat("devices", "Device"), std::nullopt);
  EXPECT_EQ(fileExtension(FileFormat::kTsv), ".txt");
  EXPECT_EQ(mimeType(FileFormat::kXlsx),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

TEST(DeviceImport, SniffsTheFormatOfContentWithoutAName) {
  EXPECT_EQ(sniffFileFormat(std::string_view("PK\x03\x04\x14\x00", 6)), FileFormat::kXlsx);
  EXPECT_EQ(sniffFileFormat("DeviceType,ProductName\tx\r\nP\tM\t\t\t"), FileFormat::kCsv);
  EXPECT_EQ(sniffFileFormat("DeviceType\tProductName,x\tManufacturer\r\nP,M,,,"), FileFormat::kTsv);
  EXPECT_EQ(sniffFileFormat(""), FileFormat::kCsv);
  // UTF-16 LE with BOM: "A\tB\n"; the zero bytes count for neither.
  EXPECT_EQ(sniffFileFormat(std::string_view("\xFF\xFE"
                                             "A\0\t\0B\0\n\0",
                                             10)),
            FileFormat::kTsv);
  EXPECT_EQ(sniffFileFormat(std::string_view("\xFE\xFF\0A\0,\0B\0\n", 10)), FileFormat::kCsv);
}

TEST(DeviceImport, DescribeLeavesOutUnknownParts) {
  EXPECT_EQ(describe({7, "PhysicalAddress", "bad"}), "line 7, PhysicalAddress: bad");
  EXPECT_EQ(describe({7, "", "bad"}), "line 7: bad");
  EXPECT_EQ(describe({0, "", "bad"}), "bad");
}

}  // namespace
}  // namespace pw::manager::exchange
