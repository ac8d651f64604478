// Regions in the SQLite engine: the stored rules, and each device's region kept current by
// region writes and by device writes (discovery, import), on a real file with the migrations.
#include <gtest/gtest.h>

#include <cstdio>

#include "common/core/ipv4.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

RegionRule cidr(const char* network, const char* last) {
  return {RegionRuleType::kCidr, std::string(network), *parseIpv4(network), *parseIpv4(last)};
}
RegionRule suffix(const char* text) {
  return {RegionRuleType::kSuffix, text};
}

class SqliteRegionStore : public ::testing::Test {
 protected:
  testing::TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  int next_ = 1;

  std::int64_t device(const std::string& ip, const std::string& hostname = "") {
    DiscoveryReport r;
    char mac[18];
    std::snprintf(mac, sizeof mac, "00:00:00:00:%02x:%02x", next_ / 256, next_ % 256);
    r.identity = {"HP", "M507", "S" + std::to_string(next_++), "1.0", mac};
    r.ip_address = ip;
    r.hostname = hostname;
    return storage.upsertDevice(r, clock.now()).id;
  }
  std::optional<std::int64_t> regionOf(std::int64_t device_id) {
    return storage.findDevice(device_id)->region_id;
  }
  std::int64_t create(const std::string& name, std::vector<RegionRule> rules) {
    const auto id =
        storage.createRegion({0, name, "", "Europe/Paris", std::move(rules)}, clock.now());
    EXPECT_TRUE(id);
    return id.value_or(0);
  }
};

TEST_F(SqliteRegionStore, RegionsKeepTheirRulesInOrder) {
  const auto id = create("Paris", {cidr("10.1.0.0", "10.1.255.255"), suffix("paris.example")});
  const auto stored = storage.findRegion(id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->name, "Paris");
  EXPECT_EQ(stored->time_zone, "Europe/Paris");
  ASSERT_EQ(stored->rules.size(), 2u);
  EXPECT_EQ(stored->rules[0], cidr("10.1.0.0", "10.1.255.255"));
  EXPECT_EQ(stored->rules[1], suffix("paris.example"));
  EXPECT_FALSE(storage.createRegion({0, "PARIS", "", "UTC", {}}, clock.now()))
      << "names compare case-insensitively";
  EXPECT_EQ(storage.listRegions().size(), 1u);
}

TEST_F(SqliteRegionStore, CreatingEditingAndDeletingARegionMovesItsDevices) {
  const auto a = device("10.1.0.5");
  const auto b = device("10.9.0.5", "p2.paris.example");
  const auto c = device("10.2.0.5");
  const auto paris = create("Paris", {cidr("10.1.0.0", "10.1.255.255")});
  EXPECT_EQ(regionOf(a), paris);
  EXPECT_FALSE(regionOf(b));
  EXPECT_EQ(storage.regionDeviceCounts(), (std::map<std::int64_t, std::int64_t>{{paris, 1}}));

  Region edited{paris, "Paris", "", "Europe/Paris", {suffix("paris.example")}};
  EXPECT_EQ(storage.updateRegion(edited, clock.now()), RegionStore::RegionWrite::kDone);
  EXPECT_FALSE(regionOf(a));
  EXPECT_EQ(regionOf(b), paris);

  const auto lyon =
      create("Lyon", {cidr("10.9.0.0", "10.9.0.255"), cidr("10.2.0.0", "10.2.0.255")});
  EXPECT_EQ(regionOf(b), lyon) << "an IPv4 rule wins over a suffix";
  EXPECT_EQ(regionOf(c), lyon);
  EXPECT_TRUE(storage.deleteRegion(lyon));
  EXPECT_EQ(regionOf(b), paris) << "its suffix region takes it back";
  EXPECT_FALSE(regionOf(c));
  EXPECT_FALSE(storage.deleteRegion(lyon));
  edited.id = 999;
  EXPECT_EQ(storage.updateRegion(edited, clock.now()), RegionStore::RegionWrite::kNotFound);
}

TEST_F(SqliteRegionStore, ADeviceFollowsItsAddressOnRediscovery) {
  const auto paris = create("Paris", {cidr("10.1.0.0", "10.1.255.255")});
  const auto id = device("10.1.0.5");
  EXPECT_EQ(regionOf(id), paris) << "a new device gets its region";
  DiscoveryReport moved;
  moved.identity = storage.findDevice(id)->identity;
  moved.ip_address = "10.3.0.5";
  EXPECT_EQ(storage.upsertDevice(moved, clock.now()).id, id);
  EXPECT_FALSE(regionOf(id));
}

TEST_F(SqliteRegionStore, ImportedDevicesGetTheirRegionInTheImportTransaction) {
  const auto paris = create("Paris", {suffix("paris.example")});
  ImportedDevice row;
  row.line = 2;
  row.identity = {"HP", "M507", "IMP1", "", "00:00:00:00:99:01"};
  row.ip_address = "192.168.0.10";
  row.hostname = "P9.Paris.Example";
  const std::vector<ImportedDevice> rows{row};
  const auto outcome = storage.importDevices(rows, clock.now());
  ASSERT_EQ(outcome.created, 1);
  DeviceQuery q;
  q.filters = {{DeviceField::kRegion, {std::to_string(paris)}}};
  const auto page = storage.listDevices(q);
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0].hostname, "P9.Paris.Example");
}

TEST_F(SqliteRegionStore, TheListFiltersAndSortsByRegionAndKeepsToTheCallersScope) {
  const auto b_region = create("B-region", {cidr("10.2.0.0", "10.2.0.255")});
  const auto a_region = create("a-region", {cidr("10.1.0.0", "10.1.0.255")});
  const auto in_b = device("10.2.0.1");
  const auto in_a = device("10.1.0.1");
  const auto outside = device("10.3.0.1");

  DeviceQuery q;
  q.sort = DeviceField::kRegion;
  auto page = storage.listDevices(q);
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items[0].id, outside);  // no region sorts first
  EXPECT_EQ(page.items[1].id, in_a);     // by name, case-insensitive
  EXPECT_EQ(page.items[2].id, in_b);

  q.filters = {{DeviceField::kRegion, {std::string(kNoRegion), std::to_string(b_region)}}};
  page = storage.listDevices(q);
  EXPECT_EQ(page.total, 2);

  q.filters.clear();
  q.scope = DeviceScope{std::vector<std::int64_t>{a_region}};
  page = storage.listDevices(q);
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0].id, in_a);
  q.scope = DeviceScope{std::vector<std::int64_t>{}};
  EXPECT_EQ(storage.listDevices(q).total, 0);
}

TEST_F(SqliteRegionStore, UsersKeepTheirRegionsUntilARegionIsDeleted) {
  const auto user = storage.createUser({"dm", "hash", Role::kDeviceManager, false}, clock.now());
  ASSERT_TRUE(user);
  const auto a = create("A", {});
  const auto b = create("B", {});
  EXPECT_TRUE(storage.setUserRegions(*user, {b, a}));
  EXPECT_EQ(storage.userRegions(*user), (std::vector<std::int64_t>{a, b}));
  EXPECT_TRUE(storage.deleteRegion(a));
  EXPECT_EQ(storage.userRegions(*user), (std::vector<std::int64_t>{b}));
  EXPECT_FALSE(storage.setUserRegions(*user + 100, {b}));
}

TEST_F(SqliteRegionStore, RecomputingChangesOnlyWhatMoved) {
  create("Paris", {cidr("10.1.0.0", "10.1.255.255")});
  device("10.1.0.5");
  device("10.2.0.5");
  EXPECT_EQ(storage.recomputeDeviceRegions(), 0u);
}

}  // namespace
}  // namespace pw::manager
