// DeviceService on the real SQLite engine: the problems its callers turn into HTTP answers.
#include "manager/services/device_service.hpp"

#include <gtest/gtest.h>

#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

class DeviceServiceTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  FakeClock clock;
  SqliteStorage storage{dir.path() / "m.db"};
  DeviceService devices{storage, clock};

  std::int64_t discover(const std::string& mac, const std::string& serial, const std::string& ip) {
    DiscoveryReport r;
    r.identity = {"HP", "M507", serial, "1.0", mac};
    r.ip_address = ip;
    const auto result = devices.recordDiscovery(r);
    EXPECT_TRUE(result) << result.error().message;
    return result->id;
  }
};

TEST_F(DeviceServiceTest, DiscoveryNormalisesTheMacAndStampsTheManagersTime) {
  const auto id = discover("AA-BB-CC-DD-EE-01", "S1", "10.0.0.1");
  clock.advance(5min);
  EXPECT_EQ(discover("aa:bb:cc:dd:ee:01", "S1", "10.0.0.2"), id);
  const auto d = devices.get(id);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->identity.mac, "aa:bb:cc:dd:ee:01");
  EXPECT_EQ(d->ip_address, "10.0.0.2");
  EXPECT_EQ(d->last_seen, clock.now());
  EXPECT_EQ(d->first_seen, clock.now() - 5min);

  DiscoveryReport bad;
  bad.identity.mac = "aa:bb";
  const auto refused = devices.recordDiscovery(bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidInput);
}

TEST_F(DeviceServiceTest, ListValidatesTheQuery) {
  discover("aa:bb:cc:dd:ee:01", "S1", "10.0.0.1");
  EXPECT_EQ(devices.list({})->total, 1);
  DeviceQuery q;
  q.page_size = 500;
  const auto refused = devices.list(q);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "invalid_input");
  EXPECT_EQ(refused.error().message, "pageSize must be between 1 and 200");
  q = {};
  q.filters.push_back({DeviceField::kLastSeen, {"x"}});
  EXPECT_EQ(devices.list(q).error().message, "the list cannot be filtered by lastSeen");
}

TEST_F(DeviceServiceTest, UpdateValidatesAndReturnsTheDevice) {
  const auto id = discover("aa:bb:cc:dd:ee:01", "S1", "10.0.0.1");
  const auto updated = devices.update(id, {"Reception", "Berlin", {}, "https://10.0.0.1/"});
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->name, "Reception");
  EXPECT_EQ(updated->link_url, "https://10.0.0.1/");
  const auto bad = devices.update(id, {{}, {}, {}, "javascript:alert(1)"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(bad.error().message.find("linkUrl"), std::string::npos);
  EXPECT_EQ(devices.update(404, {"x", {}, {}, {}}).error().kind, ErrorKind::kNotFound);
  ASSERT_TRUE(devices.remove(id));
  const auto removed = devices.update(id, {"x", {}, {}, {}});
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(removed.error().code, "device_removed");
}

TEST_F(DeviceServiceTest, LifecycleProblems) {
  const auto id = discover("aa:bb:cc:dd:ee:01", "S1", "10.0.0.1");
  EXPECT_EQ(devices.restore(id).error().code, "device_not_removed");
  EXPECT_EQ(devices.deletePermanently(id).error().code, "device_not_removed");
  const auto removed = devices.remove(id);
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->state, DeviceState::kRemoved);
  EXPECT_EQ(devices.remove(id).error().code, "device_removed");
  const auto restored = devices.restore(id);
  ASSERT_TRUE(restored);
  EXPECT_EQ(restored->state, DeviceState::kManaged);
  ASSERT_TRUE(devices.remove(id));
  EXPECT_TRUE(devices.deletePermanently(id));
  EXPECT_EQ(devices.get(id).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(devices.deletePermanently(id).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(devices.remove(id).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(devices.restore(id).error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace pw::manager
