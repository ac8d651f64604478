#pragma once
// Shared by the poller tests: a blocking poll, the recordings in the simulator's order.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include "agent/identify/identify.hpp"
#include "agent/identify/snmprec.hpp"
#include "agent/monitor/poller.hpp"

namespace pw::agent::monitor::testing {

/// Runs one poll to completion. Empty when it did not complete within `guard` (a hang guard
/// for a broken engine, not a speed check).
inline std::vector<DevicePoll> pollNow(Poller& poller, PollRequest request,
                                       std::chrono::seconds guard = std::chrono::seconds(120)) {
  auto promise = std::make_shared<std::promise<std::vector<DevicePoll>>>();
  auto future = promise->get_future();
  poller.start(std::move(request), {},
               [promise](std::vector<DevicePoll> polls) { promise->set_value(std::move(polls)); });
  if (future.wait_for(guard) != std::future_status::ready) return {};
  return future.get();
}

struct Recording {
  std::string name;  ///< file name without .snmprec
  identify::OidValues values;
  std::string vendor;
};

/// Every development recording, sorted by file name (printwarden-sim's device order).
inline std::vector<Recording> recordings(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".snmprec") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  const identify::Identifier identifier;
  std::vector<Recording> out;
  for (const auto& file : files) {
    Recording recording;
    recording.name = file.stem().string();
    recording.values = identify::SnmprecFile::load(file).values();
    recording.vendor = identifier.identify(recording.values).vendor;
    out.push_back(std::move(recording));
  }
  return out;
}

}  // namespace pw::agent::monitor::testing
