// pw_bench_outbox_append: how fast the Agent's outbox takes records under each sync policy
// (decision 0012), in a directory given on the command line (put it on the disk the Agent
// uses). Prints one JSON object; asserts nothing.
#include <CLI/CLI.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>

#include "agent/outbox/outbox.hpp"

int main(int argc, char** argv) {
  std::filesystem::path dir;
  int records = 50'000;
  int payload_bytes = 500;
  int batch = 1000;
  CLI::App app{"Outbox append rate under each sync policy"};
  app.add_option("--dir", dir, "Scratch directory (created, then removed)")->required();
  app.add_option("--records", records, "Records per policy");
  app.add_option("--payload-bytes", payload_bytes, "Payload size");
  app.add_option("--batch", batch, "Records read and acknowledged at a time (like the sender)");
  CLI11_PARSE(app, argc, argv);

  using Sync = pw::agent::OutboxSettings::Sync;
  const std::string payload(static_cast<std::size_t>(payload_bytes), 'x');
  std::cout << "{";
  for (const auto& [name, sync] :
       {std::pair{"beforeSend", Sync::kBeforeSend}, std::pair{"everyAppend", Sync::kEveryAppend}}) {
    std::filesystem::remove_all(dir);
    pw::agent::OutboxSettings settings;
    settings.sync = sync;
    pw::agent::Outbox outbox(dir, settings);
    const int count = sync == Sync::kEveryAppend ? records / 10 : records;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 1; i <= count; ++i) {
      if (!outbox.append("device-reading", payload)) return 1;
      if (i % batch == 0) {
        const auto read = outbox.peek(static_cast<std::size_t>(batch), 4u << 20);
        if (!read || read->empty() || !outbox.acknowledge(read->back().sequence)) return 1;
      }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << (sync == Sync::kBeforeSend ? "" : ", ") << "\"" << name
              << "\": {\"records\": " << count << ", \"seconds\": " << seconds
              << ", \"recordsPerSecond\": " << static_cast<long>(count / seconds) << "}";
  }
  std::cout << "}\n";
  std::filesystem::remove_all(dir);
  return 0;
}
