// Reports (issue 8): the figures as JSON for the console and the same table as a file. The
// devices are chosen like the device list's (filter[...], filter[group], filter[region]) and
// limited to the caller's regions.
#include <charconv>
#include <cmath>
#include <string>
#include <variant>

#include "manager/api/device_query.hpp"
#include "manager/api/http_util.hpp"
#include "manager/api/routes.hpp"
#include "manager/core/text_catalogue.hpp"
#include "manager/services/report_service.hpp"

namespace pw::manager::api {
namespace {

using exchange::FileFormat;
using nlohmann::json;

json optionalNumbers(const std::vector<std::optional<std::int64_t>>& values) {
  json out = json::array();
  for (const auto& value : values) out.push_back(value ? json(*value) : json(nullptr));
  return out;
}

json deviceJson(const ReportDevice& device) {
  return {{"deviceId", device.id},          {"name", device.name},
          {"model", device.model},          {"serial", device.serial},
          {"ipAddress", device.ip_address}, {"region", device.region},
          {"timeZone", device.time_zone}};
}

json periodsJson(const std::vector<reports::ReportPeriod>& periods) {
  json out = json::array();
  for (const auto& period : periods) {
    out.push_back({{"label", period.label},
                   {"from", reports::toString(period.first)},
                   {"to", reports::toString(period.next)}});
  }
  return out;
}

// {"serviceCall": 12.5, ..., "noData": 0, "hours": 24}: shares of the period in percent.
json sharesJson(const reports::StatusPeriodTotals& totals) {
  json out = json::object();
  for (std::size_t c = 0; c < reports::kStatusCategoryCount; ++c) {
    out[std::string(reports::toString(static_cast<reports::StatusCategory>(c)))] =
        reports::sharePercent(totals.spent[c], totals.length);
  }
  out["hours"] = static_cast<double>(totals.length.count()) / 3600.0;
  return out;
}

json statusJson(const StatusReport& report) {
  json rows = json::array();
  for (const auto& row : report.rows) {
    json item = deviceJson(row.device);
    item["periods"] = json::array();
    for (const auto& totals : row.periods) item["periods"].push_back(sharesJson(totals));
    rows.push_back(std::move(item));
  }
  json fleet = json::array();
  for (const auto& totals : report.fleet) fleet.push_back(sharesJson(totals));
  return {{"period", reports::toString(report.period)},
          {"end", reports::toString(report.end)},
          {"periods", periodsJson(report.periods)},
          {"rows", rows},
          {"fleet", fleet}};
}

json reportJson(const CounterReport& report) {
  const json periods = periodsJson(report.periods);
  json rows = json::array();
  for (const auto& row : report.rows) {
    json item = {{"values", optionalNumbers(row.values)},
                 {"total", row.total ? json(*row.total) : json(nullptr)}};
    if (row.device.id != 0) {
      item.update(deviceJson(row.device));
      item.update({{"resets", row.resets}, {"replacements", row.replacements}});
    } else {
      item["counter"] = row.counter;
    }
    if (row.read_at) item["readAt"] = iso8601(*row.read_at);
    rows.push_back(std::move(item));
  }
  json counters = json::array();
  for (const auto name : kCounterFieldNames) counters.push_back(name);
  return {{"kind", toString(report.kind)},
          {"period", reports::toString(report.period)},
          {"end", reports::toString(report.end)},
          {"counter", report.counter},
          {"counters", counters},
          {"periods", periods},
          {"rows", rows},
          {"totals", optionalNumbers(report.totals)}};
}

// period, end and the device list's filters (limited to the caller's regions); `allowed` names
// every other parameter of the route (the caller reads its own); the message of a 400, or empty.
std::string parsePeriodAndDevices(const RouteEnv& env, const RouteContext& ctx,
                                  std::initializer_list<std::string_view> allowed,
                                  reports::Period& period, std::optional<reports::LocalDate>& end,
                                  DeviceQuery& devices) {
  for (const auto& [name, value] : ctx.request.queryParams()) {
    if (name == "period") {
      const auto parsed = reports::periodFromString(value);
      if (!parsed) return "period must be daily, weekly, monthly or yearly, not \"" + value + "\"";
      period = *parsed;
    } else if (name == "end") {
      end = reports::parseLocalDate(value);
      if (!end) return "end must be a date such as 2026-11-22, not \"" + value + "\"";
    }
  }
  auto query = parseDeviceQuery(ctx.request, allowed);
  if (auto* error = std::get_if<std::string>(&query)) return std::move(*error);
  devices = std::get<DeviceQuery>(std::move(query));
  devices.scope = callerScope(env, ctx);
  return {};
}

// kind and counter, then period, end and the devices; the message of a 400 on error.
std::variant<CounterReportRequest, std::string> parseRequest(const RouteEnv& env,
                                                             const RouteContext& ctx) {
  CounterReportRequest request;
  for (const auto& [name, value] : ctx.request.queryParams()) {
    if (name == "kind") {
      const auto kind = counterReportKindFromString(value);
      if (!kind) return "kind must be byDevice, byCounter or lifetime, not \"" + value + "\"";
      request.kind = *kind;
    } else if (name == "counter") {
      request.counter = value;
    }
  }
  auto error =
      parsePeriodAndDevices(env, ctx, {"kind", "counter", "period", "end", "format", "language"},
                            request.period, request.end, request.devices);
  if (!error.empty()) return error;
  return request;
}

// An export's file: its format (nothing for the JSON answer) and the language of its headers
// and words (the console passes its own; English without one).
struct FileChoice {
  std::optional<FileFormat> format;
  std::string language = "en";
};

// False when a 400 was answered.
bool chooseFile(const RouteContext& ctx, const net::Responder& respond, bool as_file,
                FileChoice& file) {
  if (!as_file) return true;
  for (const auto& [name, value] : ctx.request.queryParams()) {
    if (name != "language") continue;
    if (!isTextLanguage(value)) {
      respond(problemResponse(400, "invalid_input",
                              "language must be en, fr, de, it, es or ja, not \"" + value + "\""));
      return false;
    }
    file.language = value;
  }
  for (const auto& [name, value] : ctx.request.queryParams()) {
    if (name != "format") continue;
    if (value == "csv") file.format = FileFormat::kCsv;
    if (value == "txt") file.format = FileFormat::kTsv;
    if (value == "xlsx") file.format = FileFormat::kXlsx;
    if (file.format) return true;
    respond(problemResponse(400, "invalid_input",
                            "format must be csv, txt or xlsx, not \"" + value + "\""));
    return false;
  }
  respond(problemResponse(400, "invalid_input", "format is required: csv, txt or xlsx"));
  return false;
}

// The table as an attachment named <base>.<ext>, with an audit line (counts only).
void respondFile(const RouteEnv& env, const RouteContext& ctx, const net::Responder& respond,
                 const std::vector<exchange::TableRow>& table, FileFormat format,
                 const std::string& base, const std::string& sheet) {
  env.audit.info("report exported report={} format={} rows={} by={}", base,
                 exchange::fileExtension(format).substr(1), table.size() - 1,
                 ctx.auth->user.username);
  net::HttpResponse response;
  response.status = 200;
  const auto name = base + std::string(exchange::fileExtension(format));
  response.headers = {{"Content-Type", std::string(exchange::mimeType(format))},
                      {"Content-Disposition", "attachment; filename=\"" + name + "\""},
                      {"Cache-Control", "no-store"}};
  response.body = exchange::exportTable(table, format, sheet);
  respond(std::move(response));
}

void handleCounters(const RouteEnv& env, RouteContext& ctx, const net::Responder& respond,
                    bool as_file) {
  FileChoice file;
  if (!chooseFile(ctx, respond, as_file, file)) return;
  auto request = parseRequest(env, ctx);
  if (auto* error = std::get_if<std::string>(&request)) {
    return respond(problemResponse(400, "invalid_input", *error));
  }
  auto report = env.deps.reports.counters(std::get<CounterReportRequest>(request));
  if (!report) return respond(problemResponse(report.error()));
  if (!file.format) return respond(jsonResponse(200, reportJson(*report)));
  const Words words(file.language);
  respondFile(
      env, ctx, respond, counterReportTable(*report, words), *file.format,
      std::string("counters-") + toString(report->kind) + "-" + reports::toString(report->end),
      reportSheetName("counters", words));
}

void handleStatus(const RouteEnv& env, RouteContext& ctx, const net::Responder& respond,
                  bool as_file) {
  FileChoice file;
  if (!chooseFile(ctx, respond, as_file, file)) return;
  StatusReportRequest request;
  const auto error = parsePeriodAndDevices(env, ctx, {"period", "end", "format", "language"},
                                           request.period, request.end, request.devices);
  if (!error.empty()) return respond(problemResponse(400, "invalid_input", error));
  auto report = env.deps.reports.status(request);
  if (!report) return respond(problemResponse(report.error()));
  if (!file.format) return respond(jsonResponse(200, statusJson(*report)));
  const Words words(file.language);
  respondFile(env, ctx, respond, statusReportTable(*report, words), *file.format,
              std::string("status-") + reports::toString(report->period) + "-" +
                  reports::toString(report->end),
              reportSheetName("status", words));
}

// A whole number between min and max, or nullopt.
std::optional<int> boundedInt(const std::string& text, int min, int max) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

json suppliesJson(const SuppliesReport& report) {
  json rows = json::array();
  for (const auto& row : report.rows) {
    const auto& supply = row.supply;
    json item = deviceJson(row.device);
    item.update(
        {{"index", supply.level.index},
         {"description", supply.level.description},
         {"colorant", supply.level.colorant},
         {"percent", supply.level.percent ? json(*supply.level.percent) : json(nullptr)},
         {"state", supply.level.state},
         {"condition", reports::toString(supply.condition)},
         {"daysToEmpty",
          supply.days_to_empty ? json(std::floor(*supply.days_to_empty * 10) / 10) : json(nullptr)},
         {"order", reports::needsOrder(supply, report.horizon_days)}});
    rows.push_back(std::move(item));
  }
  json order = json::array();
  for (const auto& line : report.order) {
    order.push_back({{"model", line.model},
                     {"description", line.description},
                     {"colorant", line.colorant},
                     {"devices", line.devices},
                     {"empty", line.empty},
                     {"low", line.low},
                     {"toOrder", line.to_order}});
  }
  return {{"lowPercent", report.low_percent},
          {"horizonDays", report.horizon_days},
          {"rows", rows},
          {"order", order}};
}

void handleSupplies(const RouteEnv& env, RouteContext& ctx, const net::Responder& respond,
                    bool as_file) {
  FileChoice file;
  if (!chooseFile(ctx, respond, as_file, file)) return;
  SuppliesReportRequest request;
  bool order_list = false;
  for (const auto& [name, value] : ctx.request.queryParams()) {
    if (name == "lowPercent") {
      const auto number = boundedInt(value, 1, 99);
      if (!number) return respond(problemResponse(400, "invalid_input", "lowPercent must be 1-99"));
      request.low_percent = *number;
    } else if (name == "horizonDays") {
      const auto number = boundedInt(value, 1, 366);
      if (!number) {
        return respond(problemResponse(400, "invalid_input", "horizonDays must be 1-366"));
      }
      request.horizon_days = *number;
    } else if (name == "view") {
      if (value != "devices" && value != "order") {
        return respond(problemResponse(400, "invalid_input", "view must be devices or order"));
      }
      order_list = value == "order";
    }
  }
  auto query =
      parseDeviceQuery(ctx.request, {"lowPercent", "horizonDays", "view", "format", "language"});
  if (auto* error = std::get_if<std::string>(&query)) {
    return respond(problemResponse(400, "invalid_input", *error));
  }
  request.devices = std::get<DeviceQuery>(std::move(query));
  request.devices.scope = callerScope(env, ctx);
  auto report = env.deps.reports.supplies(request);
  if (!report) return respond(problemResponse(report.error()));
  if (!file.format) return respond(jsonResponse(200, suppliesJson(*report)));
  const Words words(file.language);
  respondFile(env, ctx, respond, suppliesReportTable(*report, order_list, words), *file.format,
              order_list ? "supplies-order" : "supplies", reportSheetName("supplies", words));
}

void handleFirmware(const RouteEnv& env, RouteContext& ctx, const net::Responder& respond,
                    bool as_file) {
  FileChoice file;
  if (!chooseFile(ctx, respond, as_file, file)) return;
  auto query = parseDeviceQuery(ctx.request, {"format", "language"});
  if (auto* error = std::get_if<std::string>(&query)) {
    return respond(problemResponse(400, "invalid_input", *error));
  }
  auto& devices = std::get<DeviceQuery>(query);
  devices.scope = callerScope(env, ctx);
  auto report = env.deps.reports.firmware(devices);
  if (!report) return respond(problemResponse(report.error()));
  if (file.format) {
    const Words words(file.language);
    return respondFile(env, ctx, respond, firmwareReportTable(*report, words), *file.format,
                       "firmware", reportSheetName("firmware", words));
  }
  json lines = json::array();
  for (const auto& line : report->lines) {
    json listed = json::array();
    for (const auto& device : line.devices) listed.push_back(deviceJson(device));
    lines.push_back({{"model", line.model},
                     {"firmware", line.firmware},
                     {"count", line.devices.size()},
                     {"devices", listed}});
  }
  respond(jsonResponse(200, {{"lines", lines}}));
}

}  // namespace

void addReportRoutes(Router& router, const RouteEnv& env) {
  using Handler = void (*)(const RouteEnv&, RouteContext&, const net::Responder&, bool);
  const std::pair<const char*, Handler> reports[] = {{"counters", handleCounters},
                                                     {"status", handleStatus},
                                                     {"supplies", handleSupplies},
                                                     {"firmware", handleFirmware}};
  // Each report as JSON and, under .../export, as the file the console's Export gives.
  for (const auto& [name, handler] : reports) {
    for (const bool as_file : {false, true}) {
      router.add({"GET", std::string("/api/v1/reports/") + name + (as_file ? "/export" : ""),
                  Access::view(Grant::kReports),
                  [env, handler, as_file](RouteContext& ctx, const net::Responder& respond) {
                    handler(env, ctx, respond, as_file);
                  }});
    }
  }
  // The device types of the caller's devices: the choices of the reports' device type filter.
  router.add({"GET", "/api/v1/reports/device-types", Access::view(Grant::kReports),
              [env](RouteContext& ctx, const net::Responder& respond) {
                DeviceQuery devices;
                devices.scope = callerScope(env, ctx);
                auto types = env.deps.reports.deviceTypes(devices);
                if (!types) return respond(problemResponse(types.error()));
                respond(jsonResponse(200, {{"items", *types}}));
              }});
}

}  // namespace pw::manager::api
