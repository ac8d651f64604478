#include "manager/services/report_service.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <utility>

#include "manager/services/zone_rules.hpp"

namespace pw::manager {
namespace {

using reports::CounterReading;

std::optional<std::size_t> counterIndex(std::string_view name) {
  for (std::size_t i = 0; i < kCounterFieldNames.size(); ++i) {
    if (kCounterFieldNames[i] == name) return i;
  }
  return std::nullopt;
}

std::optional<std::int64_t> sumOf(const std::vector<std::optional<std::int64_t>>& values) {
  std::optional<std::int64_t> sum;
  for (const auto& value : values) {
    if (value) sum = sum.value_or(0) + *value;
  }
  return sum;
}

void addTo(std::optional<std::int64_t>& into, const std::optional<std::int64_t>& value) {
  if (value) into = into.value_or(0) + *value;
}

CounterReading toReading(const DailyCounters& row) {
  return {row.read_at, row.counters.values, row.serial};
}

// English names of the counters for the export's headers (the console translates its own).
std::string counterTitle(std::string_view name) {
  static const std::map<std::string_view, std::string> kTitles = {
      {"total", "Total"}, {"black", "Black & white"}, {"colour", "Colour"},
      {"print", "Print"}, {"copy", "Copy"},           {"scan", "Scan"},
      {"fax", "Fax"},     {"large", "Large paper"},   {"small", "Small paper"}};
  const auto it = kTitles.find(name);
  return it == kTitles.end() ? std::string(name) : it->second;
}

}  // namespace

const char* toString(CounterReportKind kind) {
  switch (kind) {
    case CounterReportKind::kByDevice: return "byDevice";
    case CounterReportKind::kByCounter: return "byCounter";
    case CounterReportKind::kLifetime: return "lifetime";
  }
  return "byDevice";
}

std::optional<CounterReportKind> counterReportKindFromString(std::string_view text) {
  for (const auto kind : {CounterReportKind::kByDevice, CounterReportKind::kByCounter,
                          CounterReportKind::kLifetime}) {
    if (text == toString(kind)) return kind;
  }
  return std::nullopt;
}

ReportService::ReportService(DeviceStore& devices, RegionStore& regions,
                             MonitoringStore& monitoring, const Clock& clock,
                             time::TimeZone server_zone)
    : devices_(devices),
      regions_(regions),
      monitoring_(monitoring),
      clock_(clock),
      server_zone_(std::move(server_zone)) {}

Outcome<CounterReport> ReportService::counters(const CounterReportRequest& request) {
  const auto field = counterIndex(request.counter);
  if (!field) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input",
                   "counter must be one of total, black, colour, print, copy, scan, fax, large, "
                   "small, not \"" +
                       request.counter + "\""};
  }
  auto query = request.devices;
  query.page = 1;
  query.page_size = 1;  // the list's page-size bound is checked on a one-device page
  if (auto reason = validateDeviceQuery(query); !reason.empty()) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input", reason};
  }
  query.page_size = kMaxReportDevices;
  const auto page = devices_.listDevices(query);
  if (page.total > kMaxReportDevices) {
    return Problem{ErrorKind::kRejected, "report_too_large",
                   std::to_string(page.total) + " devices match; a report covers at most " +
                       std::to_string(kMaxReportDevices) + ", so narrow it with filters."};
  }

  CounterReport report;
  report.kind = request.kind;
  report.period = request.period;
  report.counter = request.counter;
  const IanaZoneRules server_rules(server_zone_);
  report.end = request.end.value_or(reports::localDateOf(clock_.now(), server_rules));

  // Each device's region and zone; a zone's rules and period starts are worked out once.
  std::map<std::int64_t, std::pair<std::string, std::string>> region_of;  // id -> name, zone
  for (const auto& region : regions_.listRegions()) {
    region_of[region.id] = {region.name, region.time_zone};
  }
  struct Zone {
    std::unique_ptr<IanaZoneRules> rules;
    std::vector<Clock::TimePoint> boundaries;
  };
  std::map<std::string, Zone> zones;
  const auto zoneOf = [&](const Device& device) -> std::pair<const std::string*, Zone*> {
    std::string name = server_zone_.name();
    if (device.region_id) {
      const auto it = region_of.find(*device.region_id);
      if (it != region_of.end() && time::TimeZone::named(it->second.second)) {
        name = it->second.second;
      }
    }
    auto [it, added] = zones.try_emplace(name);
    if (added) {
      it->second.rules = std::make_unique<IanaZoneRules>(
          name == server_zone_.name() ? server_zone_ : *time::TimeZone::named(name));
      it->second.boundaries = reports::periodBoundaries(report.periods, *it->second.rules);
    }
    return {&it->first, &it->second};
  };
  const auto describe = [&](const Device& device, CounterReportRow& row) {
    row.device_id = device.id;
    row.device_name = device.name;
    row.model = device.identity.model;
    row.serial = device.identity.serial;
    row.ip_address = device.ip_address;
    if (device.region_id) {
      const auto it = region_of.find(*device.region_id);
      if (it != region_of.end()) row.region = it->second.first;
    }
    row.time_zone = *zoneOf(device).first;
  };

  std::map<std::int64_t, const Device*> by_id;
  std::vector<std::int64_t> ids;
  ids.reserve(page.items.size());
  for (const auto& device : page.items) {
    by_id[device.id] = &device;
    ids.push_back(device.id);
  }

  if (request.kind == CounterReportKind::kLifetime) {
    for (const auto& [id, latest] : monitoring_.latestCounters(ids)) {
      CounterReportRow row;
      describe(*by_id.at(id), row);
      row.values.assign(latest.counters.values.begin(), latest.counters.values.end());
      row.read_at = latest.read_at;
      report.rows.push_back(std::move(row));
    }
    return report;
  }

  report.periods = reports::reportPeriods(request.period, report.end);
  if (page.items.empty()) return report;
  // The stored rows to read: from the earliest start to the latest end over the zones used.
  Clock::TimePoint first = Clock::TimePoint::max();
  Clock::TimePoint last = Clock::TimePoint::min();
  for (const auto& device : page.items) {
    const auto& bounds = zoneOf(device).second->boundaries;
    first = std::min(first, bounds.front());
    last = std::max(last, bounds.back());
  }

  std::vector<std::optional<std::int64_t>> fleet(report.periods.size());
  std::vector<std::vector<std::optional<std::int64_t>>> by_counter(
      kCounterFieldNames.size(), std::vector<std::optional<std::int64_t>>(report.periods.size()));
  std::vector<CounterReading> readings;
  monitoring_.counterHistories(
      ids, dayOf(first), dayOf(last), [&](std::int64_t id, const std::vector<DailyCounters>& rows) {
        const Device& device = *by_id.at(id);
        readings.clear();
        std::transform(rows.begin(), rows.end(), std::back_inserter(readings), toReading);
        const auto totals = reports::counterTotals(readings, zoneOf(device).second->boundaries);
        if (request.kind == CounterReportKind::kByCounter) {
          for (std::size_t f = 0; f < kCounterFieldNames.size(); ++f) {
            for (std::size_t p = 0; p < totals.used.size(); ++p) {
              addTo(by_counter[f][p], totals.used[p][f]);
            }
          }
          return;
        }
        CounterReportRow row;
        row.values.reserve(totals.used.size());
        for (const auto& used : totals.used) row.values.push_back(used[*field]);
        if (std::none_of(row.values.begin(), row.values.end(),
                         [](const auto& v) { return v.has_value(); })) {
          return;  // no figure for this counter: the device does not report it
        }
        describe(device, row);
        row.total = sumOf(row.values);
        row.resets = totals.resets;
        row.replacements = totals.replacements;
        for (std::size_t p = 0; p < row.values.size(); ++p) addTo(fleet[p], row.values[p]);
        report.rows.push_back(std::move(row));
      });
  if (request.kind == CounterReportKind::kByCounter) {
    for (std::size_t f = 0; f < kCounterFieldNames.size(); ++f) {
      const auto total = sumOf(by_counter[f]);
      if (!total) continue;  // no device reports this counter
      CounterReportRow row;
      row.counter = std::string(kCounterFieldNames[f]);
      row.values = std::move(by_counter[f]);
      row.total = total;
      report.rows.push_back(std::move(row));
    }
  } else {
    report.totals = std::move(fleet);
  }
  return report;
}

std::vector<exchange::TableRow> counterReportTable(const CounterReport& report) {
  using exchange::TableRow;
  const auto number = [](const std::optional<std::int64_t>& value) {
    return value ? std::to_string(*value) : std::string();
  };
  const auto deviceCells = [](const CounterReportRow& row) {
    return TableRow{row.device_name, row.model, row.serial, row.ip_address, row.region};
  };
  std::vector<TableRow> table;
  TableRow header = report.kind == CounterReportKind::kByCounter
                        ? TableRow{"Counter"}
                        : TableRow{"Device", "Model", "Serial number", "IP address", "Region"};
  if (report.kind == CounterReportKind::kLifetime) {
    for (const auto name : kCounterFieldNames) header.push_back(counterTitle(name));
  } else {
    for (const auto& period : report.periods) header.push_back(period.label);
    header.emplace_back("Total");
  }
  table.push_back(std::move(header));
  for (const auto& row : report.rows) {
    auto cells = report.kind == CounterReportKind::kByCounter ? TableRow{counterTitle(row.counter)}
                                                              : deviceCells(row);
    for (const auto& value : row.values) cells.push_back(number(value));
    if (report.kind != CounterReportKind::kLifetime) cells.push_back(number(row.total));
    table.push_back(std::move(cells));
  }
  if (report.kind == CounterReportKind::kByDevice && !report.rows.empty()) {
    TableRow cells = {"All devices", "", "", "", ""};
    for (const auto& value : report.totals) cells.push_back(number(value));
    cells.push_back(number(sumOf(report.totals)));
    table.push_back(std::move(cells));
  }
  return table;
}

}  // namespace pw::manager
