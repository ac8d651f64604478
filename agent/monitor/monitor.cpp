#include "agent/monitor/monitor.hpp"

#include <algorithm>
#include <utility>

#include "agent/monitor/mib_table.hpp"

namespace pw::agent::monitor {

namespace {

const std::string kSysUpTime = "1.3.6.1.2.1.1.3.0";

// Whole entries where most columns are read; single columns where the table is wider than
// what is used (hrDeviceTable, prtMarkerColorantTable, ifTable).
const std::vector<std::string> kStatusWalks = {
    "1.3.6.1.2.1.25.3.2.1.5",  // hrDeviceStatus
    "1.3.6.1.2.1.25.3.5.1",    // hrPrinterEntry: status, detected error state
    "1.3.6.1.2.1.43.18.1.1",   // prtAlertEntry
    // ifPhysAddress, for the Manager's conflict check: one GETBULK on v2c/v3 for up to 24
    // interfaces (a printer has one to three), interfaces + 1 GETNEXTs on v1.
    std::string(identify::kIfPhysAddressColumn),
};
const std::vector<std::string> kSuppliesWalks = {
    "1.3.6.1.2.1.43.11.1.1",    // prtMarkerSuppliesEntry
    "1.3.6.1.2.1.43.12.1.1.4",  // prtMarkerColorantValue
    "1.3.6.1.2.1.43.8.2.1",     // prtInputEntry
    "1.3.6.1.2.1.43.9.2.1",     // prtOutputEntry
};
const std::vector<std::string> kCountersWalks = {
    "1.3.6.1.2.1.43.10.2.1",  // prtMarkerEntry: counter unit, life and power-on counts
};

// Appends the items of `more` not yet in `to` (the identity part shares ifPhysAddress with
// the status part).
void addMissing(std::vector<std::string>& to, const std::vector<std::string>& more) {
  for (const auto& item : more) {
    if (std::find(to.begin(), to.end(), item) == to.end()) to.push_back(item);
  }
}

}  // namespace

MonitorReader::MonitorReader() : counters_(CounterTable::builtIn()) {}

MonitorReader::MonitorReader(CounterTable counters) : counters_(std::move(counters)) {}

DeviceReading MonitorReader::read(const identify::OidValues& values, std::string_view vendor,
                                  const Parts& parts) const {
  DeviceReading out;
  out.status = readStatus(values);
  out.macs = identify::interfaceMacs(values);
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
  if (parts.identity) out.identity = identifier_.identify(values);
  return out;
}

identify::OidRequest MonitorReader::monitoringOids(std::string_view vendor,
                                                   const Parts& parts) const {
  identify::OidRequest out;
  out.get.push_back(kSysUpTime);
  if (parts.status) addMissing(out.walk, kStatusWalks);
  if (parts.supplies) addMissing(out.walk, kSuppliesWalks);
  if (parts.counters) {
    addMissing(out.get, counterOids(vendor, counters_));
    addMissing(out.walk, kCountersWalks);
  }
  if (parts.identity) {
    const identify::OidRequest identity = identifier_.identificationOids();
    addMissing(out.get, identity.get);
    addMissing(out.walk, identity.walk);
  }
  return out;
}

}  // namespace pw::agent::monitor
