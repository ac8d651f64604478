// DeviceExchangeService on the real SQLite engine and the real file formats: imports are applied
// whole or not at all, follow the identity rule, and exports re-import to the same devices.
#include "manager/services/device_exchange_service.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "manager/services/device_service.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using exchange::FileFormat;

constexpr std::string_view kHeader =
    "DeviceType,ProductName,Manufacturer,PhysicalAddress,State,IPAddress,HostName,SerialNumber,"
    "DeviceName,Location,Contact,LinkUrl\r\n";

std::string csv(std::initializer_list<std::string_view> rows) {
  std::string out(kHeader);
  for (const auto row : rows) out.append(row).append("\r\n");
  return out;
}

class DeviceExchangeServiceTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  DeviceService devices{storage, clock};
  DeviceExchangeService exchange{storage, clock};

  std::vector<Device> all() {
    DeviceQuery q;
    q.page_size = 200;
    q.filters.push_back({DeviceField::kState, {"managed", "unmanaged", "removed"}});
    return storage.listDevices(q).items;
  }

  DeviceImportReport import(const std::string& bytes, FileFormat format = FileFormat::kCsv) {
    return exchange.importDevices(bytes, format);
  }

  // Runs SQL on a second connection to the same file (as an administrator's tool would).
  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir.path() / "m.db").string().c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }
};

TEST_F(DeviceExchangeServiceTest, ImportRegistersManagedDevicesMarkedAsImported) {
  const auto report =
      import(csv({"Printer,LaserJet M507,HP,00-11-22-33-44-01,Managed,10.0.0.1,p1.example.com,S1,"
                  "Reception,Berlin,desk,https://p1.example.com/",
                  "MFP,bizhub C300i,Konica Minolta,001122334402,managed,,,,,,,"}));
  ASSERT_TRUE(report.ok()) << exchange::describe(report.errors.front());
  EXPECT_EQ(report.rows, 2);
  EXPECT_EQ(report.created, 2);
  EXPECT_EQ(report.updated, 0);
  const auto stored = all();
  ASSERT_EQ(stored.size(), 2U);
  const auto& d = stored[0];
  EXPECT_EQ(d.state, DeviceState::kManaged);
  EXPECT_EQ(d.registered_by, DeviceOrigin::kImport);
  EXPECT_EQ(d.device_type, "Printer");
  EXPECT_EQ(d.identity.model, "LaserJet M507");
  EXPECT_EQ(d.identity.vendor, "HP");
  EXPECT_EQ(d.identity.mac, "00:11:22:33:44:01");
  EXPECT_EQ(d.identity.serial, "S1");
  EXPECT_EQ(d.ip_address, "10.0.0.1");
  EXPECT_EQ(d.hostname, "p1.example.com");
  EXPECT_EQ(d.name, "Reception");
  EXPECT_EQ(d.location, "Berlin");
  EXPECT_EQ(d.contact, "desk");
  EXPECT_EQ(d.link_url, "https://p1.example.com/");
  EXPECT_EQ(d.agent_id, std::nullopt);  // no AgentAssignment wired
  EXPECT_EQ(d.first_seen, clock.now());
  EXPECT_EQ(stored[1].identity.serial, "");
}

TEST_F(DeviceExchangeServiceTest, ReimportUpdatesByIdentityAndKeepsWhatEmptyCellsDoNotSay) {
  ASSERT_TRUE(
      import(csv({"Printer,M507,HP,00:11:22:33:44:01,Managed,10.0.0.1,,S1,Old,Paris,,"})).ok());
  const auto id = all().at(0).id;
  clock.advance(std::chrono::hours(1));
  const auto again = import(csv({"MFP,M507,HP,00:11:22:33:44:01,Managed,10.0.0.9,,S1,,Lyon,,",
                                 "Printer,M404,HP,00:11:22:33:44:02,Managed,,,S2,,,,"}));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.created, 1);
  EXPECT_EQ(again.updated, 1);
  const auto stored = all();
  ASSERT_EQ(stored.size(), 2U);
  EXPECT_EQ(stored[0].id, id);
  EXPECT_EQ(stored[0].device_type, "MFP");
  EXPECT_EQ(stored[0].ip_address, "10.0.0.9");
  EXPECT_EQ(stored[0].location, "Lyon");
  EXPECT_EQ(stored[0].name, "Old");  // empty cell: kept
  EXPECT_EQ(stored[0].first_seen, clock.now() - std::chrono::hours(1));
}

TEST_F(DeviceExchangeServiceTest, ImportUpdatesADiscoveredDeviceInsteadOfDuplicatingIt) {
  DiscoveryReport found;
  found.identity = {"Canon", "iR-ADV C5535", "CN1", "1.0", "aa:bb:cc:dd:ee:01"};
  found.ip_address = "10.0.0.5";
  ASSERT_TRUE(devices.recordDiscovery(found));
  // An unmanaged device listed as Managed becomes managed; its origin stays discovery.
  sql("UPDATE devices SET state = 'unmanaged'");
  const auto report =
      import(csv({"MFP,iR-ADV C5535,Canon,AA:BB:CC:DD:EE:01,Managed,,,,Copy "
                  "room,,,"}));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report.updated, 1);
  const auto stored = all();
  ASSERT_EQ(stored.size(), 1U);
  EXPECT_EQ(stored[0].state, DeviceState::kManaged);
  EXPECT_EQ(stored[0].registered_by, DeviceOrigin::kDiscovery);
  EXPECT_EQ(stored[0].identity.serial, "CN1");
  EXPECT_EQ(stored[0].identity.firmware, "1.0");
  EXPECT_EQ(stored[0].name, "Copy room");
}

TEST_F(DeviceExchangeServiceTest, ABadRowRejectsTheWholeFileAndNamesEveryRow) {
  const auto report = import(csv({"Printer,M507,HP,00:11:22:33:44:01,Managed,,,,,,,",
                                  "Printer,M507,HP,00:11:22:33:44,Managed,,,,,,,",
                                  "Printer,M507,HP,00:11:22:33:44:03,Unmanaged,999.1.1.1,,,,,,"}));
  ASSERT_FALSE(report.ok());
  ASSERT_EQ(report.errors.size(), 3U);
  EXPECT_EQ(report.errors[0].line, 3);
  EXPECT_EQ(report.errors[0].column, "PhysicalAddress");
  EXPECT_EQ(report.errors[1].line, 4);
  EXPECT_EQ(report.errors[2].line, 4);
  EXPECT_EQ(report.created, 0);
  EXPECT_TRUE(all().empty());
}

TEST_F(DeviceExchangeServiceTest, ARowNamingARemovedDeviceRollsBackTheRowsBeforeIt) {
  ASSERT_TRUE(import(csv({"Printer,M507,HP,00:11:22:33:44:09,Managed,,,S9,,,,"})).ok());
  const auto removed = all().at(0).id;
  ASSERT_TRUE(devices.remove(removed));
  const auto report = import(csv({"Printer,M507,HP,00:11:22:33:44:01,Managed,,,,,,,",
                                  "Printer,M507,HP,00:11:22:33:44:09,Managed,,,S9,,,,"}));
  ASSERT_FALSE(report.ok());
  ASSERT_EQ(report.errors.size(), 1U);
  EXPECT_EQ(report.errors[0].line, 3);
  EXPECT_NE(report.errors[0].message.find("device " + std::to_string(removed)), std::string::npos)
      << report.errors[0].message;
  EXPECT_EQ(report.created, 0);
  EXPECT_EQ(all().size(), 1U);  // the first row's device was rolled back
}

TEST_F(DeviceExchangeServiceTest, AnEngineFailureMidImportLeavesNothingBehind) {
  // A trigger that fails at run time (integer overflow) on the third row's insert stands in
  // for a crash part-way through: the first two rows were already written in the transaction.
  sql("CREATE TRIGGER fail_third BEFORE INSERT ON devices WHEN NEW.mac = '00:11:22:33:44:03' "
      "BEGIN SELECT abs(-9223372036854775807 - 1); END");
  EXPECT_THROW(import(csv({"Printer,M507,HP,00:11:22:33:44:01,Managed,,,,,,,",
                           "Printer,M507,HP,00:11:22:33:44:02,Managed,,,,,,,",
                           "Printer,M507,HP,00:11:22:33:44:03,Managed,,,,,,,"})),
               StorageError);
  EXPECT_TRUE(all().empty());
  sql("DROP TRIGGER fail_third");
  EXPECT_TRUE(import(csv({"Printer,M507,HP,00:11:22:33:44:01,Managed,,,,,,,"})).ok());
}

TEST_F(DeviceExchangeServiceTest, TheAgentAssignmentHookChoosesTheAgent) {
  const auto agent = storage.createAgent("site-a", false, {"hash", "sealed"}, clock.now());
  ASSERT_TRUE(agent);
  std::vector<std::string> asked;
  DeviceExchangeService assigning(storage, clock, [&](const ImportedDevice& device) {
    asked.push_back(device.ip_address);
    return device.ip_address.starts_with("10.1.") ? agent : std::nullopt;
  });
  ASSERT_TRUE(assigning
                  .importDevices(csv({"Printer,M507,HP,00:11:22:33:44:01,Managed,10.1.0.1,,,,,,",
                                      "Printer,M507,HP,00:11:22:33:44:02,Managed,10.2.0.1,,,,,,"}),
                                 FileFormat::kCsv)
                  .ok());
  EXPECT_EQ(asked, (std::vector<std::string>{"10.1.0.1", "10.2.0.1"}));
  const auto stored = all();
  EXPECT_EQ(stored[0].agent_id, agent);
  EXPECT_EQ(stored[1].agent_id, std::nullopt);
}

TEST_F(DeviceExchangeServiceTest, ExportsReimportToTheSameDevicesInEveryFormat) {
  ASSERT_TRUE(import(csv({"Printer,M507,HP,00:11:22:33:44:01,Managed,10.0.0.1,h1,S1,=cmd(),"
                          "\"Paris, 2nd\",-1,https://x.example/",
                          "MFP,C300i,Konica,00:11:22:33:44:02,Managed,,,,,,,"}))
                  .ok());
  DiscoveryReport found;  // a discovered device has no type: exported as the default
  found.identity = {"Canon", "LBP", "C3", "", "00:11:22:33:44:03"};
  ASSERT_TRUE(devices.recordDiscovery(found));
  const auto before = all();
  for (const auto format : {FileFormat::kCsv, FileFormat::kTsv, FileFormat::kXlsx}) {
    const auto file = exchange.exportDevices(format, false, {});
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->rows, 3);
    EXPECT_EQ(file->file_name,
              "devices-20270115-080000" + std::string(exchange::fileExtension(format)));
    EXPECT_EQ(file->content_type, exchange::mimeType(format));
    const auto parsed = exchange::parseDeviceImport(file->bytes, format);
    ASSERT_TRUE(parsed.ok()) << exchange::describe(parsed.errors.front());
    ASSERT_EQ(parsed.rows.size(), 3U);
    EXPECT_EQ(parsed.rows[0].name, "=cmd()");
    EXPECT_EQ(parsed.rows[0].contact, "-1");
    EXPECT_EQ(parsed.rows[2].device_type, DeviceExchangeService::kDefaultDeviceType);
    const auto again = import(file->bytes, format);
    ASSERT_TRUE(again.ok()) << exchange::describe(again.errors.front());
    EXPECT_EQ(again.created, 0);
    EXPECT_EQ(again.updated, 3);
    EXPECT_EQ(all().size(), 3U);
  }
  EXPECT_EQ(all().at(0).name, before.at(0).name);
}

TEST_F(DeviceExchangeServiceTest, ExportFollowsTheListsFiltersAndSortButNotItsPaging) {
  ASSERT_TRUE(import(csv({"Printer,A,HP,00:11:22:33:44:01,Managed,,,,,Berlin,,",
                          "Printer,B,HP,00:11:22:33:44:02,Managed,,,,,Paris,,",
                          "Printer,C,HP,00:11:22:33:44:03,Managed,,,,,berlin 2,,"}))
                  .ok());
  DeviceQuery q;
  q.filters.push_back({DeviceField::kLocation, {"BERLIN"}});
  q.sort = DeviceField::kModel;
  q.descending = true;
  q.page = 7;  // ignored
  const auto file = exchange.exportDevices(FileFormat::kCsv, false, q);
  ASSERT_TRUE(file);
  const auto parsed = exchange::parseDeviceImport(file->bytes, FileFormat::kCsv);
  ASSERT_EQ(parsed.rows.size(), 2U);
  EXPECT_EQ(parsed.rows[0].product_name, "C");
  EXPECT_EQ(parsed.rows[1].product_name, "A");

  q.filters = {{DeviceField::kLastSeen, {"x"}}};
  const auto refused = exchange.exportDevices(FileFormat::kCsv, false, q);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "invalid_input");
}

TEST_F(DeviceExchangeServiceTest, TheTemplateIsTheHeaderOnly) {
  ASSERT_TRUE(import(csv({"Printer,A,HP,00:11:22:33:44:01,Managed,,,,,,,"})).ok());
  const auto file = exchange.exportDevices(FileFormat::kCsv, true, {});
  ASSERT_TRUE(file);
  EXPECT_EQ(file->rows, 0);
  EXPECT_EQ(file->bytes, "\xEF\xBB\xBF" + std::string(kHeader));
}

TEST_F(DeviceExchangeServiceTest, AnExportLargerThanAnImportMayHoldIsRefused) {
  std::string statement =
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
      std::to_string(DeviceExchangeService::kMaxExportRows + 1) +
      ") INSERT INTO devices (state, first_seen_at, last_seen_at) "
      "SELECT 'managed', 0, 0 FROM n";
  sql(statement);
  const auto refused = exchange.exportDevices(FileFormat::kCsv, false, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "export_too_large");
  EXPECT_EQ(refused.error().kind, ErrorKind::kRejected);
  sql("DELETE FROM devices WHERE id = 1");
  const auto file = exchange.exportDevices(FileFormat::kCsv, false, {});
  ASSERT_TRUE(file);
  EXPECT_EQ(file->rows, static_cast<int>(DeviceExchangeService::kMaxExportRows));
}

}  // namespace
}  // namespace pw::manager
