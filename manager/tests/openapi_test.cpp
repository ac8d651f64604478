// The REST route table and proto/openapi.json must describe the same API: a route added
// without documentation (or documented but not served) fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "common/core/worker_pool.hpp"
#include "manager/api/console_api.hpp"
#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager::api {
namespace {

using namespace std::chrono_literals;

// Scopes and credentials do not matter here: no discovery runs.
class NoSources final : public DiscoverySources {
 public:
  Outcome<DiscoveryTargets> targetsFor(std::int64_t) override { return DiscoveryTargets{}; }
  std::vector<proto::SnmpCredentialData> snmpCredentialsFor(std::int64_t) override { return {}; }
  std::optional<std::int64_t> agentFor(const std::string&) override { return std::nullopt; }
};

TEST(OpenApi, DocumentAndRouteTableAgree) {
  testing::TempDir dir;
  FakeClock clock;
  SqliteStorage storage(dir.path() / "m.db");
  ManagerPki pki(dir.path() / "pki", {}, clock);
  CommandQueue commands(clock);
  AuthService auth(storage, storage, clock, SessionPolicy{});
  AgentService agents(storage, pki, commands, clock, AgentServiceSettings{});
  DeviceService devices(storage, clock);
  NoSources sources;
  DiscoveryService discovery(storage, storage, commands, devices, sources, clock);
  CredentialService credentials(storage, storage, pki.secretBox(), clock);
  ScopeService scopes(storage, storage);
  RegionService regions(storage, storage, clock);
  MonitoringSettingsService monitoring(storage);
  DeviceExchangeService device_exchange(storage, clock);
  IngestSinks sinks;
  OutboxService outbox(storage, sinks, clock);
  MonitoringService readings(storage, storage, storage, storage, commands, sources, clock);
  BuiltInTaskScheduler built_in_tasks(monitoring, storage, clock, time::TimeZone::system(),
                                      [](auto, const auto&, auto) {});
  GroupService groups(storage, clock);
  WorkerPool workers(1);
  StaticFiles files({}, {});
  ConsoleApi api({auth, agents, devices, device_exchange, discovery, credentials, scopes,
                  monitoring, outbox, readings, built_in_tasks, groups, regions, clock, workers,
                  files, "test", "{}"});

  std::ifstream in(std::string(PW_PROTO_DIR) + "/openapi.json");
  const auto document = nlohmann::json::parse(in);
  EXPECT_EQ(document["openapi"].get<std::string>().substr(0, 2), "3.");

  std::set<std::string> documented;
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(upper + " " + path);
      // A public route says so; every other route inherits the session requirement.
      EXPECT_TRUE(operation.contains("responses")) << path;
    }
  }
  std::set<std::string> served;
  for (const auto& route : api.router().routes()) {
    served.insert(route.method + " " + route.pattern);
    std::string lower = route.method;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto& op = document["paths"][route.pattern][lower];
    const bool documented_public = op.contains("security") && op["security"].empty();
    EXPECT_EQ(documented_public, route.access == Access::kPublic)
        << route.method << " " << route.pattern << ": access differs from the document";
  }
  EXPECT_EQ(served, documented);
}

}  // namespace
}  // namespace pw::manager::api
