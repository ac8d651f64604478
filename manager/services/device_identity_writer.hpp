#pragma once
// Writes an administrator's name, location and contact edit to the printer itself: a
// "set-identity" command to the device's Agent, which sends one SNMP SET per field with the
// device's write credential (decision 0022). The console waits for the answer, so the
// command's time limit is short, and nothing is sent when the answer could not come: no Agent,
// an Agent that missed its heartbeats, no read-write credential. Thread-safe.
#include <chrono>

#include "common/core/clock.hpp"
#include "manager/core/command_queue.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/device_service.hpp"
#include "manager/services/discovery_service.hpp"

namespace pw::manager {

/// The credential a write to `device` uses among its Agent's read-write ones
/// (DiscoverySources::snmpWriteCredentialsFor): the device's own when it is among them, else
/// the first; nullptr when there is none.
const proto::SnmpCredentialData* writeCredentialOf(
    const Device& device, const std::vector<proto::SnmpCredentialData>& write_credentials);

struct IdentityWriteSettings {
  std::chrono::seconds heartbeat_interval{
      30};  ///< the Agents' (an Agent is offline after 3 missed)
  SnmpTransportSettings transport;
  std::chrono::seconds time_limit{20};  ///< for the Agent's answer
};

class AgentIdentityWriter final : public DeviceIdentityWriter {
 public:
  AgentIdentityWriter(AgentStore& agents, DiscoverySources& sources, CommandQueue& commands,
                      const Clock& clock, IdentityWriteSettings settings = {});

  /// The write credential is the device's own credential when it is read-write, else the
  /// first read-write SNMP credential of its Agent.
  void write(const Device& device, Values values, Done done) override;

 private:
  AgentStore& agents_;
  DiscoverySources& sources_;
  CommandQueue& commands_;
  const Clock& clock_;
  const IdentityWriteSettings settings_;
};

}  // namespace pw::manager
