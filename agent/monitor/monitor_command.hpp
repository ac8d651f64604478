#pragma once
// The Agent's handler for the "monitor" command (payload and result data: proto/agent/v1):
// reads the asked parts (status, supplies, counters, identity) of registered devices through a
// device driver, turns each DeviceReading into its wire form and hands it to the Agent's
// durable outbox as a "monitor-reading" record. The readings travel only through the outbox (so a
// Manager that cannot be reached when the poll ends loses none, decision 0012); the command's
// result is the summary (counts and the records' sequences). Also the handler for the
// "check-functions" command (the function-check built-in tasks): which functions the driver
// can manage, for "set-identity" (an administrator's edit written back to the device) and for
// "reset-device" (the restart / shut down task).
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "agent/core/command_executor.hpp"
#include "agent/driver/device_driver.hpp"
#include "agent/monitor/monitor.hpp"
#include "common/core/clock.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::agent::monitor {

/// Where a reading goes: appends a record (kind, JSON payload) to the Agent's outbox and
/// returns its sequence, or nothing with `error` set when it could not be kept.
using RecordQueue = std::function<std::optional<std::uint64_t>(
    const char* kind, const std::string& payload, std::string& error)>;

/// Polls the payload's devices with `device_driver` (the SNMP driver: the payload carries SNMP
/// credentials), reports progress about once a second (found = devices that answered), queues
/// one "monitor-reading" record per device in payload order (read at the clock's time when
/// the poll ended) and answers a proto::MonitorSummary. Blocks until done. Never throws: an
/// invalid payload gives a failed result with code "invalid_payload", a record the queue
/// refuses "outbox_failed" (the message says how many were queued before), any other failure
/// "monitor_failed". Per-device failures are readings like the others.
proto::CommandResult runMonitorCommand(const proto::Command& command,
                                       driver::DeviceDriver& device_driver, const Clock& clock,
                                       const ProgressSink& progress, const RecordQueue& queue);

/// Probes the payload's devices with `device_driver` and blocks until done. Never throws: an
/// invalid payload gives a failed result with code "invalid_payload", any other failure
/// "check_failed".
proto::CommandResult runCheckFunctionsCommand(const proto::Command& command,
                                              driver::DeviceDriver& device_driver,
                                              const Clock& clock);

/// Writes the payload's identity fields to its device with `device_driver` and blocks until
/// done. Never throws: an invalid payload gives a failed result with code "invalid_payload";
/// a refused field is not a failure (it is in the result data, with its reason).
proto::CommandResult runSetIdentityCommand(const proto::Command& command,
                                           driver::DeviceDriver& device_driver, const Clock& clock);

/// Restarts or shuts down the payload's devices with `device_driver` and blocks until done.
/// Never throws: an invalid payload gives a failed result with code "invalid_payload"; a
/// device that refused is not a failure (it is in the result data, with its reason).
proto::CommandResult runResetDeviceCommand(const proto::Command& command,
                                           driver::DeviceDriver& device_driver, const Clock& clock);

/// The wire form of a reading with only the asked parts (proto::kMonitorParts);
/// device text is cut to the wire's field limits.
proto::ReadingData toWire(const DeviceReading& reading, std::span<const std::string> parts);

}  // namespace pw::agent::monitor
