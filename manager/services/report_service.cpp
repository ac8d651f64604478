#include "manager/services/report_service.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "manager/services/monitoring_service.hpp"
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

// The device's columns, header and cells.
exchange::TableRow deviceHeader(const Words& words) {
  return {words("report.column.device"), words("report.column.model"),
          words("report.column.serial"), words("report.column.ipAddress"),
          words("report.column.region")};
}

exchange::TableRow deviceColumns(const ReportDevice& device) {
  return {device.name, device.model, device.serial, device.ip_address, device.region};
}

std::string_view counterTitle(std::string_view name, const Words& words) {
  return words("counter." + std::string(name));
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

// The devices of one report with what their figures need: the region's name and the zone the
// periods are cut in (the server's without a region), each zone's rules worked out once.
class ReportService::Selection {
 public:
  Selection(DevicePage page, const std::vector<Region>& regions, const time::TimeZone& server,
            reports::LocalDate end, std::vector<reports::ReportPeriod> periods)
      : devices_(std::move(page.items)), server_(server), end_(end), periods_(std::move(periods)) {
    for (const auto& region : regions) regions_[region.id] = {region.name, region.time_zone};
    ids_.reserve(devices_.size());
    for (const auto& device : devices_) {
      by_id_[device.id] = &device;
      ids_.push_back(device.id);
    }
  }
  Selection(Selection&&) = default;

  const std::vector<Device>& devices() const { return devices_; }
  const std::vector<std::int64_t>& ids() const { return ids_; }
  const Device& device(std::int64_t id) const { return *by_id_.at(id); }
  reports::LocalDate end() const { return end_; }
  const std::vector<reports::ReportPeriod>& periods() const { return periods_; }

  ReportDevice describe(const Device& device) {
    ReportDevice out{device.id,         device.name, device.identity.model, device.identity.serial,
                     device.ip_address, {},          zoneOf(device).first};
    if (device.region_id) {
      if (const auto it = regions_.find(*device.region_id); it != regions_.end()) {
        out.region = it->second.first;
      }
    }
    return out;
  }

  const std::vector<Clock::TimePoint>& boundaries(const Device& device) {
    return zoneOf(device).second->boundaries;
  }

 private:
  struct Zone {
    std::unique_ptr<IanaZoneRules> rules;
    std::vector<Clock::TimePoint> boundaries;
  };

  std::pair<std::string, Zone*> zoneOf(const Device& device) {
    std::string name = server_.name();
    if (device.region_id) {
      const auto it = regions_.find(*device.region_id);
      if (it != regions_.end() && time::TimeZone::named(it->second.second)) {
        name = it->second.second;
      }
    }
    auto [it, added] = zones_.try_emplace(name);
    if (added) {
      it->second.rules = std::make_unique<IanaZoneRules>(
          name == server_.name() ? server_ : *time::TimeZone::named(name));
      it->second.boundaries = reports::periodBoundaries(periods_, *it->second.rules);
    }
    return {name, &it->second};
  }

  std::vector<Device> devices_;
  time::TimeZone server_;
  reports::LocalDate end_;
  std::vector<reports::ReportPeriod> periods_;
  std::map<std::int64_t, std::pair<std::string, std::string>> regions_;  // id -> name, zone
  std::map<std::int64_t, const Device*> by_id_;
  std::vector<std::int64_t> ids_;
  std::map<std::string, Zone> zones_;
};

ReportService::ReportService(DeviceStore& devices, RegionStore& regions,
                             MonitoringStore& monitoring, const Clock& clock,
                             time::TimeZone server_zone)
    : devices_(devices),
      regions_(regions),
      monitoring_(monitoring),
      clock_(clock),
      server_zone_(std::move(server_zone)) {}

Outcome<ReportService::Selection> ReportService::select(
    DeviceQuery query, const std::vector<std::int64_t>& only, reports::Period period,
    const std::optional<reports::LocalDate>& end, bool with_periods) {
  query.page = 1;
  query.page_size = 1;  // the list's page-size bound is checked on a one-device page
  if (auto reason = validateDeviceQuery(query); !reason.empty()) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input", reason};
  }
  query.page_size = kMaxReportDevices;
  auto page = devices_.listDevices(query);
  if (page.total > kMaxReportDevices) {
    return Problem{ErrorKind::kRejected, "report_too_large",
                   std::to_string(page.total) + " devices match; a report covers at most " +
                       std::to_string(kMaxReportDevices) + ", so narrow it with filters."};
  }
  if (!only.empty()) {
    const std::set<std::int64_t> wanted(only.begin(), only.end());
    std::erase_if(page.items, [&](const Device& d) { return !wanted.contains(d.id); });
  }
  const auto last = end.value_or(reports::localDateOf(clock_.now(), IanaZoneRules(server_zone_)));
  return Selection(
      std::move(page), regions_.listRegions(), server_zone_, last,
      with_periods ? reports::reportPeriods(period, last) : std::vector<reports::ReportPeriod>{});
}

Outcome<CounterReport> ReportService::counters(const CounterReportRequest& request) {
  const auto field = counterIndex(request.counter);
  if (!field) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input",
                   "counter must be one of total, black, colour, print, copy, scan, fax, large, "
                   "small, not \"" +
                       request.counter + "\""};
  }
  const bool lifetime = request.kind == CounterReportKind::kLifetime;
  auto selected =
      select(request.devices, request.only_devices, request.period, request.end, !lifetime);
  if (!selected) return selected.error();
  auto& selection = *selected;

  CounterReport report;
  report.kind = request.kind;
  report.period = request.period;
  report.counter = request.counter;
  report.end = selection.end();
  report.periods = selection.periods();

  if (lifetime) {
    for (const auto& [id, latest] : monitoring_.latestCounters(selection.ids())) {
      const auto& values = latest.counters.values;
      if (std::none_of(values.begin(), values.end(), [](const auto& v) { return v.has_value(); })) {
        continue;  // no normalized counter: the device's counters are not supported
      }
      CounterReportRow row;
      row.device = selection.describe(selection.device(id));
      row.values.assign(latest.counters.values.begin(), latest.counters.values.end());
      row.read_at = latest.read_at;
      report.rows.push_back(std::move(row));
    }
    return report;
  }
  if (selection.devices().empty()) return report;
  // The stored rows to read: from the earliest start to the latest end over the zones used.
  Clock::TimePoint first = Clock::TimePoint::max();
  Clock::TimePoint last = Clock::TimePoint::min();
  for (const auto& device : selection.devices()) {
    const auto& bounds = selection.boundaries(device);
    first = std::min(first, bounds.front());
    last = std::max(last, bounds.back());
  }

  std::vector<std::optional<std::int64_t>> fleet(report.periods.size());
  std::vector<std::vector<std::optional<std::int64_t>>> by_counter(
      kCounterFieldNames.size(), std::vector<std::optional<std::int64_t>>(report.periods.size()));
  std::vector<CounterReading> readings;
  monitoring_.counterHistories(
      selection.ids(), dayOf(first), dayOf(last),
      [&](std::int64_t id, const std::vector<DailyCounters>& rows) {
        const Device& device = selection.device(id);
        readings.clear();
        std::transform(rows.begin(), rows.end(), std::back_inserter(readings), toReading);
        const auto totals = reports::counterTotals(readings, selection.boundaries(device));
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
        row.device = selection.describe(device);
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

Outcome<StatusReport> ReportService::status(const StatusReportRequest& request) {
  auto selected = select(request.devices, request.only_devices, request.period, request.end, true);
  if (!selected) return selected.error();
  auto& selection = *selected;
  StatusReport report;
  report.period = request.period;
  report.end = selection.end();
  report.periods = selection.periods();
  report.fleet.resize(report.periods.size());
  const auto now = clock_.now();
  for (const auto& device : selection.devices()) {
    const auto& bounds = selection.boundaries(device);
    StatusReportRow row;
    row.device = selection.describe(device);
    row.periods = reports::statusTotals(
        monitoring_.statusEdges(device.id, bounds.front(), bounds.back()), bounds, now);
    for (std::size_t p = 0; p < row.periods.size(); ++p) {
      report.fleet[p].length += row.periods[p].length;
      for (std::size_t c = 0; c < reports::kStatusCategoryCount; ++c) {
        report.fleet[p].spent[c] += row.periods[p].spent[c];
      }
    }
    report.rows.push_back(std::move(row));
  }
  return report;
}

Outcome<SuppliesReport> ReportService::supplies(const SuppliesReportRequest& request) {
  if (request.low_percent < 1 || request.low_percent > 99) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input",
                   "lowPercent must be between 1 and 99"};
  }
  if (request.horizon_days < 1 || request.horizon_days > 366) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input",
                   "horizonDays must be between 1 and 366"};
  }
  auto selected =
      select(request.devices, request.only_devices, reports::Period::kDaily, std::nullopt, false);
  if (!selected) return selected.error();
  auto& selection = *selected;
  SuppliesReport report;
  report.low_percent = request.low_percent;
  report.horizon_days = request.horizon_days;
  const auto from_day = dayOf(clock_.now()) - MonitoringService::kRateWindowDays;
  for (const auto& device : selection.devices()) {
    const auto supplies = reports::currentSupplies(monitoring_.supplyLevels(device.id, from_day),
                                                   request.low_percent);
    if (supplies.empty()) continue;  // never read: nothing to show or order
    const auto described = selection.describe(device);
    for (const auto& supply : supplies) report.rows.push_back({described, supply});
    reports::addToOrderList(report.order, device.identity.model, supplies, request.horizon_days);
  }
  return report;
}

Outcome<FirmwareReport> ReportService::firmware(const DeviceQuery& devices,
                                                const std::vector<std::int64_t>& only_devices) {
  auto selected = select(devices, only_devices, reports::Period::kDaily, std::nullopt, false);
  if (!selected) return selected.error();
  auto& selection = *selected;
  std::map<std::pair<std::string, std::string>, std::vector<ReportDevice>> by_version;
  for (const auto& device : selection.devices()) {
    by_version[{device.identity.model, device.identity.firmware}].push_back(
        selection.describe(device));
  }
  FirmwareReport report;
  for (auto& [key, listed] : by_version) {
    report.lines.push_back({key.first, key.second, std::move(listed)});
  }
  return report;
}

Outcome<std::vector<std::string>> ReportService::deviceTypes(const DeviceQuery& devices) {
  auto selected = select(devices, {}, reports::Period::kDaily, std::nullopt, false);
  if (!selected) return selected.error();
  std::set<std::string> types;
  for (const auto& device : selected->devices()) {
    types.insert(device.device_type.empty() ? std::string(kDefaultDeviceType) : device.device_type);
  }
  return std::vector<std::string>(types.begin(), types.end());
}

std::vector<exchange::TableRow> counterReportTable(const CounterReport& report,
                                                   const Words& words) {
  using exchange::TableRow;
  const auto number = [](const std::optional<std::int64_t>& value) {
    return exchange::TableCell::integer(value);
  };
  const auto deviceCells = [](const CounterReportRow& row) { return deviceColumns(row.device); };
  std::vector<TableRow> table;
  TableRow header = report.kind == CounterReportKind::kByCounter
                        ? TableRow{words("report.column.counter")}
                        : deviceHeader(words);
  if (report.kind == CounterReportKind::kLifetime) {
    for (const auto name : kCounterFieldNames) header.emplace_back(counterTitle(name, words));
  } else {
    for (const auto& period : report.periods) header.emplace_back(period.label);
    header.emplace_back(words("report.column.total"));
  }
  table.push_back(std::move(header));
  for (const auto& row : report.rows) {
    auto cells = report.kind == CounterReportKind::kByCounter
                     ? TableRow{counterTitle(row.counter, words)}
                     : deviceCells(row);
    for (const auto& value : row.values) cells.push_back(number(value));
    if (report.kind != CounterReportKind::kLifetime) cells.push_back(number(row.total));
    table.push_back(std::move(cells));
  }
  if (report.kind == CounterReportKind::kByDevice && !report.rows.empty()) {
    TableRow cells = {words("report.allDevices"), "", "", "", ""};
    for (const auto& value : report.totals) cells.push_back(number(value));
    cells.push_back(number(sumOf(report.totals)));
    table.push_back(std::move(cells));
  }
  return table;
}

std::vector<exchange::TableRow> statusReportTable(const StatusReport& report, const Words& words) {
  using reports::StatusCategory;
  static constexpr std::array<StatusCategory, 7> kColumns = {
      StatusCategory::kServiceCall, StatusCategory::kError,   StatusCategory::kWarning,
      StatusCategory::kNormal,      StatusCategory::kUnknown, StatusCategory::kOffline,
      StatusCategory::kNoData};
  std::vector<exchange::TableRow> table;
  exchange::TableRow header = deviceHeader(words);
  header.emplace_back(words("report.column.period"));
  for (const auto category : kColumns) {
    const std::string name(words("status." + std::string(reports::toString(category))));
    header.emplace_back(words("report.column.share", {{"status", name}}));
  }
  table.push_back(std::move(header));
  const auto percent = [](double value) { return exchange::TableCell::decimal(value, 1); };
  for (const auto& row : report.rows) {
    for (std::size_t p = 0; p < row.periods.size(); ++p) {
      auto cells = deviceColumns(row.device);
      cells.push_back(report.periods[p].label);
      const auto& totals = row.periods[p];
      for (const auto category : kColumns) {
        cells.push_back(percent(reports::sharePercent(
            totals.spent[static_cast<std::size_t>(category)], totals.length)));
      }
      table.push_back(std::move(cells));
    }
  }
  return table;
}

std::vector<exchange::TableRow> suppliesReportTable(const SuppliesReport& report, bool order_list,
                                                    const Words& words) {
  std::vector<exchange::TableRow> table;
  if (order_list) {
    table.push_back({words("report.column.model"), words("report.column.supply"),
                     words("report.column.colorant"), words("report.column.devices"),
                     words("report.column.empty"), words("report.column.low"),
                     words("report.column.toOrder")});
    for (const auto& line : report.order) {
      using exchange::TableCell;
      table.push_back({line.model, line.description, line.colorant,
                       TableCell::integer(line.devices), TableCell::integer(line.empty),
                       TableCell::integer(line.low), TableCell::integer(line.to_order)});
    }
    return table;
  }
  exchange::TableRow header = deviceHeader(words);
  for (const auto title : {words("report.column.supply"), words("report.column.colorant"),
                           words("report.column.level"), words("report.column.state"),
                           words("report.column.condition"), words("report.column.daysToEmpty"),
                           words("report.column.order")}) {
    header.emplace_back(title);
  }
  table.push_back(std::move(header));
  for (const auto& row : report.rows) {
    auto cells = deviceColumns(row.device);
    const auto& supply = row.supply;
    cells.push_back(supply.level.description);
    cells.push_back(supply.level.colorant);
    cells.push_back(supply.level.percent ? exchange::TableCell::integer(*supply.level.percent)
                                         : exchange::TableCell());
    // The printer's RFC 3805 state in words; a state the catalogue does not know stays as is.
    const auto state_key = "supplyState." + supply.level.state;
    const auto state = words(state_key);
    cells.emplace_back(state == state_key ? std::string_view(supply.level.state) : state);
    cells.emplace_back(words("condition." + std::string(reports::toString(supply.condition))));
    cells.push_back(supply.days_to_empty ? exchange::TableCell::integer(static_cast<std::int64_t>(
                                               std::floor(*supply.days_to_empty)))
                                         : exchange::TableCell());
    cells.emplace_back(reports::needsOrder(supply, report.horizon_days) ? words("report.yes")
                                                                        : std::string_view());
    table.push_back(std::move(cells));
  }
  return table;
}

std::vector<exchange::TableRow> firmwareReportTable(const FirmwareReport& report,
                                                    const Words& words) {
  std::vector<exchange::TableRow> table = {
      {words("report.column.model"), words("report.column.firmware"),
       words("report.column.devices"), words("report.column.deviceNames")}};
  for (const auto& line : report.lines) {
    std::string names;
    for (const auto& device : line.devices) {
      if (!names.empty()) names += ", ";
      names += device.name.empty() ? device.ip_address : device.name;
    }
    table.push_back({line.model, line.firmware,
                     exchange::TableCell::integer(static_cast<std::int64_t>(line.devices.size())),
                     names});
  }
  return table;
}

std::string reportSheetName(std::string_view report, const Words& words) {
  return std::string(words("report.sheet." + std::string(report)));
}

}  // namespace pw::manager
