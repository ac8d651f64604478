// The device registry in the SQLite engine, on a real temporary file with the real migrations.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <thread>

#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

DiscoveryReport report(const std::string& mac, const std::string& serial, const std::string& ip,
                       const std::string& vendor = "HP", const std::string& model = "M507") {
  DiscoveryReport r;
  r.identity = {vendor, model, serial, "1.0", mac};
  r.ip_address = ip;
  r.hostname = "printer-" + serial;
  return r;
}

std::string mac(int n) {
  char text[18];
  std::snprintf(text, sizeof text, "00:00:00:00:%02x:%02x", n / 256, n % 256);
  return text;
}

std::vector<std::int64_t> ids(const DevicePage& page) {
  std::vector<std::int64_t> out;
  for (const auto& d : page.items) out.push_back(d.id);
  return out;
}

DeviceQuery filtered(std::vector<DeviceFilter> filters) {
  DeviceQuery q;
  q.filters = std::move(filters);
  return q;
}

class SqliteDeviceStore : public ::testing::Test {
 protected:
  TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};

  std::int64_t add(const DiscoveryReport& r) {
    const auto result = storage.upsertDevice(r, clock.now());
    EXPECT_TRUE(result.created);
    return result.id;
  }
  void edit(std::int64_t id, DeviceEdit e) {
    ASSERT_EQ(storage.updateDevice(id, e), DeviceChange::kDone);
  }
};

TEST_F(SqliteDeviceStore, TheSameReportTwiceIsOneDevice) {
  const auto first = storage.upsertDevice(report(mac(1), "S1", "10.0.0.1"), clock.now());
  EXPECT_TRUE(first.created);
  clock.advance(1h);
  const auto second = storage.upsertDevice(report(mac(1), "S1", "10.0.0.1"), clock.now());
  EXPECT_FALSE(second.created);
  EXPECT_EQ(second.id, first.id);
  const auto page = storage.listDevices({});
  ASSERT_EQ(page.total, 1);
  const auto& d = page.items.at(0);
  EXPECT_EQ(d.first_seen, clock.now() - 1h);
  EXPECT_EQ(d.last_seen, clock.now());
  EXPECT_EQ(d.state, DeviceState::kManaged);
  EXPECT_EQ(d.identity.mac, mac(1));
  EXPECT_EQ(d.hostname, "printer-S1");
}

TEST_F(SqliteDeviceStore, ANewAddressUpdatesTheSameDevice) {
  const auto id = add(report(mac(1), "S1", "10.0.0.1"));
  edit(id, {"Reception", {}, {}, {}});
  clock.advance(1h);
  auto moved = report(mac(1), "S1", "10.0.0.99");
  moved.identity.firmware = "2.0";
  const auto result = storage.upsertDevice(moved, clock.now());
  EXPECT_FALSE(result.created);
  EXPECT_EQ(result.id, id);
  const auto d = storage.findDevice(id);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->ip_address, "10.0.0.99");
  EXPECT_EQ(d->identity.firmware, "2.0");
  EXPECT_EQ(d->last_seen, clock.now());
  EXPECT_EQ(d->name, "Reception");  // what administrators added stays
  EXPECT_EQ(storage.listDevices({}).total, 1);
}

TEST_F(SqliteDeviceStore, AReportCompletesTheIdentityWithoutForgettingIt) {
  const auto id = add(report(mac(1), "", "10.0.0.1", "", ""));
  const auto result = storage.upsertDevice(report(mac(1), "S1", "10.0.0.1"), clock.now());
  EXPECT_EQ(result.id, id);
  EXPECT_EQ(storage.findDevice(id)->identity.serial, "S1");
  EXPECT_EQ(storage.findDevice(id)->identity.vendor, "HP");
  // A later report that lacks the serial does not erase it.
  storage.upsertDevice(report(mac(1), "", "10.0.0.2", "", ""), clock.now());
  const auto d = storage.findDevice(id);
  EXPECT_EQ(d->identity.serial, "S1");
  EXPECT_EQ(d->identity.vendor, "HP");
  EXPECT_EQ(d->ip_address, "10.0.0.2");
}

TEST_F(SqliteDeviceStore, DifferentSerialsBehindOneMacAreTwoDevices) {
  const auto a = add(report(mac(1), "S1", "10.0.0.1"));
  const auto b = add(report(mac(1), "S2", "10.0.0.1"));
  EXPECT_NE(a, b);
  EXPECT_EQ(storage.listDevices({}).total, 2);
}

TEST_F(SqliteDeviceStore, UniqueIndexesHoldTheIdentityRule) {
  add(report(mac(1), "S1", "10.0.0.1"));
  add(report(mac(2), "", "10.0.0.2"));
  add(report("", "S3", "10.0.0.3", "HP", "M507"));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "m.db").c_str(), &db), SQLITE_OK);
  const auto insert = [&](const std::string& values) {
    const auto sql =
        "INSERT INTO devices (state, mac, serial, model, first_seen_at, "
        "last_seen_at) VALUES ('managed', " +
        values + ", 0, 0)";
    return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  };
  EXPECT_EQ(insert("'" + mac(1) + "', 'S1', 'X'"), SQLITE_CONSTRAINT);
  EXPECT_EQ(insert("'" + mac(2) + "', NULL, 'X'"), SQLITE_CONSTRAINT);
  EXPECT_EQ(insert("NULL, 'S3', 'm507'"), SQLITE_CONSTRAINT);  // models ignore case
  EXPECT_EQ(insert("'" + mac(1) + "', 'S9', 'X'"), SQLITE_OK);
  EXPECT_EQ(insert("NULL, 'S3', 'Other'"), SQLITE_OK);
  sqlite3_close(db);
}

TEST_F(SqliteDeviceStore, AnAddressMatchNeverTakesAnotherDevicesIdentity) {
  // Matched by address only (the report has a serial but no model), the device would become
  // serial S3 + model M507 without a MAC: that identity is another device's.
  const auto by_address = add(report("", "", "10.0.0.1", "HP", "M507"));
  const auto other = add(report("", "S3", "10.0.0.2", "HP", "M507"));
  clock.advance(1h);
  const auto result = storage.upsertDevice(report("", "S3", "10.0.0.1", "HP", ""), clock.now());
  EXPECT_FALSE(result.created);
  EXPECT_EQ(result.id, by_address);
  const auto d = storage.findDevice(by_address);
  EXPECT_EQ(d->identity.serial, "");  // the sighting is recorded, the identity kept apart
  EXPECT_EQ(d->last_seen, clock.now());
  EXPECT_EQ(storage.findDevice(other)->identity.serial, "S3");
  EXPECT_EQ(storage.listDevices({}).total, 2);
}

TEST_F(SqliteDeviceStore, ARemovedDeviceRediscoveredStaysRemoved) {
  const auto id = add(report(mac(1), "S1", "10.0.0.1"));
  ASSERT_EQ(storage.removeDevice(id), DeviceChange::kDone);
  const auto again = storage.upsertDevice(report(mac(1), "S1", "10.0.0.5"), clock.now());
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.id, id);
  EXPECT_EQ(storage.findDevice(id)->state, DeviceState::kRemoved);
  EXPECT_EQ(storage.findDevice(id)->ip_address, "10.0.0.5");
}

TEST_F(SqliteDeviceStore, DeletingTheAgentKeepsItsDevices) {
  const auto agent = storage.createAgent("Berlin", false, {"h", "s"}, clock.now());
  ASSERT_TRUE(agent);
  auto r = report(mac(1), "S1", "10.0.0.1");
  r.agent_id = *agent;
  const auto id = add(r);
  EXPECT_EQ(storage.findDevice(id)->agent_id, *agent);
  // A report without an Agent does not unassign it.
  storage.upsertDevice(report(mac(1), "S1", "10.0.0.1"), clock.now());
  EXPECT_EQ(storage.findDevice(id)->agent_id, *agent);
  ASSERT_TRUE(storage.deleteAgent(*agent, clock.now()));
  const auto d = storage.findDevice(id);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->agent_id, std::nullopt);
}

TEST_F(SqliteDeviceStore, PagesAreStableAndCounted) {
  for (int i = 1; i <= 25; ++i) add(report(mac(i), "S" + std::to_string(i), "10.0.0.1"));
  DeviceQuery q;
  q.page_size = 10;
  auto page = storage.listDevices(q);
  EXPECT_EQ(page.total, 25);
  EXPECT_EQ(ids(page), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  q.page = 3;
  page = storage.listDevices(q);
  EXPECT_EQ(page.total, 25);
  EXPECT_EQ(ids(page), (std::vector<std::int64_t>{21, 22, 23, 24, 25}));
  q.page = 4;
  page = storage.listDevices(q);
  EXPECT_EQ(page.total, 25);
  EXPECT_TRUE(page.items.empty());
}

TEST_F(SqliteDeviceStore, SortsByAnyFieldWithTheIdBreakingTies) {
  const auto a = add(report(mac(1), "S1", "10.0.0.1", "hp", "B"));
  const auto b = add(report(mac(2), "S2", "10.0.0.2", "Canon", "A"));
  const auto c = add(report(mac(3), "S3", "10.0.0.3", "HP", "C"));
  DeviceQuery q;
  q.sort = DeviceField::kVendor;
  EXPECT_EQ(ids(storage.listDevices(q)), (std::vector<std::int64_t>{b, a, c}));  // ignores case
  q.descending = true;
  EXPECT_EQ(ids(storage.listDevices(q)), (std::vector<std::int64_t>{c, a, b}));
  q.sort = DeviceField::kModel;
  q.descending = false;
  EXPECT_EQ(ids(storage.listDevices(q)), (std::vector<std::int64_t>{b, a, c}));
  edit(c, {"alpha", {}, {}, {}});
  q.sort = DeviceField::kName;
  EXPECT_EQ(ids(storage.listDevices(q)), (std::vector<std::int64_t>{a, b, c}));  // "" first
  clock.advance(1h);
  storage.upsertDevice(report(mac(1), "S1", "10.0.0.1"), clock.now());
  q.sort = DeviceField::kLastSeen;
  q.descending = true;
  EXPECT_EQ(ids(storage.listDevices(q)), (std::vector<std::int64_t>{a, c, b}));
}

TEST_F(SqliteDeviceStore, FiltersOrValuesWithinAFieldAndAndAcrossFields) {
  const auto hp_berlin = add(report(mac(1), "S1", "10.0.0.1", "HP", "LaserJet"));
  const auto canon_berlin = add(report(mac(2), "S2", "10.0.0.2", "Canon", "imageRUNNER"));
  const auto hp_paris = add(report(mac(3), "S3", "10.0.0.3", "Hewlett-Packard", "OfficeJet"));
  const auto xerox = add(report(mac(4), "S4", "10.0.0.4", "Xerox", "VersaLink"));
  edit(hp_berlin, {{}, "Berlin HQ", {}, {}});
  edit(canon_berlin, {{}, "berlin lab", {}, {}});
  edit(hp_paris, {{}, "Paris", {}, {}});

  auto page = storage.listDevices(filtered({{DeviceField::kVendor, {"hp", "canon"}}}));
  EXPECT_EQ(ids(page), (std::vector<std::int64_t>{hp_berlin, canon_berlin}));
  EXPECT_EQ(page.total, 2);
  // "hewlett" is a substring of one vendor only; "p" is in "HP" and "Hewlett-Packard".
  EXPECT_EQ(ids(storage.listDevices(filtered({{DeviceField::kVendor, {"P"}}}))),
            (std::vector<std::int64_t>{hp_berlin, hp_paris}));
  page = storage.listDevices(
      filtered({{DeviceField::kVendor, {"HP", "Canon"}}, {DeviceField::kLocation, {"BERLIN"}}}));
  EXPECT_EQ(ids(page), (std::vector<std::int64_t>{hp_berlin, canon_berlin}));
  page = storage.listDevices(filtered(
      {{DeviceField::kVendor, {"Hewlett", "Xerox"}}, {DeviceField::kLocation, {"berlin"}}}));
  EXPECT_TRUE(page.items.empty());
  EXPECT_EQ(page.total, 0);
  page = storage.listDevices(filtered({{DeviceField::kIpAddress, {"10.0.0.4"}}}));
  EXPECT_EQ(ids(page), (std::vector<std::int64_t>{xerox}));
  page = storage.listDevices(filtered({{DeviceField::kMac, {"00:00:00:00:00:0"}}}));
  EXPECT_EQ(page.total, 4);
}

TEST_F(SqliteDeviceStore, FiltersByStateAndAgentExactly) {
  const auto agent = *storage.createAgent("Berlin", false, {"h", "s"}, clock.now());
  auto r = report(mac(1), "S1", "10.0.0.1");
  r.agent_id = agent;
  const auto with_agent = add(r);
  const auto removed = add(report(mac(2), "S2", "10.0.0.2"));
  const auto plain = add(report(mac(3), "S3", "10.0.0.3"));
  ASSERT_EQ(storage.removeDevice(removed), DeviceChange::kDone);

  // Without a state filter removed devices are left out.
  EXPECT_EQ(ids(storage.listDevices({})), (std::vector<std::int64_t>{with_agent, plain}));
  EXPECT_EQ(ids(storage.listDevices(filtered({{DeviceField::kState, {"removed"}}}))),
            (std::vector<std::int64_t>{removed}));
  EXPECT_EQ(ids(storage.listDevices(filtered({{DeviceField::kState, {"managed", "removed"}}}))),
            (std::vector<std::int64_t>{with_agent, removed, plain}));
  EXPECT_EQ(ids(storage.listDevices(filtered({{DeviceField::kState, {"unmanaged"}}}))),
            (std::vector<std::int64_t>{}));
  EXPECT_EQ(ids(storage.listDevices(filtered({{DeviceField::kAgent, {std::to_string(agent)}}}))),
            (std::vector<std::int64_t>{with_agent}));
}

TEST_F(SqliteDeviceStore, FiltersByDeviceTypeAnEmptyTypeBeingAPrinter) {
  std::vector<ImportedDevice> rows(3);
  const std::array<const char*, 3> types = {"MFP", "", "printer"};
  for (int i = 0; i < 3; ++i) {
    rows[i].identity.mac = mac(i + 1);
    rows[i].ip_address = "10.2.0." + std::to_string(i + 1);
    rows[i].device_type = types[i];
  }
  ASSERT_TRUE(storage.importDevices(rows, clock.now()).conflicts.empty());
  const auto all = ids(storage.listDevices({}));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(ids(storage.listDevices(filtered({{DeviceField::kDeviceType, {"mfp"}}}))),
            (std::vector<std::int64_t>{all[0]}));
  EXPECT_EQ(ids(storage.listDevices(filtered({{DeviceField::kDeviceType, {"Printer"}}}))),
            (std::vector<std::int64_t>{all[1], all[2]}));
  EXPECT_EQ(ids(storage.listDevices(filtered({{DeviceField::kDeviceType, {"MFP", "Printer"}}}))),
            all);
  EXPECT_EQ(storage.listDevices(filtered({{DeviceField::kDeviceType, {"Scanner"}}})).total, 0);
  DeviceQuery by_type;
  by_type.sort = DeviceField::kDeviceType;
  EXPECT_EQ(ids(storage.listDevices(by_type)), (std::vector<std::int64_t>{all[0], all[1], all[2]}));
}

TEST_F(SqliteDeviceStore, FilterValuesThatLookLikeSqlAreJustText) {
  const auto plain = add(report(mac(1), "S1", "10.0.0.1"));
  const auto odd = add(report(mac(2), "S2", "10.0.0.2"));
  edit(odd, {"x' OR '1'='1", "100%_done\\", {}, {}});
  for (const auto* value :
       {"' OR '1'='1", "'; DROP TABLE devices; --", "%", "_", "\\", "\") OR 1=1 --"}) {
    const auto page = storage.listDevices(filtered({{DeviceField::kName, {value}}}));
    EXPECT_LE(page.total, 1) << value;
  }
  EXPECT_EQ(ids(storage.listDevices(filtered({{DeviceField::kName, {"' OR '1'='1"}}}))),
            (std::vector<std::int64_t>{odd}));
  // % and _ are not wildcards.
  EXPECT_EQ(ids(storage.listDevices(filtered({{DeviceField::kLocation, {"%"}}}))),
            (std::vector<std::int64_t>{odd}));
  EXPECT_EQ(ids(storage.listDevices(filtered({{DeviceField::kLocation, {"0%_d"}}}))),
            (std::vector<std::int64_t>{odd}));
  EXPECT_TRUE(storage.listDevices(filtered({{DeviceField::kLocation, {"1_0"}}})).items.empty());
  EXPECT_TRUE(storage.listDevices(filtered({{DeviceField::kName, {"'; DROP TABLE devices; --"}}}))
                  .items.empty());
  EXPECT_EQ(storage.listDevices({}).total, 2);
  EXPECT_TRUE(storage.findDevice(plain));
}

// Text filters go through migration 0022's trigram index: it follows edits, rediscovery and
// deletion in the same transaction, and long and short values find the same substrings.
TEST_F(SqliteDeviceStore, TextFiltersFollowEditsAndDeletions) {
  const auto first = add(report(mac(1), "S1", "10.0.0.1", "Kyocera", "TASKalfa"));
  const auto second = add(report(mac(2), "S2", "10.0.0.2", "Ricoh", "IM C3000"));
  const auto names = [this](DeviceField field, const std::string& value) {
    return ids(storage.listDevices(filtered({{field, {value}}})));
  };
  using Ids = std::vector<std::int64_t>;
  EXPECT_EQ(names(DeviceField::kModel, "skalf"), Ids{first});
  EXPECT_EQ(names(DeviceField::kModel, "c3"), Ids{second});

  edit(first, {"Empfang \"Süd\" Zürich", "Floor 3, west", {}, {}});
  EXPECT_EQ(names(DeviceField::kName, "ZÜRICH"), Ids{first});   // case folded beyond ASCII
  EXPECT_EQ(names(DeviceField::kName, "\"süd\""), Ids{first});  // quotes are plain text
  EXPECT_EQ(names(DeviceField::kLocation, "r 3, w"), Ids{first});
  EXPECT_EQ(names(DeviceField::kLocation, "3,"), Ids{first});
  edit(first, {{}, "Basement", {}, {}});
  EXPECT_EQ(names(DeviceField::kLocation, "r 3, w"), Ids{});
  EXPECT_EQ(names(DeviceField::kLocation, "3,"), Ids{});
  EXPECT_EQ(names(DeviceField::kLocation, "basem"), Ids{first});

  auto moved = report(mac(2), "S2", "192.168.7.20", "Ricoh", "IM C3000");
  EXPECT_FALSE(storage.upsertDevice(moved, clock.now()).created);
  EXPECT_EQ(names(DeviceField::kIpAddress, "168.7"), Ids{second});
  EXPECT_EQ(names(DeviceField::kIpAddress, "10.0.0"), Ids{first});

  ASSERT_EQ(storage.removeDevice(second), DeviceChange::kDone);
  ASSERT_EQ(storage.deleteDevice(second), DeviceChange::kDone);
  EXPECT_EQ(names(DeviceField::kVendor, "ricoh"), Ids{});
  const auto third = add(report(mac(3), "S3", "10.0.0.3", "Ricoh", "IM C3000"));
  EXPECT_EQ(names(DeviceField::kVendor, "ricoh"), Ids{third});
}

// The list reads through its own connections: while imports commit batches of 10, every list
// sees whole batches, and its counts and its page (one page holds them all) come from the same
// snapshot.
TEST_F(SqliteDeviceStore, TheListReadsOneSnapshotWhileDevicesAreWritten) {
  constexpr int kBatch = 10;
  constexpr int kBatches = kMaxDevicePageSize / kBatch;
  std::thread writer([this] {
    for (int b = 0; b < kBatches; ++b) {
      std::vector<ImportedDevice> rows(kBatch);
      for (int i = 0; i < kBatch; ++i) {
        rows[i].identity.mac = mac(b * kBatch + i + 1);
        rows[i].ip_address = "10.1." + std::to_string(b) + "." + std::to_string(i);
        rows[i].name = "batch " + std::to_string(b);
      }
      ASSERT_TRUE(storage.importDevices(rows, clock.now()).conflicts.empty());
    }
  });
  auto readers = std::vector<std::thread>();
  std::atomic<int> lists{0};
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      DeviceQuery query;
      query.filters = {{DeviceField::kName, {"batch"}}};
      for (std::int64_t seen = 0; seen < kBatch * kBatches;) {
        const auto page = storage.listDevices(query);
        EXPECT_EQ(page.total % kBatch, 0);
        EXPECT_EQ(static_cast<std::int64_t>(page.items.size()), page.total);
        std::int64_t counted = 0;
        for (const auto& c : page.status_counts) counted += c.count;
        EXPECT_EQ(counted, page.total);
        EXPECT_GE(page.total, seen);  // a later snapshot never has fewer
        seen = page.total;
        ++lists;
      }
    });
  }
  writer.join();
  for (auto& t : readers) t.join();
  EXPECT_GT(lists.load(), 2);
}

TEST_F(SqliteDeviceStore, EditsSetOnlyTheGivenFields) {
  const auto id = add(report(mac(1), "S1", "10.0.0.1"));
  edit(id, {"Reception", "Berlin", "it@example.com", "https://printer/"});
  edit(id, {{}, "Paris", {}, ""});
  const auto d = storage.findDevice(id);
  EXPECT_EQ(d->name, "Reception");
  EXPECT_EQ(d->location, "Paris");
  EXPECT_EQ(d->contact, "it@example.com");
  EXPECT_EQ(d->link_url, "");
  EXPECT_EQ(storage.updateDevice(999, {"x", {}, {}, {}}), DeviceChange::kNotFound);
  ASSERT_EQ(storage.removeDevice(id), DeviceChange::kDone);
  EXPECT_EQ(storage.updateDevice(id, {"x", {}, {}, {}}), DeviceChange::kWrongState);
  EXPECT_EQ(storage.findDevice(id)->name, "Reception");
}

TEST_F(SqliteDeviceStore, RemoveRestoreAndDeleteFollowTheLifecycle) {
  const auto id = add(report(mac(1), "S1", "10.0.0.1"));
  EXPECT_EQ(storage.restoreDevice(id), DeviceChange::kWrongState);
  EXPECT_EQ(storage.deleteDevice(id), DeviceChange::kWrongState);  // only removed devices
  EXPECT_EQ(storage.removeDevice(id), DeviceChange::kDone);
  auto d = storage.findDevice(id);
  EXPECT_EQ(d->state, DeviceState::kRemoved);
  EXPECT_EQ(d->state_before_removal, DeviceState::kManaged);
  EXPECT_EQ(storage.removeDevice(id), DeviceChange::kWrongState);
  EXPECT_EQ(storage.restoreDevice(id), DeviceChange::kDone);
  d = storage.findDevice(id);
  EXPECT_EQ(d->state, DeviceState::kManaged);
  EXPECT_EQ(d->state_before_removal, std::nullopt);
  EXPECT_EQ(storage.removeDevice(id), DeviceChange::kDone);
  EXPECT_EQ(storage.deleteDevice(id), DeviceChange::kDone);
  EXPECT_EQ(storage.findDevice(id), std::nullopt);
  for (auto change :
       {storage.removeDevice(id), storage.restoreDevice(id), storage.deleteDevice(id)}) {
    EXPECT_EQ(change, DeviceChange::kNotFound);
  }
  // Deleted for good: the next report is a new device.
  EXPECT_TRUE(storage.upsertDevice(report(mac(1), "S1", "10.0.0.1"), clock.now()).created);
}

TEST_F(SqliteDeviceStore, RestoreReturnsToUnmanagedWhenItWasUnmanaged) {
  const auto id = add(report(mac(1), "S1", "10.0.0.1"));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "m.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE devices SET state = 'unmanaged'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  ASSERT_EQ(storage.removeDevice(id), DeviceChange::kDone);
  EXPECT_EQ(storage.findDevice(id)->state_before_removal, DeviceState::kUnmanaged);
  ASSERT_EQ(storage.restoreDevice(id), DeviceChange::kDone);
  EXPECT_EQ(storage.findDevice(id)->state, DeviceState::kUnmanaged);
}

TEST_F(SqliteDeviceStore, TheIdentityLookupUsesAnIndexForEveryColumn) {
  // A full scan per report made discovering or importing n devices O(n^2).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "m.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "EXPLAIN QUERY PLAN SELECT id FROM devices "
                               "WHERE mac = ? OR serial = ? OR ip_address = ?",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  std::string plan;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    plan += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
    plan += "\n";
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  EXPECT_EQ(plan.find("SCAN devices"), std::string::npos) << plan;
  EXPECT_NE(plan.find("devices_mac"), std::string::npos) << plan;
}

// Monitoring fields of the list: severity and power by exact value (notPolled: no reading),
// lowest supply "at most N %"; OR within a field, AND across; counts follow the filter.
class SqliteDeviceListMonitoring : public SqliteDeviceStore {
 protected:
  void poll(std::int64_t id, const std::string& severity, const std::string& power,
            std::optional<std::int64_t> lowest) {
    DeviceSnapshot s;
    s.device_id = id;
    s.read_at = clock.now();
    CurrentStatus current;
    current.status = {severity, power, {}};
    s.status = current;
    s.supplies_json = "{}";
    s.lowest_percent = lowest;
    s.lowest_state = lowest ? "value" : "unknown";
    s.lowest_name = "Black Toner";
    s.lowest_colorant = "black";
    ASSERT_EQ(storage.ingestSnapshots({s}), 1u);
  }
  DevicePage query(std::vector<DeviceFilter> filters, DeviceField sort = DeviceField::kId,
                   bool descending = false) {
    DeviceQuery q = filtered(std::move(filters));
    q.sort = sort;
    q.descending = descending;
    return storage.listDevices(q);
  }
  static std::int64_t count(const DevicePage& page, const std::string& severity,
                            const std::string& power) {
    std::int64_t n = 0;
    for (const auto& c : page.status_counts) {
      if (c.severity == severity && c.power == power) n += c.count;
    }
    return n;
  }
  void SetUp() override {
    a = add(report(mac(1), "S1", "10.0.0.1"));
    b = add(report(mac(2), "S2", "10.0.0.2"));
    c = add(report(mac(3), "S3", "10.0.0.3"));
    d = add(report(mac(4), "S4", "10.0.0.4"));  // never polled
    poll(a, "error", "on", 5);
    poll(b, "ok", "sleep", 60);
    poll(c, "warning", "on", std::nullopt);
  }
  std::int64_t a = 0, b = 0, c = 0, d = 0;
};

TEST_F(SqliteDeviceListMonitoring, FiltersBySeverityAndPowerOrWithinAndAcross) {
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(ids(query({{DeviceField::kSeverity, {"error", "ok"}}})), (V{a, b}));
  EXPECT_EQ(ids(query({{DeviceField::kSeverity, {"notPolled"}}})), (V{d}));
  EXPECT_EQ(ids(query({{DeviceField::kPower, {"on"}}})), (V{a, c}));
  EXPECT_EQ(ids(query({{DeviceField::kSeverity, {"error", "ok"}}, {DeviceField::kPower, {"on"}}})),
            (V{a}));
  EXPECT_EQ(ids(query({{DeviceField::kPower, {"on"}}, {DeviceField::kSerial, {"S3"}}})), (V{c}));
}

TEST_F(SqliteDeviceListMonitoring, FiltersByLowestSupplyAtMostAPercentage) {
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(ids(query({{DeviceField::kLowestSupply, {"5"}}})), (V{a}));
  EXPECT_EQ(ids(query({{DeviceField::kLowestSupply, {"4"}}})), (V{}));
  // Several values: any matches, so the largest bound decides.
  EXPECT_EQ(ids(query({{DeviceField::kLowestSupply, {"10", "60"}}})), (V{a, b}));
}

TEST_F(SqliteDeviceListMonitoring, SortsByStatusSeriousnessAndByLowestSupply) {
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(ids(query({}, DeviceField::kSeverity)), (V{d, b, c, a}));
  EXPECT_EQ(ids(query({}, DeviceField::kSeverity, true)), (V{a, c, b, d}));
  // Devices without a percentage sort as above 100 %.
  EXPECT_EQ(ids(query({}, DeviceField::kLowestSupply)), (V{a, b, c, d}));
  EXPECT_EQ(ids(query({}, DeviceField::kLowestSupply, true)), (V{d, c, b, a}));
}

TEST_F(SqliteDeviceListMonitoring, StatusCountsFollowTheFilterAndAddUpToTheTotal) {
  auto page = query({});
  EXPECT_EQ(page.total, 4);
  EXPECT_EQ(count(page, "error", "on"), 1);
  EXPECT_EQ(count(page, "ok", "sleep"), 1);
  EXPECT_EQ(count(page, "", ""), 1);  // not polled
  page = query({{DeviceField::kPower, {"on"}}});
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(count(page, "error", "on") + count(page, "warning", "on"), 2);
  EXPECT_EQ(count(page, "ok", "sleep"), 0);
  page = query({{DeviceField::kName, {"no such name"}}});
  EXPECT_EQ(page.total, 0);
  EXPECT_TRUE(page.status_counts.empty());
}

TEST_F(SqliteDeviceListMonitoring, TheLowestSupplyKeepsItsNameAndColorant) {
  const auto summaries = storage.monitoringSummaries({a});
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].second.lowest_percent, 5);
  EXPECT_EQ(summaries[0].second.lowest_name, "Black Toner");
  EXPECT_EQ(summaries[0].second.lowest_colorant, "black");
}

TEST_F(SqliteDeviceStore, SavedViewsBelongToTheirUser) {
  const auto alice =
      storage.createUser({"alice", "hash", Role::kSystemManager, false}, clock.now());
  const auto bob = storage.createUser({"bob", "hash", Role::kSystemManager, false}, clock.now());
  ASSERT_TRUE(alice && bob);
  const auto id = storage.createDeviceView(*alice, "Errors", R"({"sort":"severity"})", clock.now());
  ASSERT_TRUE(id);
  EXPECT_FALSE(storage.createDeviceView(*alice, "Errors", "{}", clock.now()));  // name taken
  EXPECT_TRUE(storage.createDeviceView(*bob, "Errors", "{}", clock.now()));     // bob's own
  EXPECT_EQ(storage.listDeviceViews(*alice).size(), 1u);
  EXPECT_FALSE(storage.findDeviceView(*bob, *id));
  EXPECT_EQ(storage.updateDeviceView(*bob, *id, "Mine", std::nullopt, clock.now()),
            DeviceViewChange::kNotFound);
  ASSERT_TRUE(storage.createDeviceView(*alice, "Low toner", "{}", clock.now()));
  EXPECT_EQ(storage.updateDeviceView(*alice, *id, "Low toner", std::nullopt, clock.now()),
            DeviceViewChange::kNameTaken);
  clock.advance(60s);
  EXPECT_EQ(storage.updateDeviceView(*alice, *id, "Broken", std::nullopt, clock.now()),
            DeviceViewChange::kDone);
  const auto view = storage.findDeviceView(*alice, *id);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->name, "Broken");
  EXPECT_EQ(view->settings_json, R"({"sort":"severity"})");
  EXPECT_GT(view->updated_at, view->created_at);
  EXPECT_FALSE(storage.deleteDeviceView(*bob, *id));
  EXPECT_TRUE(storage.deleteDeviceView(*alice, *id));
  EXPECT_FALSE(storage.findDeviceView(*alice, *id));
}

TEST_F(SqliteDeviceStore, PreferencesBelongToTheirUserAndAreReplaced) {
  const auto alice =
      storage.createUser({"alice", "hash", Role::kSystemManager, false}, clock.now());
  const auto bob = storage.createUser({"bob", "hash", Role::kSystemManager, false}, clock.now());
  ASSERT_TRUE(alice && bob);
  EXPECT_FALSE(storage.preference(*alice, "reports.counters"));
  storage.setPreference(*alice, "reports.counters", R"({"kind":"lifetime"})", clock.now());
  storage.setPreference(*alice, "reports.counters", R"({"kind":"byCounter"})", clock.now());
  EXPECT_EQ(storage.preference(*alice, "reports.counters"), R"({"kind":"byCounter"})");
  EXPECT_FALSE(storage.preference(*bob, "reports.counters"));
  EXPECT_FALSE(storage.preference(*alice, "reports.status"));
}

}  // namespace
}  // namespace pw::manager
