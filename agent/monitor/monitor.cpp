#include "agent/monitor/monitor.hpp"

#include <utility>

#include "agent/monitor/mib_table.hpp"

namespace pw::agent::monitor {

namespace {

const std::string kSysUpTime = "1.3.6.1.2.1.1.3.0";

// Whole entries where most columns are read; single columns where the table is wider than
// what is used (hrDeviceTable, prtMarkerColorantTable).
const std::vector<std::string> kWalked = {
    "1.3.6.1.2.1.25.3.2.1.5",   // hrDeviceStatus
    "1.3.6.1.2.1.25.3.5.1",     // hrPrinterEntry: status, detected error state
    "1.3.6.1.2.1.43.10.2.1",    // prtMarkerEntry: counter unit, life and power-on counts
    "1.3.6.1.2.1.43.11.1.1",    // prtMarkerSuppliesEntry
    "1.3.6.1.2.1.43.12.1.1.4",  // prtMarkerColorantValue
    "1.3.6.1.2.1.43.8.2.1",     // prtInputEntry
    "1.3.6.1.2.1.43.9.2.1",     // prtOutputEntry
    "1.3.6.1.2.1.43.18.1.1",    // prtAlertEntry
};

}  // namespace

MonitorReader::MonitorReader() : counters_(CounterTable::builtIn()) {}

MonitorReader::MonitorReader(CounterTable counters) : counters_(std::move(counters)) {}

DeviceReading MonitorReader::read(const identify::OidValues& values,
                                  std::string_view vendor) const {
  DeviceReading out;
  out.status = readStatus(values);
  out.supplies = readSupplies(values);
  out.input_trays = readInputTrays(values);
  out.output_bins = readOutputBins(values);
  out.counters = readCounters(values, vendor, counters_);
  if (const auto it = values.find(kSysUpTime);
      it != values.end() && it->second.type == identify::SnmpType::kTimeTicks) {
    if (const auto ticks = integerValue(it->second);
        ticks && *ticks >= 0 && *ticks <= 0xffffffffLL) {
      out.uptime_ticks = static_cast<std::uint32_t>(*ticks);
    }
  }
  return out;
}

identify::OidRequest MonitorReader::monitoringOids(std::string_view vendor) const {
  identify::OidRequest out;
  out.get.push_back(kSysUpTime);
  for (std::string& oid : counterOids(vendor, counters_)) out.get.push_back(std::move(oid));
  out.walk = kWalked;
  return out;
}

}  // namespace pw::agent::monitor
