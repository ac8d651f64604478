#pragma once
// The Agent's handler for the "monitor" command (payload and result data: proto/agent/v1):
// reads status, supplies and counters of registered devices through a device driver and turns
// each DeviceReading into its wire form.
#include <span>
#include <string>

#include "agent/core/command_executor.hpp"
#include "agent/driver/device_driver.hpp"
#include "agent/monitor/monitor.hpp"
#include "common/core/clock.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::agent::monitor {

/// Polls the payload's devices with `device_driver` (the SNMP driver: the payload carries SNMP
/// credentials), reports progress about once a second (found = devices that answered) and
/// blocks until done. Never throws: an invalid payload gives a failed result with code
/// "invalid_payload", any other failure "monitor_failed". Per-device failures are part of the
/// succeeded result.
proto::CommandResult runMonitorCommand(const proto::Command& command,
                                       driver::DeviceDriver& device_driver, const Clock& clock,
                                       const ProgressSink& progress);

/// The wire form of a reading with only the asked parts ("status", "supplies", "counters");
/// device text is cut to the wire's field limits.
proto::ReadingData toWire(const DeviceReading& reading, std::span<const std::string> parts);

}  // namespace pw::agent::monitor
