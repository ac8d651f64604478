#pragma once
// Monitoring on the Manager: asks an Agent to read devices ("monitor" command), stores what
// comes back (current status, supplies, counters and their history, see
// manager/core/monitoring.hpp) and answers the console's questions about it. Also the
// retention settings and the purge of old history. Thread-safe.
//
// Readings arrive only through the Agents' outboxes (decision 0012): one "monitor-reading"
// record per device, stored by MonitorReadingSink inside the outbox batch's transaction. The
// "monitor" command's own result is a summary (counts, the records' sequences).
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/core/clock.hpp"
#include "manager/core/command_queue.hpp"
#include "manager/core/monitoring.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/discovery_service.hpp"
#include "manager/services/ingest_sinks.hpp"
#include "manager/services/problem.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::manager {

struct PollStarted {
  std::int64_t command_id = 0;
  std::vector<std::int64_t> device_ids;  ///< the devices asked
  /// Devices left out, with why: not_found, not_managed, other_agent, never_reached, ...
  std::vector<std::pair<std::int64_t, std::string>> skipped;
};

struct SuppliesView {
  std::string body_json;  ///< {items, inputTrays, outputBins} as the Agent sent them
  Clock::TimePoint read_at;
  std::map<std::string, std::optional<double>> days_to_empty;  ///< by supply index
};

struct CountersView {
  std::optional<std::string> latest_json;  ///< {markers, vendor, normalized, profile}
  std::optional<Clock::TimePoint> read_at;
  std::vector<DailyCounters> daily;  ///< oldest first
  std::vector<DailyUsage> usage;     ///< per daily entry
};

class MonitoringService {
 public:
  static constexpr const char* kRetentionKey = "monitoring.retention";
  /// How far back the supply history goes for days-to-empty.
  static constexpr int kRateWindowDays = 60;

  /// Where problems with results that cannot be stored go (a logger in the composition root).
  using Warn = std::function<void(const std::string&)>;

  MonitoringService(AgentStore& agents, DeviceStore& devices, MonitoringStore& store,
                    SettingsStore& settings, CommandQueue& commands, DiscoverySources& sources,
                    const Clock& clock, SnmpTransportSettings transport = {}, Warn warn = {});

  /// Sends the Agent a "monitor" command for the devices (`parts` from proto::kMonitorParts);
  /// the readings come back through the Agent's outbox (MonitorReadingSink). Devices the Agent
  /// cannot poll are skipped with the reason. invalid_input (parts, no devices), not_found (Agent),
  /// conflict (agent_not_active; nothing_to_poll when every device was skipped).
  Outcome<PollStarted> startPoll(std::int64_t agent_id, const std::vector<std::int64_t>& device_ids,
                                 const std::vector<std::string>& parts);
  /// Polls one device now, every part, through its Agent. conflict no_agent when it has none.
  Outcome<PollStarted> refresh(std::int64_t device_id);

  /// Sends the Agent a "check-functions" command for the devices (function_check.cpp) and
  /// stores what it concludes; devices are skipped as for startPoll.
  Outcome<PollStarted> startFunctionCheck(std::int64_t agent_id,
                                          const std::vector<std::int64_t>& device_ids,
                                          const std::vector<std::string>& functions);
  /// What the checks concluded about the device's functions. not_found for an unknown device.
  Outcome<std::vector<FunctionSupport>> functionSupport(std::int64_t device_id);
  /// The devices found to support the function (the checks skip them).
  std::set<std::int64_t> devicesSupporting(const std::string& function);

  /// not_found for an unknown device; nullopt inside when it has not been polled yet.
  Outcome<std::optional<CurrentStatus>> status(std::int64_t device_id);
  Outcome<std::vector<StatusEdge>> statusHistory(std::int64_t device_id, Clock::TimePoint from,
                                                 Clock::TimePoint to);
  Outcome<std::optional<SuppliesView>> supplies(std::int64_t device_id);
  Outcome<CountersView> counters(std::int64_t device_id, std::int64_t from_day,
                                 std::int64_t to_day);
  /// For the device list: the devices that have been polled.
  std::map<std::int64_t, DeviceMonitoringSummary> summaries(const std::vector<std::int64_t>& ids);

  RetentionSettings retention();
  Outcome<RetentionSettings> setRetention(const RetentionSettings& settings);
  /// Deletes history older than the retention days. Run by the Manager's periodic loop.
  PurgeCounts purge();

  /// 30 s plus 1 s per 500 devices, at most 600 s.
  static std::chrono::seconds timeLimitFor(std::size_t devices);

 private:
  /// The devices and credentials a command to the Agent carries for `device_ids`, and the
  /// devices it leaves out (see startPoll). conflict nothing_to_poll when none is left.
  struct Targets {
    std::vector<proto::MonitorTargetData> devices;
    std::vector<proto::SnmpCredentialData> credentials;
    PollStarted started;
  };
  Outcome<Targets> targetsFor(std::int64_t agent_id, const std::vector<std::int64_t>& device_ids);
  /// Completes `payload` with the targets and the transport settings and sends it to the Agent
  /// as a `kind` command ("monitor", "check-functions"); `on_outcome` gets the result.
  template <typename Payload>
  PollStarted issue(std::int64_t agent_id, const char* kind, Payload payload, Targets targets,
                    CommandQueue::Completion on_outcome) {
    payload.timeout_ms = transport_.timeout_ms;
    payload.retries = transport_.retries;
    payload.devices = std::move(targets.devices);
    payload.credentials = std::move(targets.credentials);
    targets.started.command_id =
        commands_.issue(agent_id, kind, proto::toJson(payload).dump(),
                        timeLimitFor(payload.devices.size()), std::move(on_outcome));
    return std::move(targets.started);
  }
  void onOutcome(std::int64_t agent_id, const CommandOutcome& outcome);
  void onFunctionCheckOutcome(std::int64_t agent_id, const CommandOutcome& outcome);
  Outcome<bool> deviceExists(std::int64_t device_id);

  AgentStore& agents_;
  DeviceStore& devices_;
  MonitoringStore& store_;
  SettingsStore& settings_;
  CommandQueue& commands_;
  DiscoverySources& sources_;
  const Clock& clock_;
  const SnmpTransportSettings transport_;
  const Warn warn_;
};

/// The snapshot a device's wire reading becomes (pure; exposed for tests and the bench).
DeviceSnapshot snapshotOf(const proto::DeviceReadingData& reading, Clock::TimePoint read_at);
/// The registry update a wire identity part becomes (normalised; pure).
IdentityReading identityReadingOf(std::int64_t device_id, const proto::IdentityData& wire);

/// "monitor-reading" outbox records: one device's reading, made a snapshot before the lock
/// and stored through the batch's IngestWriter (the same storage code as
/// MonitoringStore::ingestSnapshots). The read time is the Agent's, so readings delivered after an
/// outage land where they belong in the history; a time ahead of the Manager's clock is taken as
/// now (a reading cannot come from the future). A reading of a device deleted meanwhile is accepted
/// and dropped.
class MonitorReadingSink final : public IngestSink {
 public:
  explicit MonitorReadingSink(const Clock& clock) : clock_(clock) {}
  IngestRecord read(std::int64_t agent_id, const proto::OutboxRecordData& record) override;

 private:
  const Clock& clock_;
};

}  // namespace pw::manager
