#pragma once
// The "restart-printers" task type (guide: Restart/Shut Down, L3487-L3521): restart or shut
// down the target printers through their Agents, by SNMP SET with each device's write
// credential (decision 0029). Parameters: {"kind": "restart" | "shutdown"}.
//
// One "reset-device" command per Agent (at most kMaxDevicesPerCommand devices each) carries its
// devices; the Agent answers per device and each target gets Success, Timeout (no answer),
// Authentication Error (SNMPv3 refused, authorizationError) or Error with the device's reason
// (noAccess, notWritable, notSupported for a shutdown...). Targets that cannot be sent (device
// gone, no Agent, Agent offline, no read-write credential) get Error at once with the reason.
// Thread-safe.
#include <chrono>

#include "common/core/clock.hpp"
#include "manager/core/command_queue.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/discovery_service.hpp"
#include "manager/services/task_engine.hpp"

namespace pw::manager {

struct DeviceResetSettings {
  std::chrono::seconds heartbeat_interval{30};  ///< the Agents' (offline after 3 missed)
  SnmpTransportSettings transport;
  std::chrono::seconds time_limit{120};  ///< for an Agent's answer to one command
};

class DeviceResetTaskType final : public TaskType {
 public:
  static constexpr std::size_t kMaxDevicesPerCommand = 1000;

  DeviceResetTaskType(DeviceStore& devices, AgentStore& agents, DiscoverySources& sources,
                      CommandQueue& commands, const Clock& clock,
                      DeviceResetSettings settings = {});

  [[nodiscard]] TaskTargetKind targetKind() const override { return TaskTargetKind::kDevice; }
  [[nodiscard]] std::optional<Problem> validate(const nlohmann::json& parameters) const override;
  void start(TaskStep step) override;

 private:
  DeviceStore& devices_;
  AgentStore& agents_;
  DiscoverySources& sources_;
  CommandQueue& commands_;
  const Clock& clock_;
  const DeviceResetSettings settings_;
};

}  // namespace pw::manager
