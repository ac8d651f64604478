#include <gtest/gtest.h>
#include <zip.h>

#include <random>
#include <utility>
#include <vector>

#include "manager/exchange/device_exchange.hpp"
#include "manager/exchange/table_export.hpp"
#include "manager/exchange/tests/exchange_test_util.hpp"

namespace pw::manager::exchange {
namespace {

using testing::fullRow;
using testing::readFile;
using testing::TempDir;
using testing::trickyRows;
using testing::withoutLines;
using testing::writeFile;
using Entries = std::vector<std::pair<std::string, std::string>>;

// Builds a zip with libzip so tests control every part of a workbook.
std::string makeZip(const Entries& entries) {
  TempDir dir;
  const std::string path = (dir.path() / "test.zip").string();
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) throw std::runtime_error("zip_open failed");
  for (const auto& [name, data] : entries) {
    zip_source_t* source = zip_source_buffer(archive, data.data(), data.size(), 0);
    if (source == nullptr || zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(source);
      zip_discard(archive);
      throw std::runtime_error("zip_file_add failed");
    }
  }
  if (zip_close(archive) != 0) throw std::runtime_error("zip_close failed");
  return readFile(path);
}

constexpr std::string_view kWorkbook =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Devices" sheetId="1" r:id="rId1"/></sheets></workbook>)";
constexpr std::string_view kRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>)";

std::string sheetXml(std::string_view rows) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)") +
         std::string(rows) + "</sheetData></worksheet>";
}

std::string inlineCell(std::string_view ref, std::string_view text) {
  return "<c r=\"" + std::string(ref) + "\" t=\"inlineStr\"><is><t>" + std::string(text) +
         "</t></is></c>";
}

std::string inlineRow(int number, std::initializer_list<std::string_view> values) {
  std::string row = "<row r=\"" + std::to_string(number) + "\">";
  char column = 'A';
  for (auto value : values) {
    if (!value.empty()) row += inlineCell(std::string(1, column) + std::to_string(number), value);
    ++column;
  }
  return row + "</row>";
}

std::string simpleWorkbook(std::string_view sheet_rows) {
  return makeZip({{"xl/workbook.xml", std::string(kWorkbook)},
                  {"xl/_rels/workbook.xml.rels", std::string(kRels)},
                  {"xl/worksheets/sheet1.xml", sheetXml(sheet_rows)}});
}

ImportResult parseXlsx(std::string_view bytes, const ImportLimits& limits = {}) {
  return parseDeviceImport(bytes, FileFormat::kXlsx, limits);
}

int countExportTempFiles() {
  int count = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
    if (entry.path().filename().string().starts_with("printwarden-export-")) ++count;
  }
  return count;
}

TEST(XlsxExchange, ExportedWorkbookRoundTrips) {
  const auto rows = trickyRows();
  const int temp_files_before = countExportTempFiles();
  const std::string bytes = exportDevices(rows, FileFormat::kXlsx, false);
  EXPECT_EQ(countExportTempFiles(), temp_files_before) << "the temporary file must be removed";
  ASSERT_TRUE(bytes.starts_with("PK\x03\x04"));
  EXPECT_EQ(detectFileFormat("export", bytes.substr(0, 8)), FileFormat::kXlsx);
  const auto result = parseXlsx(bytes);
  ASSERT_TRUE(result.ok()) << testing::allErrors(result);
  EXPECT_EQ(withoutLines(result.rows), rows);
  EXPECT_EQ(result.rows[2].line, 4);
}

TEST(XlsxExchange, TemplateWorkbookImportsAsEmpty) {
  const auto result = parseXlsx(exportDevices({}, FileFormat::kXlsx, true));
  EXPECT_TRUE(result.ok()) << testing::allErrors(result);
  EXPECT_TRUE(result.rows.empty());
}

TEST(XlsxExchange, ImportsWorkbookWrittenByOpenpyxl) {
  TempDir dir;
  const auto path = dir.path() / "openpyxl.xlsx";
  const auto run = testing::runPython(dir, R"PY(
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Import"
ws.append(["physicaladdress", "DEVICETYPE", "ProductName", "Manufacturer", "State", "SerialNumber", "Location", "Notes"])
ws.append(["00-11-22-33-44-55", "Printer", "ECOSYS M2540dn", "Kyocera", "Managed", 123456, "Zürich, 3rd floor", "ignored"])
ws.append([])
ws.append([])
ws.append(["001122334466", "MFP", "imageRUNNER", "Canon", "managed", "SN-9", "'-1 basement", None])
other = wb.create_sheet("Other")
other["A1"] = "not read"
wb.active = 1
wb.save(sys.argv[1])
)PY",
                                      path.string());
  ASSERT_EQ(run.status, 0) << run.output << "\n(install python3-openpyxl: tools/setup.sh)";
  const auto result = parseXlsx(readFile(path));
  ASSERT_TRUE(result.ok()) << testing::allErrors(result);
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(result.rows[0].line, 2);
  EXPECT_EQ(result.rows[0].mac, "00:11:22:33:44:55");
  EXPECT_EQ(result.rows[0].serial, "123456");
  EXPECT_EQ(result.rows[0].location, "Zürich, 3rd floor");
  EXPECT_EQ(result.rows[1].line, 5);
  EXPECT_EQ(result.rows[1].state, "Managed");
  EXPECT_EQ(result.rows[1].location, "-1 basement");
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0].column, "Notes");
}

TEST(XlsxExchange, ExportedWorkbookReadsInOpenpyxlWithoutFormulas) {
  TempDir dir;
  const auto path = dir.path() / "export.xlsx";
  writeFile(path, exportDevices(trickyRows(), FileFormat::kXlsx, false));
  const auto run = testing::runPython(dir, R"PY(
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
print("title", ws.title)
for row in ws.iter_rows():
    for cell in row:
        if cell.value is not None:
            print(cell.coordinate, cell.data_type, json.dumps(cell.value, ensure_ascii=False))
)PY",
                                      path.string());
  ASSERT_EQ(run.status, 0) << run.output;
  const std::string& out = run.output;
  EXPECT_NE(out.find("title Devices\n"), std::string::npos);
  EXPECT_NE(out.find("A1 s \"DeviceType\"\n"), std::string::npos) << out;
  EXPECT_NE(out.find("L1 s \"LinkUrl\"\n"), std::string::npos);
  EXPECT_NE(out.find("D2 s \"00:11:22:33:00:01\"\n"), std::string::npos);
  EXPECT_NE(out.find("I2 s \"'=HYPERLINK(\\\"http://evil.example\\\",\\\"click\\\")\"\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("K3 s \"'+49 30 1234\"\n"), std::string::npos);
  EXPECT_NE(out.find("H3 s \"'-0042\"\n"), std::string::npos);
  EXPECT_NE(out.find("G3 s \"'@host\"\n"), std::string::npos);
  EXPECT_NE(out.find("J4 s \"''=already quoted\"\n"), std::string::npos);
  EXPECT_NE(out.find("I4 s \"'s-Hertogenbosch\"\n"), std::string::npos);
  EXPECT_NE(out.find("B4 s \"Zürich \\\"Q\\\" 😀\"\n"), std::string::npos);
  EXPECT_EQ(out.find(" f "), std::string::npos) << "no cell may be a formula:\n" << out;
  EXPECT_EQ(out.find(" n "), std::string::npos) << "every cell is a string:\n" << out;
}

TEST(XlsxExchange, AnyTableIsWrittenUnderItsSheetNameTextAsStringsNumbersAsNumbers) {
  TempDir dir;
  const auto path = dir.path() / "table.xlsx";
  const std::vector<TableRow> table = {
      {"Time", "User", "Status", "Pages", "Share %"},
      {"2026-11-22T05:00:00Z", "=cmd|' /C calc'!A0", "200", TableCell::integer(4294967296),
       TableCell::decimal(12.34, 1)},
      {"2026-11-22T05:01:00Z", "", "401", TableCell::integer(std::nullopt),
       TableCell::decimal(0, 1)}};
  writeFile(path, exportTable(table, FileFormat::kXlsx, "Audit log"));
  const auto run = testing::runPython(dir, R"PY(
import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print("title", ws.title, ws.freeze_panes)
for row in ws.iter_rows():
    print([[cell.data_type, cell.value] for cell in row])
)PY",
                                      path.string());
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_EQ(run.output,
            "title Audit log A2\n"
            "[['s', 'Time'], ['s', 'User'], ['s', 'Status'], ['s', 'Pages'], ['s', 'Share %']]\n"
            "[['s', '2026-11-22T05:00:00Z'], ['s', \"'=cmd|' /C calc'!A0\"], ['s', '200'], "
            "['n', 4294967296], ['n', 12.3]]\n"
            "[['s', '2026-11-22T05:01:00Z'], ['n', None], ['s', '401'], ['n', None], ['n', 0]]\n");
  // CSV writes a number's text, as before the cells had types.
  EXPECT_EQ(exportTable(std::span(table).subspan(1, 1), FileFormat::kCsv, "ignored"),
            "\xEF\xBB\xBF"
            "2026-11-22T05:00:00Z,'=cmd|' /C calc'!A0,200,4294967296,12.3\r\n");
}

TEST(XlsxExchange, ReadsInlineStringsPrefixedNamespacesAndSparseCells) {
  // The first sheet in workbook order is found through the relationships, wherever it lives.
  const std::string workbook = R"(<?xml version="1.0"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<x:sheets><x:sheet name="Devices" sheetId="7" rel:id="rId9"/><x:sheet name="B" sheetId="1" rel:id="rId1"/></x:sheets></x:workbook>)";
  const std::string rels = R"(<?xml version="1.0"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/devices.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/>
</Relationships>)";
  const std::string strings = R"(<?xml version="1.0"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<si><t>Printer</t></si>
<si><r><t>Ko</t></r><r><rPr><b/></rPr><t xml:space="preserve">nica </t></r><r><t>Minolta</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>
</sst>)";
  const std::string sheet = R"(<?xml version="1.0"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>DeviceType</x:t></x:is></x:c><x:c r="B2" t="inlineStr"><x:is><x:t>ProductName</x:t></x:is></x:c><x:c r="C2" t="inlineStr"><x:is><x:t>Manufacturer</x:t></x:is></x:c><x:c r="D2" t="inlineStr"><x:is><x:t>PhysicalAddress</x:t></x:is></x:c><x:c r="E2" t="inlineStr"><x:is><x:t>State</x:t></x:is></x:c><x:c r="G2" t="inlineStr"><x:is><x:t>SerialNumber</x:t></x:is></x:c></x:row>
<x:row r="3"/>
<x:row r="4"><x:c r="A4" t="s"><x:v>0</x:v></x:c><x:c r="B4" t="inlineStr"><x:is><x:r><x:t>bizhub</x:t></x:r><x:r><x:t xml:space="preserve"> C300i</x:t></x:r></x:is></x:c><x:c r="C4" t="s"><x:v>1</x:v></x:c><x:c r="D4" t="inlineStr"><x:is><x:t>AA:BB:CC:DD:EE:01</x:t></x:is></x:c><x:c r="E4" t="inlineStr"><x:is><x:t>Managed</x:t></x:is></x:c><x:c r="F4"><x:v>99</x:v></x:c><x:c r="G4"><x:v>42</x:v></x:c></x:row>
<x:row r="5"><x:c r="A5"><x:v></x:v></x:c></x:row>
<x:row r="6"><x:c t="s"><x:v>0</x:v></x:c><x:c t="str"><x:f>"M"&amp;"1"</x:f><x:v>M1</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>aabbccddee02</x:t></x:is></x:c><x:c t="b"><x:v>1</x:v></x:c></x:row>
</x:sheetData></x:worksheet>)";
  const auto bytes = makeZip({{"xl/workbook.xml", workbook},
                              {"xl/_rels/workbook.xml.rels", rels},
                              {"xl/strings.xml", strings},
                              {"xl/worksheets/devices.xml", sheet},
                              {"xl/worksheets/sheet1.xml", sheetXml("")}});
  const auto result = parseXlsx(bytes);
  // Row 6 is read in cell order without references; its boolean State is rejected.
  ASSERT_EQ(result.errors.size(), 2u) << testing::allErrors(result);
  EXPECT_TRUE(testing::hasError(result, 4, "", "column 6 has a value but no column name"));
  EXPECT_TRUE(testing::hasError(result, 6, "State", "\"TRUE\" is not allowed"));
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(result.rows[0].line, 4);
  EXPECT_EQ(result.rows[0].device_type, "Printer");
  EXPECT_EQ(result.rows[0].product_name, "bizhub C300i");
  EXPECT_EQ(result.rows[0].manufacturer, "Konica Minolta");
  EXPECT_EQ(result.rows[0].mac, "aa:bb:cc:dd:ee:01");
  EXPECT_EQ(result.rows[0].serial, "42");
  EXPECT_EQ(result.rows[1].line, 6);
  EXPECT_EQ(result.rows[1].product_name, "M1");
}

TEST(XlsxExchange, ZipThatIsNotAWorkbookIsRejected) {
  const auto result = parseXlsx(makeZip({{"hello.txt", "hello"}}));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].message,
            "the file is a zip archive but not an XLSX workbook (no xl/workbook.xml)");
}

TEST(XlsxExchange, WorkbookWithoutItsSheetIsRejected) {
  const auto result = parseXlsx(makeZip({{"xl/workbook.xml", std::string(kWorkbook)},
                                         {"xl/_rels/workbook.xml.rels", std::string(kRels)}}));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].message.find("no xl/worksheets/sheet1.xml"), std::string::npos);
}

TEST(XlsxExchange, TruncatedWorkbooksGiveAnErrorNotACrash) {
  const std::string bytes = exportDevices(trickyRows(), FileFormat::kXlsx, false);
  for (std::size_t size = 4; size < bytes.size(); size += 97) {
    const auto result = parseXlsx(bytes.substr(0, size));
    ASSERT_FALSE(result.ok()) << size;
    EXPECT_FALSE(result.errors[0].message.empty());
  }
  const auto result = parseXlsx(bytes.substr(0, bytes.size() / 2));
  EXPECT_NE(result.errors[0].message.find("not a readable XLSX workbook"), std::string::npos)
      << result.errors[0].message;
}

TEST(XlsxExchange, CorruptedEntryDataIsReported) {
  std::string bytes = exportDevices(trickyRows(), FileFormat::kXlsx, false);
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    std::string damaged = bytes;
    for (int flips = 0; flips < 8; ++flips) {
      damaged[4 + random() % (damaged.size() - 4)] = static_cast<char>(random());
    }
    const auto result = parseXlsx(damaged);
    for (const auto& error : result.errors) EXPECT_FALSE(error.message.empty());
  }
}

TEST(XlsxExchange, RandomBytesAfterZipMagicAreRejected) {
  std::mt19937 random(99);
  for (int round = 0; round < 100; ++round) {
    std::string bytes("PK\x03\x04", 4);
    bytes.resize(4 + random() % 4096);
    for (std::size_t i = 4; i < bytes.size(); ++i) bytes[i] = static_cast<char>(random());
    const auto result = parseXlsx(bytes);
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_FALSE(result.errors[0].message.empty());
  }
  const auto not_zip = parseXlsx("DeviceType,ProductName\n");
  ASSERT_EQ(not_zip.errors.size(), 1u);
  EXPECT_EQ(not_zip.errors[0].message,
            "the file is not an XLSX workbook (it is not a zip archive)");
}

TEST(XlsxExchange, UncompressedEntrySizeIsLimited) {
  // 4 MiB of whitespace compresses to a few KiB: a small zip bomb.
  const std::string padding(4 * 1024 * 1024, ' ');
  const auto bytes = makeZip({{"xl/workbook.xml", std::string(kWorkbook)},
                              {"xl/_rels/workbook.xml.rels", std::string(kRels)},
                              {"xl/worksheets/sheet1.xml", sheetXml(padding)}});
  ASSERT_LT(bytes.size(), 64u * 1024);
  ImportLimits limits;
  limits.max_uncompressed_entry_bytes = 1024 * 1024;
  const auto result = parseXlsx(bytes, limits);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].message,
            "xl/worksheets/sheet1.xml is larger than 1048576 bytes uncompressed");
  // Under the default limit the same file is read (and found to have no header).
  const auto within = parseXlsx(bytes);
  ASSERT_EQ(within.errors.size(), 1u);
  EXPECT_EQ(within.errors[0].message, "the file is empty; it needs a header row");
}

TEST(XlsxExchange, DocumentTypeDeclarationsAreRefused) {
  const std::string sheet = R"(<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>)";
  const auto result = parseXlsx(makeZip({{"xl/workbook.xml", std::string(kWorkbook)},
                                         {"xl/_rels/workbook.xml.rels", std::string(kRels)},
                                         {"xl/worksheets/sheet1.xml", sheet}}));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].message.find("contains a DTD"), std::string::npos);
}

TEST(XlsxExchange, MalformedSheetXmlIsReported) {
  const auto result =
      parseXlsx(simpleWorkbook("<row r=\"1\"><c t=\"inlineStr\"><is><t>x</is></c></row>"));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].message.find("is not well-formed XML"), std::string::npos);
}

TEST(XlsxExchange, BadReferencesAreReported) {
  const auto missing_string =
      parseXlsx(simpleWorkbook("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>"));
  ASSERT_EQ(missing_string.errors.size(), 1u);
  EXPECT_NE(missing_string.errors[0].message.find("shared string that does not exist"),
            std::string::npos);
  const auto bad_ref =
      parseXlsx(simpleWorkbook("<row r=\"1\">" + inlineCell("ZZZZ1", "x") + "</row>"));
  ASSERT_EQ(bad_ref.errors.size(), 1u);
  EXPECT_NE(bad_ref.errors[0].message.find("invalid cell reference \"ZZZZ1\""), std::string::npos);
}

TEST(XlsxExchange, RowCountIsLimited) {
  std::string rows =
      inlineRow(1, {"DeviceType", "ProductName", "Manufacturer", "PhysicalAddress", "State"});
  rows += inlineRow(2, {"P", "M", "HP", "aabbccddee01", "Managed"});
  rows += inlineRow(3, {"P", "M", "HP", "aabbccddee02", "Managed"});
  ImportLimits limits;
  limits.max_data_rows = 2;
  EXPECT_TRUE(parseXlsx(simpleWorkbook(rows), limits).ok());
  rows += inlineRow(4, {"P", "M", "HP", "aabbccddee03", "Managed"});
  const auto result = parseXlsx(simpleWorkbook(rows), limits);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].message, "the file has more than 2 rows");
}

TEST(XlsxExchange, CellCountIsLimited) {
  // Far-right cells make every row as wide as the sheet; the cell budget stops that.
  std::string rows =
      inlineRow(1, {"DeviceType", "ProductName", "Manufacturer", "PhysicalAddress", "State"});
  for (int row = 2; row < 300; ++row)
    rows += "<row>" + inlineCell("XFD" + std::to_string(row), "x") + "</row>";
  const auto result = parseXlsx(simpleWorkbook(rows));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].message, "the file has more than 4000000 cells");
  const auto too_wide = parseXlsx(simpleWorkbook("<row>" + inlineCell("XFE1", "x") + "</row>"));
  ASSERT_EQ(too_wide.errors.size(), 1u);
  EXPECT_NE(too_wide.errors[0].message.find("invalid cell reference \"XFE1\""), std::string::npos);
}

TEST(XlsxExchange, ValidationErrorsCarryWorksheetRows) {
  std::string rows =
      inlineRow(1, {"DeviceType", "ProductName", "Manufacturer", "PhysicalAddress", "State"});
  rows += inlineRow(7, {"P", "M", "HP", "00:11:22:33:44", "Managed"});
  const auto result = parseXlsx(simpleWorkbook(rows));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(describe(result.errors[0]),
            "line 7, PhysicalAddress: \"00:11:22:33:44\" is not a MAC address");
}

}  // namespace
}  // namespace pw::manager::exchange
