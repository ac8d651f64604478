// RegionService on the real SQLite engine: rule parsing and checks, overlaps named with the
// other region, users' regions, and the DeviceScope the device queries get from a user.
#include "manager/services/region_service.hpp"

#include <gtest/gtest.h>

#include "manager/services/device_service.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

Region input(std::string name, std::vector<std::pair<RegionRuleType, std::string>> rules,
             std::string time_zone = "Europe/Paris") {
  Region r;
  r.name = std::move(name);
  r.time_zone = std::move(time_zone);
  for (auto& [type, value] : rules) r.rules.push_back({type, std::move(value)});
  return r;
}

constexpr auto kAddress = RegionRuleType::kAddress;
constexpr auto kRange = RegionRuleType::kRange;
constexpr auto kCidr = RegionRuleType::kCidr;
constexpr auto kSuffix = RegionRuleType::kSuffix;

class RegionServiceTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  RegionService regions{storage, storage, clock};
  DeviceService devices{storage, clock};

  std::int64_t create(const Region& region) {
    const auto created = regions.create(region);
    EXPECT_TRUE(created) << created.error().problem.message;
    return created ? created->region.id : 0;
  }
  std::int64_t discover(const std::string& ip, const std::string& hostname,
                        const std::string& serial) {
    DiscoveryReport r;
    r.identity = {"HP", "M507", serial, "1.0", ""};
    r.ip_address = ip;
    r.hostname = hostname;
    return devices.recordDiscovery(r)->id;
  }
};

TEST_F(RegionServiceTest, RulesAreParsedAndStoredNormalised) {
  const auto created = regions.create(input("  Paris ", {{kAddress, " 10.0.0.1 "},
                                                         {kRange, "10.0.1.0-10.0.1.99"},
                                                         {kCidr, "10.0.2.0/24"},
                                                         {kSuffix, ".Paris.Example."}}));
  ASSERT_TRUE(created) << created.error().problem.message;
  const auto& r = created->region;
  EXPECT_EQ(r.name, "Paris");
  ASSERT_EQ(r.rules.size(), 4u);
  EXPECT_EQ(r.rules[0].value, "10.0.0.1");
  EXPECT_EQ(r.rules[1].last, 0x0A000163u);
  EXPECT_EQ(r.rules[2].first, 0x0A000200u);
  EXPECT_EQ(r.rules[2].last, 0x0A0002FFu);
  EXPECT_EQ(r.rules[3].value, "paris.example");
  EXPECT_EQ(created->device_count, 0);
}

TEST_F(RegionServiceTest, EveryBadFieldIsNamed) {
  const auto refused = regions.create(input("",
                                            {{kAddress, "10.0.0.1-10.0.0.5"},
                                             {kRange, "10.0.0.9"},
                                             {kCidr, "10.0.0.1/24"},
                                             {kAddress, "010.0.0.1"},
                                             {kSuffix, "bad_suffix..example"},
                                             {kAddress, "2001:db8::1"},
                                             {kCidr, ""}},
                                            "Mars/Olympus"));
  ASSERT_FALSE(refused);
  const auto& e = refused.error();
  EXPECT_EQ(e.problem.code, "invalid_input");
  ASSERT_EQ(e.errors.size(), 9u);
  EXPECT_EQ(e.errors[0].field, "name");
  EXPECT_EQ(e.errors[1].field, "timeZone");
  EXPECT_NE(e.errors[1].message.find("Mars/Olympus"), std::string::npos);
  EXPECT_EQ(e.errors[2].field, "rules[0].value");
  EXPECT_NE(e.errors[2].message.find("one IPv4 address"), std::string::npos);
  EXPECT_NE(e.errors[3].message.find("separated by '-'"), std::string::npos);
  EXPECT_NE(e.errors[4].message.find("host bits"), std::string::npos);
  EXPECT_NE(e.errors[5].message.find("leading zeros"), std::string::npos);
  EXPECT_EQ(e.errors[6].field, "rules[4].value");
  EXPECT_EQ(e.errors[7].field, "rules[5].value");
  EXPECT_NE(e.errors[8].message.find("is required"), std::string::npos);
  EXPECT_TRUE(storage.listRegions().empty());
}

TEST_F(RegionServiceTest, AnOverlapIsRefusedNamingTheOtherRegionAndRule) {
  const auto paris = create(input("Paris", {{kCidr, "10.1.0.0/16"}, {kSuffix, "paris.example"}}));
  const auto refused = regions.create(input("Lyon", {{kRange, "10.0.255.0-10.1.0.3"},
                                                     {kSuffix, "PARIS.example"},
                                                     {kSuffix, "lyon.paris.example"}}));
  ASSERT_FALSE(refused);
  const auto& e = refused.error();
  EXPECT_EQ(e.problem.kind, ErrorKind::kConflict);
  EXPECT_EQ(e.problem.code, "region_overlap");
  EXPECT_NE(e.problem.message.find("\"Paris\""), std::string::npos) << e.problem.message;
  EXPECT_NE(e.problem.message.find("10.1.0.0/16"), std::string::npos) << e.problem.message;
  ASSERT_EQ(e.conflicts.size(), 2u) << "a nested suffix is allowed";
  EXPECT_EQ(e.conflicts[0].field, "rules[0].value");
  EXPECT_EQ(e.conflicts[0].region_id, paris);
  EXPECT_EQ(e.conflicts[1].field, "rules[1].value");
  EXPECT_EQ(e.conflicts[1].other_rule, "paris.example");

  // Editing a region is not an overlap with itself; a name taken is refused.
  EXPECT_TRUE(regions.update(paris, input("Paris", {{kCidr, "10.0.0.0/15"}})));
  create(input("Lyon", {}));
  const auto renamed = regions.update(paris, input("lyon", {}));
  ASSERT_FALSE(renamed);
  EXPECT_EQ(renamed.error().problem.code, "name_taken");
  EXPECT_EQ(regions.update(999, input("X", {})).error().problem.code, "not_found");
}

TEST_F(RegionServiceTest, DeviceCountsFollowTheRules) {
  discover("10.1.0.1", "", "S1");
  discover("10.1.0.2", "", "S2");
  discover("10.2.0.1", "p.lyon.example", "S3");
  const auto paris = create(input("Paris", {{kCidr, "10.1.0.0/16"}}));
  const auto lyon = create(input("Lyon", {{kSuffix, "lyon.example"}}));
  EXPECT_EQ(regions.get(paris)->device_count, 2);
  EXPECT_EQ(regions.get(lyon)->device_count, 1);
  ASSERT_TRUE(regions.remove(paris));
  EXPECT_EQ(regions.remove(paris).error().code, "not_found");
  EXPECT_EQ(regions.list().size(), 1u);
}

TEST_F(RegionServiceTest, ASystemManagerCannotHaveRegions) {
  const auto admin = storage.createUser({"admin2", "h", Role::kSystemManager, false}, clock.now());
  const auto paris = create(input("Paris", {}));
  const auto refused = regions.setUserRegions(*admin, {paris});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "system_manager_regions");
  EXPECT_TRUE(regions.userRegions(*admin).empty());
  EXPECT_EQ(regions.setUserRegions(*admin + 50, {paris}).error().code, "not_found");
}

TEST_F(RegionServiceTest, ADeviceManagerWithRegionsSeesOnlyTheirDevices) {
  const auto in_paris = discover("10.1.0.1", "", "S1");
  const auto in_lyon = discover("10.2.0.1", "", "S2");
  const auto nowhere = discover("10.3.0.1", "", "S3");
  const auto paris = create(input("Paris", {{kCidr, "10.1.0.0/16"}}));
  create(input("Lyon", {{kCidr, "10.2.0.0/16"}}));
  const auto dm_id = storage.createUser({"dm", "h", Role::kDeviceManager, false}, clock.now());
  const auto dm = *storage.findUserById(*dm_id);
  const auto admin = User{0, "administrator", "", Role::kSystemManager, true};

  EXPECT_FALSE(regions.scopeFor(dm).regions) << "without regions: every device";
  ASSERT_TRUE(regions.setUserRegions(dm.id, {paris}));
  const auto scope = regions.scopeFor(dm);
  EXPECT_FALSE(regions.scopeFor(admin).regions);

  DeviceQuery q;
  q.scope = scope;
  const auto page = devices.list(q);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].id, in_paris);
  EXPECT_TRUE(devices.get(in_paris, scope));
  EXPECT_EQ(devices.get(in_lyon, scope).error().code, "not_found");
  EXPECT_EQ(devices.get(nowhere, scope).error().code, "not_found");
  EXPECT_TRUE(devices.get(in_lyon, regions.scopeFor(admin)));
}

}  // namespace
}  // namespace pw::manager
