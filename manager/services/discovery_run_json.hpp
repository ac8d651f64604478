#pragma once
// A discovery run as JSON: the REST API's shape (proto/openapi.json, "DiscoveryRun") and the
// stored form (discovery_runs.body) are the same document, so a run reads back exactly as it
// was answered. Times are Unix seconds in storage and ISO-8601 in the API: `TimeFormat` picks.
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "manager/core/discovery_run.hpp"

namespace pw::manager {

using TimeFormat = std::function<nlohmann::json(Clock::TimePoint)>;

nlohmann::json toJson(const DiscoveryRun& run, const TimeFormat& time);
/// The stored form (times as Unix seconds).
std::string toStoredJson(const DiscoveryRun& run);
/// Reads the stored form; nullopt when it is not a run (a damaged row).
std::optional<DiscoveryRun> discoveryRunFromStoredJson(const std::string& text);

}  // namespace pw::manager
