#pragma once
// The Agent's handler for the "discover" command (payload and result data: proto/agent/v1).
#include "agent/snmp/engine.hpp"
#include "common/core/clock.hpp"
#include "proto/cpp/agent_messages.hpp"

namespace pw::agent::discovery {

/// Runs the sweep the command asks for and blocks until it is done. Never throws: an invalid
/// payload gives a failed result with code "invalid_payload", any other failure
/// "discovery_failed". Call from one thread at a time per engine sweep.
proto::CommandResult runDiscoverCommand(const proto::Command& command, snmp::SnmpEngine& engine,
                                        const Clock& clock);

}  // namespace pw::agent::discovery
