#pragma once
// The SNMP device driver: discovery sweeps on the Agent's shared SnmpEngine (DiscoverySweep),
// trying the Manager's SNMP credentials in order, and monitoring polls (monitor::Poller) with
// the credential each device answered at discovery, the function checks, identity writes and
// restarts.
// Thread-safe; see driver::DeviceDriver.
#include <memory>

#include "agent/discovery/discovery.hpp"
#include "agent/driver/device_driver.hpp"
#include "agent/monitor/poller.hpp"
#include "agent/snmp/engine.hpp"

namespace pw::agent::discovery {

/// The access profiles (engine targets without an address) for the credentials, in order.
/// Credentials this Agent cannot use are left out and named in `skipped`.
std::vector<AccessProfile> accessProfiles(const std::vector<proto::SnmpCredentialData>& credentials,
                                          const driver::Transport& transport,
                                          std::vector<std::string>& skipped);

class SnmpDriver final : public driver::DeviceDriver {
 public:
  /// `engine` must outlive every discovery started here.
  explicit SnmpDriver(snmp::SnmpEngine& engine,
                      identify::Identifier identifier = identify::Identifier());

  [[nodiscard]] std::string_view protocol() const override { return "snmp"; }
  void discover(driver::DiscoverRequest request,
                std::function<void(const driver::DiscoverProgress&)> progress,
                std::function<void(driver::DiscoverResult)> done) override;
  void monitor(driver::MonitorRequest request,
               std::function<void(const driver::MonitorProgress&)> progress,
               std::function<void(driver::MonitorResult)> done) override;
  /// Device settings: supported when the device's credential may write — sysContact is read
  /// and written back unchanged (a refusal or a silent write: not supported). Address book:
  /// SNMP has no address-book objects, so not supported on any device that answers. A device
  /// that does not answer the read is unknown for both.
  void checkFunctions(driver::CheckFunctionsRequest request,
                      std::function<void(driver::CheckFunctionsResult)> done) override;
  /// sysName, sysLocation, sysContact: one SetRequest per field, all at once. A refusal gives
  /// the error-status the device answered; no answer gives "timeout" (snmpd, like many
  /// printers, drops a write with a read-only community without a word).
  void setIdentity(driver::SetIdentityRequest request,
                   std::function<void(std::vector<proto::IdentityWriteData>)> done) override;
  /// Restart: one SetRequest prtGeneralReset.1 = powerCycleReset(4) per device (Printer-MIB,
  /// RFC 3805), all at once. Shutdown: Printer-MIB has no power-off value and a restart or a
  /// reset to NVRAM would not be one, so every device is refused with "notSupported" and
  /// nothing is sent (decision 0029).
  void reset(driver::ResetRequest request,
             std::function<void(std::vector<driver::ResetOutcome>)> done) override;

 private:
  snmp::SnmpEngine& engine_;
  DiscoverySweep sweep_;
  monitor::Poller poller_;
};

}  // namespace pw::agent::discovery
