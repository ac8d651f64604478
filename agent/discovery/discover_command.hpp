#pragma once
// The Agent's handler for the "discover" command (payload and result data: proto/agent/v1).
#include <span>

#include "agent/core/command_executor.hpp"
#include "agent/driver/device_driver.hpp"
#include "common/core/clock.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::agent::discovery {

/// Resolves the payload's host names, asks each driver in turn about the endpoints no earlier
/// driver found, reports progress about once a second, and blocks until done. Never throws: an
/// invalid payload gives a failed result with code "invalid_payload", any other failure
/// "discovery_failed".
proto::CommandResult runDiscoverCommand(const proto::Command& command,
                                        std::span<driver::DeviceDriver* const> drivers,
                                        const Clock& clock, const ProgressSink& progress);

}  // namespace pw::agent::discovery
