// Manager ingest of monitoring readings: N devices registered in a fresh SQLite database (real
// migrations, WAL), then rounds of one reading per device (status with an alert, 4 supplies, a
// tray, a bin, counters) as the Agent's outbox delivers them — the text of POST
// /agent/v1/outbox bodies, each a batch of "monitor-reading" records — parsed as the Agent
// channel does and stored through OutboxService and MonitorReadingSink (one transaction per
// batch with the Agent's position). Each round changes some statuses (edges) and every level
// and counter. With --agents N, N Agents deliver their share of the devices at once, each on
// its own thread, as the Manager's request workers would. Prints devices/s and where the time
// went. Speed is reported, never asserted (docs/PERFORMANCE.md).
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include "manager/services/monitoring_service.hpp"
#include "manager/services/outbox_service.hpp"
#include "manager/storage/sqlite_storage.hpp"

namespace {

using namespace pw;
using namespace pw::manager;
using Seconds = std::chrono::duration<double>;

proto::DeviceReadingData reading(std::int64_t device_id, int round) {
  proto::DeviceReadingData out;
  out.device_id = device_id;
  out.address = "10.0.0.1";
  proto::ReadingData r;
  proto::StatusData status;
  const bool jammed = (device_id + round) % 10 == 0;  // a tenth change status each round
  status.severity = jammed ? "error" : "ok";
  status.power = "on";
  status.device_status = jammed ? 5 : 2;
  status.printer_status = jammed ? 1 : 3;
  status.error_state_hex = jammed ? "0400" : "0000";
  if (jammed) {
    status.error_flags = {"jammed"};
    status.conditions = {"jammed"};
    status.alerts.push_back({"1.1", 3, "critical", 3, "untrained", 13, "mediaPath", 1, -2, 8, "jam",
                             "Paper jam", 1234, "error", "jammed"});
  }
  r.status = status;
  proto::SuppliesData supplies;
  const char* colours[] = {"black", "cyan", "magenta", "yellow"};
  for (int i = 0; i < 4; ++i) {
    const std::int64_t level = 100 - (round * 3 + i + device_id) % 100;
    supplies.items.push_back({"1." + std::to_string(i + 1),
                              std::string(colours[i]) + " toner",
                              3,
                              "consumed",
                              3,
                              "toner",
                              19,
                              "percent",
                              {"value", 100},
                              {"value", level},
                              level,
                              i + 1,
                              colours[i]});
  }
  supplies.input_trays.push_back({"1.1",
                                  "Tray 1",
                                  4,
                                  "sheetFeedAutoNonRemovableTray",
                                  "sheets",
                                  {"value", 250},
                                  {"value", 120},
                                  48,
                                  0,
                                  "A4"});
  supplies.output_bins.push_back({"1.1",
                                  "Face down",
                                  3,
                                  "unRemovableBin",
                                  "sheets",
                                  {"value", 150},
                                  {"other", 0},
                                  std::nullopt,
                                  0});
  r.supplies = supplies;
  proto::CountersData counters;
  const std::int64_t total = 100'000 + device_id * 10 + round * 37;
  counters.markers.push_back({"1.1", "impressions", total, std::nullopt});
  counters.normalized[0] = proto::CounterValueData{total, "impressions", "generic.json"};
  counters.normalized[1] = proto::CounterValueData{total / 2, "impressions", "vendor.json"};
  counters.normalized[2] = proto::CounterValueData{total / 2, "impressions", "vendor.json"};
  counters.profile = "vendor.json";
  r.counters = counters;
  r.uptime_ticks = 1000 + round;
  out.reading = r;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Manager ingest of monitoring readings into SQLite"};
  int devices = 50'000;
  int rounds = 3;
  int batch = 1'000;
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "pw-bench-ingest";
  app.add_option("--devices", devices, "registered devices")->check(CLI::Range(1, 1'000'000));
  app.add_option("--rounds", rounds, "readings per device")->check(CLI::Range(1, 100));
  app.add_option("--batch", batch,
                 "records per outbox batch (one transaction; the Agent's default is 1,000)")
      ->check(CLI::Range(1, static_cast<int>(proto::kMaxOutboxRecords)));
  int agents = 1;
  app.add_option("--agents", agents, "Agents delivering at once, one thread each")
      ->check(CLI::Range(1, 16));
  app.add_option("--dir", dir, "scratch directory (emptied)");
  CLI11_PARSE(app, argc, argv);

  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  FakeClock clock;
  SqliteStorage storage(dir / "bench.db");
  for (int i = 0; i < devices; ++i) {
    DiscoveryReport r;
    char mac[18];
    std::snprintf(mac, sizeof mac, "02:00:00:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff,
                  i & 0xff);
    r.identity = {"Bench", "M1", "S" + std::to_string(i), "1", mac};
    // Distinct addresses: the identity rule looks devices up by address too.
    r.ip_address = "10." + std::to_string((i >> 16) & 0xff) + "." +
                   std::to_string((i >> 8) & 0xff) + "." + std::to_string(i & 0xff);
    storage.upsertDevice(r, clock.now());
  }
  MonitorReadingSink sink(clock);
  IngestSinks sinks;
  sinks.add(proto::kMonitorReadingKind, sink);
  OutboxService outbox(storage, sinks, clock);
  std::vector<std::int64_t> agent_ids;
  for (int a = 0; a < agents; ++a) {
    agent_ids.push_back(
        *storage.createAgent("bench-" + std::to_string(a), false, {"hash", "sealed"}, clock.now()));
  }

  std::cout << "devices " << devices << ", batch " << batch << ", rounds " << rounds << ", agents "
            << agents << std::endl;
  std::vector<std::int64_t> sequences(static_cast<std::size_t>(agents), 0);
  for (int round = 0; round < rounds; ++round) {
    clock.advance(std::chrono::minutes(5));
    // The wire text of each Agent's batches, made before the clock starts: the Agents' work.
    // Agent a delivers devices a, a + agents, a + 2 * agents, ...
    std::vector<std::vector<std::string>> texts(static_cast<std::size_t>(agents));
    std::size_t bytes = 0;
    for (int a = 0; a < agents; ++a) {
      auto& sequence = sequences[static_cast<std::size_t>(a)];
      proto::OutboxBatch body{"b" + std::to_string(a), 0, {}};
      const auto flush = [&] {
        texts[static_cast<std::size_t>(a)].push_back(proto::toJson(body).dump());
        bytes += texts[static_cast<std::size_t>(a)].back().size();
        body.records.clear();
      };
      for (int i = a; i < devices; i += agents) {
        const proto::MonitorReadingRecord record{round + 1, toUnixSeconds(clock.now()),
                                                 reading(i + 1, round)};
        body.records.push_back({++sequence, proto::kMonitorReadingKind, proto::toJson(record)});
        if (static_cast<int>(body.records.size()) == batch) flush();
      }
      if (!body.records.empty()) flush();
    }
    std::printf("round %d: %zu bytes of wire JSON per device\n", round + 1,
                bytes / static_cast<std::size_t>(devices));

    // Each Agent's thread: parse its batches as the Agent channel does, then ingest them.
    std::vector<Seconds> parse(static_cast<std::size_t>(agents), Seconds{0});
    std::vector<std::int64_t> stored(static_cast<std::size_t>(agents), 0);
    const auto start = std::chrono::steady_clock::now();
    const auto cpu_start = std::clock();  // process CPU time: what a busy machine cannot blur
    {
      std::vector<std::jthread> threads;
      for (std::size_t a = 0; a < static_cast<std::size_t>(agents); ++a) {
        threads.emplace_back([&, a] {
          for (const auto& text : texts[a]) {
            const auto parse_start = std::chrono::steady_clock::now();
            const auto body = proto::parseOutboxBatch(std::move(*proto::parseJsonText(text)));
            parse[a] += std::chrono::steady_clock::now() - parse_start;
            stored[a] += outbox.ingest(agent_ids[a], *body.value).ack.stored;
          }
        });
      }
    }
    const Seconds total = std::chrono::steady_clock::now() - start;
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    Seconds parse_sum{0};
    std::int64_t stored_sum = 0;
    for (std::size_t a = 0; a < static_cast<std::size_t>(agents); ++a) {
      parse_sum += parse[a];
      stored_sum += stored[a];
    }
    std::printf(
        "round %d: %lld devices in %.2f s = %.0f devices/s; %.2f CPU s = %.0f devices per CPU "
        "second (thread time: batch parse %.2f s, ingest incl. lock waits %.2f s)\n",
        round + 1, static_cast<long long>(stored_sum), total.count(),
        static_cast<double>(stored_sum) / total.count(), cpu, static_cast<double>(stored_sum) / cpu,
        parse_sum.count(), total.count() * agents - parse_sum.count());
    std::fflush(stdout);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
