#pragma once
// The reports (issue 8, decision 0030): the devices a caller may see and asks for (the device
// list's filters, groups and regions), their stored readings, each device's region time zone
// (the server's when it has no region), and the arithmetic of manager/reports. Answers the
// figures for the console and the same figures as a table for the exports. Thread-safe (the
// stores are; nothing is cached).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/core/clock.hpp"
#include "common/time/time_zone.hpp"
#include "manager/core/device.hpp"
#include "manager/core/storage.hpp"
#include "manager/core/text_catalogue.hpp"
#include "manager/exchange/table_export.hpp"
#include "manager/reports/counters_report.hpp"
#include "manager/reports/status_report.hpp"
#include "manager/reports/supplies_report.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// By device: one counter per device and period. By counter: each counter summed over the
/// devices, per period. Lifetime: each counter's current value per device (its whole life).
enum class CounterReportKind { kByDevice, kByCounter, kLifetime };
const char* toString(CounterReportKind kind);  ///< "byDevice", "byCounter", "lifetime"
std::optional<CounterReportKind> counterReportKindFromString(std::string_view text);

struct CounterReportRequest {
  CounterReportKind kind = CounterReportKind::kByDevice;
  reports::Period period = reports::Period::kDaily;
  /// The day the last period holds; empty: today in the server's zone.
  std::optional<reports::LocalDate> end;
  std::string counter = "total";  ///< kByDevice: one of kCounterFieldNames
  /// Which devices: the device list's filters, groups and the caller's scope (paging ignored).
  DeviceQuery devices;
  /// Not empty: only these of them (a Send Report task's resolved targets).
  std::vector<std::int64_t> only_devices;
};

/// The device a report row is about, as the report shows it.
struct ReportDevice {
  std::int64_t id = 0;  ///< 0: not a device's row (by counter)
  std::string name;
  std::string model;
  std::string serial;
  std::string ip_address;
  std::string region;     ///< the region's name, empty outside every region
  std::string time_zone;  ///< the zone its periods were cut in
};

struct CounterReportRow {
  ReportDevice device;
  std::string counter;  ///< by counter: the counter's name
  /// By device and by counter: one value per period; lifetime: one per counter field
  /// (kCounterFieldNames order). Empty: no figure.
  std::vector<std::optional<std::int64_t>> values;
  std::optional<std::int64_t> total;        ///< the sum of the values (not for lifetime)
  std::optional<Clock::TimePoint> read_at;  ///< lifetime: when the values were read
  int resets = 0;
  int replacements = 0;
};

struct CounterReport {
  CounterReportKind kind = CounterReportKind::kByDevice;
  reports::Period period = reports::Period::kDaily;
  reports::LocalDate end;
  std::string counter;
  std::vector<reports::ReportPeriod> periods;  ///< empty for lifetime
  std::vector<CounterReportRow> rows;
  /// By device: the sum over the devices per period; empty otherwise.
  std::vector<std::optional<std::int64_t>> totals;
};

/// Which periods and devices a status report covers.
struct StatusReportRequest {
  reports::Period period = reports::Period::kDaily;
  std::optional<reports::LocalDate> end;  ///< empty: today in the server's zone
  DeviceQuery devices;
  std::vector<std::int64_t> only_devices;  ///< not empty: only these of them
};

struct StatusReportRow {
  ReportDevice device;
  std::vector<reports::StatusPeriodTotals> periods;  ///< one per report period
};

struct StatusReport {
  reports::Period period = reports::Period::kDaily;
  reports::LocalDate end;
  std::vector<reports::ReportPeriod> periods;
  std::vector<StatusReportRow> rows;
  /// Per period, the devices' time added up (the fleet view's shares are spent / length).
  std::vector<reports::StatusPeriodTotals> fleet;
};

struct SuppliesReportRequest {
  int low_percent = 10;   ///< a level at most this is low (1..99)
  int horizon_days = 30;  ///< order what is empty or expected empty within this (1..366)
  DeviceQuery devices;
  std::vector<std::int64_t> only_devices;  ///< not empty: only these of them
};

struct SupplyReportRow {
  ReportDevice device;
  reports::CurrentSupply supply;
};

struct SuppliesReport {
  int low_percent = 10;
  int horizon_days = 30;
  std::vector<SupplyReportRow> rows;            ///< by device, then supply index
  std::vector<reports::SupplyOrderLine> order;  ///< by model, supply, colorant
};

/// Devices of one model running one firmware version.
struct FirmwareLine {
  std::string model;
  std::string firmware;  ///< empty: not known
  std::vector<ReportDevice> devices;
};

struct FirmwareReport {
  std::vector<FirmwareLine> lines;  ///< by model, then version
};

class ReportService {
 public:
  /// A report covers at most this many devices (as an export does).
  static constexpr int kMaxReportDevices = 50'000;

  ReportService(DeviceStore& devices, RegionStore& regions, MonitoringStore& monitoring,
                const Clock& clock, time::TimeZone server_zone);

  /// invalid_input for a bad filter or counter; rejected (report_too_large) beyond
  /// kMaxReportDevices devices. Devices without any counter reading are left out.
  Outcome<CounterReport> counters(const CounterReportRequest& request);

  /// Time in each status per device and period, from the status edges; every selected device
  /// is listed (one never polled is all "no data"). Errors as counters().
  Outcome<StatusReport> status(const StatusReportRequest& request);

  /// Each supply's current level, condition and forecast per device (from the level history
  /// of the last MonitoringService::kRateWindowDays), and the order list. invalid_input for a
  /// threshold or horizon out of range.
  Outcome<SuppliesReport> supplies(const SuppliesReportRequest& request);

  /// Firmware versions per model, with their devices (from the registry).
  Outcome<FirmwareReport> firmware(const DeviceQuery& devices,
                                   const std::vector<std::int64_t>& only_devices = {});

  /// The device types (categories) of the devices the query selects, sorted, a device without
  /// one counted as kDefaultDeviceType: the choices of the reports' device type filter.
  Outcome<std::vector<std::string>> deviceTypes(const DeviceQuery& devices);

 private:
  class Selection;
  Outcome<Selection> select(DeviceQuery query, const std::vector<std::int64_t>& only,
                            reports::Period period, const std::optional<reports::LocalDate>& end,
                            bool with_periods);

  DeviceStore& devices_;
  RegionStore& regions_;
  MonitoringStore& monitoring_;
  const Clock& clock_;
  time::TimeZone server_zone_;
};

/// The report as the console shows it, as rows for exchange::exportTable: the header first,
/// then one row per device or counter (by device: an "All devices" row last). Headers and
/// words such as status names are in `words`' language; figures are number cells.
std::vector<exchange::TableRow> counterReportTable(const CounterReport& report, const Words& words);
/// One row per device and period: the device, the period and the share of each status in %.
std::vector<exchange::TableRow> statusReportTable(const StatusReport& report, const Words& words);
/// One row per device and supply; with `order_list`, one row per line of the order list.
std::vector<exchange::TableRow> suppliesReportTable(const SuppliesReport& report, bool order_list,
                                                    const Words& words);
/// One row per model and version: the number of devices and their names.
std::vector<exchange::TableRow> firmwareReportTable(const FirmwareReport& report,
                                                    const Words& words);
/// The worksheet's name of a report ("counters", "status", "supplies", "firmware").
std::string reportSheetName(std::string_view report, const Words& words);

}  // namespace pw::manager
