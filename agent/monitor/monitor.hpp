#pragma once
// MonitorReader: everything the monitoring task reports about one printer, read from the
// OID -> value pairs an Agent fetched (pure), and the list of OIDs to fetch.
//
// Thread safety: a MonitorReader is immutable after construction; read() and
// monitoringOids() may be called from any number of threads at once.
#include <string_view>
#include <vector>

#include "agent/identify/identify.hpp"
#include "agent/identify/snmp_value.hpp"
#include "agent/monitor/counters.hpp"
#include "agent/monitor/status.hpp"
#include "agent/monitor/supplies.hpp"

namespace pw::agent::monitor {

/// What a poll reads, as the monitor command's parts name them. The default is what Monitor
/// Printers and Retrieve Counter Information need together; identity is asked for by Retrieve
/// Printer Information only (it costs a few GETs of vendor OIDs).
struct Parts {
  bool status = true;     ///< status, alerts and the interface MAC addresses
  bool supplies = true;   ///< supplies, colorants, input trays, output bins
  bool counters = true;   ///< prtMarkerTable and the vendor counters
  bool identity = false;  ///< what discovery identifies (identify::Identifier)

  bool operator==(const Parts&) const = default;
};

struct DeviceReading {
  StatusReading status;
  /// identify::interfaceMacs(): the MAC addresses the device answers with (status part);
  /// empty when it exposes none. The Manager compares them with the registered one.
  std::vector<std::string> macs;
  std::vector<Supply> supplies;
  std::vector<InputTray> input_trays;
  std::vector<OutputBin> output_bins;
  CounterReading counters;
  /// sysUpTime.0 in hundredths of a second (alerts' prtAlertTime is on this clock).
  std::optional<std::uint32_t> uptime_ticks;
  /// Set when the identity part was asked: the same Identifier discovery runs.
  std::optional<identify::DeviceIdentity> identity;

  bool operator==(const DeviceReading&) const = default;
};

class MonitorReader {
 public:
  /// Uses the counter tables compiled into the library.
  MonitorReader();
  explicit MonitorReader(CounterTable counters);

  /// `vendor` is identify's vendor display name ("" when unknown: generic counters only).
  /// The identity is computed only when `parts.identity`; the other parts are read from
  /// whatever `values` hold. Never throws on device data.
  [[nodiscard]] DeviceReading read(const identify::OidValues& values, std::string_view vendor,
                                   const Parts& parts = {}) const;

  /// What to read for `parts`: scalars to GET (sysUpTime first; the counter instances of
  /// `vendor` and the generic table; the identification OIDs) and subtrees to walk (status:
  /// hrDeviceStatus, hrPrinterTable, prtAlertTable, ifPhysAddress; supplies: the supplies,
  /// colorant, input and output tables; counters: prtMarkerTable). Missing objects are fine.
  [[nodiscard]] identify::OidRequest monitoringOids(std::string_view vendor,
                                                    const Parts& parts = {}) const;

 private:
  CounterTable counters_;
  identify::Identifier identifier_;
};

}  // namespace pw::agent::monitor
