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

struct DeviceReading {
  StatusReading status;
  std::vector<Supply> supplies;
  std::vector<InputTray> input_trays;
  std::vector<OutputBin> output_bins;
  CounterReading counters;
  /// sysUpTime.0 in hundredths of a second (alerts' prtAlertTime is on this clock).
  std::optional<std::uint32_t> uptime_ticks;

  bool operator==(const DeviceReading&) const = default;
};

class MonitorReader {
 public:
  /// Uses the counter tables compiled into the library.
  MonitorReader();
  explicit MonitorReader(CounterTable counters);

  /// `vendor` is identify's vendor display name ("" when unknown: generic counters only).
  /// Never throws on device data.
  [[nodiscard]] DeviceReading read(const identify::OidValues& values,
                                   std::string_view vendor) const;

  /// Scalars to GET (sysUpTime first, then the counter instances of `vendor` and the generic
  /// table) and subtrees to walk (hrDeviceStatus, hrPrinterTable, the Printer-MIB marker,
  /// supplies, colorant, input, output and alert tables). Missing objects are fine.
  [[nodiscard]] identify::OidRequest monitoringOids(std::string_view vendor) const;

 private:
  CounterTable counters_;
};

}  // namespace pw::agent::monitor
