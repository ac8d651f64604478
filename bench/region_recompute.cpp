// pw_bench_region_recompute: how long keeping every device's region current takes with
// `--devices` devices in SQLite (a region write recomputes all of them in one transaction, one
// pass in C++), and a device-list page sorted by region. Prints one JSON object; asserts nothing.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "common/core/ipv4.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace {

using namespace pw::manager;

double millisecondsOf(const auto& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

RegionRule cidr(const std::string& network, int length) {
  const auto first = *pw::parseIpv4(network);
  const auto last = first | ((length == 32) ? 0u : (0xFFFFFFFFu >> length));
  return {RegionRuleType::kCidr, network + "/" + std::to_string(length), first, last};
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir;
  int devices = 100'000;
  CLI::App app{"Region recompute over the device registry"};
  app.add_option("--dir", dir, "Scratch directory (created, then removed)")->required();
  app.add_option("--devices", devices, "Registered devices (10.x.y.z, host names under site-N)");
  CLI11_PARSE(app, argc, argv);

  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  SqliteStorage storage(dir / "bench.db");
  const auto now = pw::Clock::TimePoint{};
  // The fleet in one import transaction: 10.<site>.<n/256>.<n%256>, host p<n>.site-<site>.example.
  std::vector<ImportedDevice> rows;
  for (int i = 0; i < devices; ++i) {
    ImportedDevice row;
    row.line = i + 2;
    char mac[18];
    std::snprintf(mac, sizeof mac, "02:00:00:%02x:%02x:%02x", (i >> 16) & 0xFF, (i >> 8) & 0xFF,
                  i & 0xFF);
    row.identity = {"HP", "M1", "B" + std::to_string(i), "", mac};
    const int site = i % 20;
    const int n = i / 20;
    row.ip_address = "10." + std::to_string(site) + "." + std::to_string(n / 256) + "." +
                     std::to_string(n % 256);
    row.hostname = "p" + std::to_string(i) + ".site-" + std::to_string(site) + ".example";
    rows.push_back(std::move(row));
  }
  const double import_ms = millisecondsOf([&] { storage.importDevices(rows, now); });

  // 10 regions by CIDR (half the sites), 10 by suffix (the other half).
  std::vector<std::int64_t> ids;
  const double create_ms = millisecondsOf([&] {
    for (int site = 0; site < 20; ++site) {
      Region region{0, "site-" + std::to_string(site), "", "UTC", {}};
      if (site % 2 == 0) {
        region.rules = {cidr("10." + std::to_string(site) + ".0.0", 16)};
      } else {
        region.rules = {{RegionRuleType::kSuffix, "site-" + std::to_string(site) + ".example"}};
      }
      ids.push_back(*storage.createRegion(region, now));
    }
  });
  Region edited = *storage.findRegion(ids.front());
  edited.rules = {cidr("10.0.0.0", 17)};  // half of its devices leave it
  const double update_ms = millisecondsOf([&] { storage.updateRegion(edited, now); });
  std::size_t unchanged = 0;
  const double recompute_ms = millisecondsOf([&] { unchanged = storage.recomputeDeviceRegions(); });
  DeviceQuery query;
  query.page_size = 200;
  query.sort = DeviceField::kRegion;
  const double list_sorted_ms = millisecondsOf([&] { storage.listDevices(query); });
  query.sort = DeviceField::kId;
  query.filters = {{DeviceField::kRegion, {std::to_string(ids[1])}}};
  const double list_filtered_ms = millisecondsOf([&] { storage.listDevices(query); });
  query.filters.clear();
  query.scope = DeviceScope{std::vector<std::int64_t>{ids[2], ids[3]}};
  const double list_scoped_ms = millisecondsOf([&] { storage.listDevices(query); });

  std::cout << "{\"devices\": " << devices << ", \"importMs\": " << import_ms
            << ", \"create20RegionsMs\": " << create_ms
            << ", \"createOneRegionMs\": " << create_ms / 20
            << ", \"updateRegionMs\": " << update_ms
            << ", \"recomputeNothingChangedMs\": " << recompute_ms
            << ", \"changedOnRecompute\": " << unchanged
            << ", \"listSortedByRegionMs\": " << list_sorted_ms
            << ", \"listFilteredByRegionMs\": " << list_filtered_ms
            << ", \"listScopedMs\": " << list_scoped_ms << "}\n";
  std::filesystem::remove_all(dir);
  return 0;
}
