// Reports (issue 8): the figures as JSON for the console and the same table as a file. The
// devices are chosen like the device list's (filter[...], filter[group], filter[region]) and
// limited to the caller's regions.
#include <string>
#include <variant>

#include "manager/api/device_query.hpp"
#include "manager/api/http_util.hpp"
#include "manager/api/routes.hpp"
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

json reportJson(const CounterReport& report) {
  json periods = json::array();
  for (const auto& period : report.periods) {
    periods.push_back({{"label", period.label},
                       {"from", reports::toString(period.first)},
                       {"to", reports::toString(period.next)}});
  }
  json rows = json::array();
  for (const auto& row : report.rows) {
    json item = {{"values", optionalNumbers(row.values)},
                 {"total", row.total ? json(*row.total) : json(nullptr)}};
    if (row.device_id != 0) {
      item.update({{"deviceId", row.device_id},
                   {"name", row.device_name},
                   {"model", row.model},
                   {"serial", row.serial},
                   {"ipAddress", row.ip_address},
                   {"region", row.region},
                   {"timeZone", row.time_zone},
                   {"resets", row.resets},
                   {"replacements", row.replacements}});
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

// The report's own parameters, then the device list's filters; a 400 message on error.
std::variant<CounterReportRequest, std::string> parseRequest(const RouteEnv& env,
                                                             const RouteContext& ctx) {
  CounterReportRequest request;
  for (const auto& [name, value] : ctx.request.queryParams()) {
    if (name == "kind") {
      const auto kind = counterReportKindFromString(value);
      if (!kind) return "kind must be byDevice, byCounter or lifetime, not \"" + value + "\"";
      request.kind = *kind;
    } else if (name == "period") {
      const auto period = reports::periodFromString(value);
      if (!period) return "period must be daily, weekly, monthly or yearly, not \"" + value + "\"";
      request.period = *period;
    } else if (name == "end") {
      request.end = reports::parseLocalDate(value);
      if (!request.end) return "end must be a date such as 2026-11-22, not \"" + value + "\"";
    } else if (name == "counter") {
      request.counter = value;
    }
  }
  auto query = parseDeviceQuery(ctx.request, {"kind", "period", "end", "counter", "format"});
  if (auto* error = std::get_if<std::string>(&query)) return std::move(*error);
  request.devices = std::get<DeviceQuery>(std::move(query));
  request.devices.scope = callerScope(env, ctx);
  return request;
}

void handleCounters(const RouteEnv& env, RouteContext& ctx, const net::Responder& respond) {
  auto request = parseRequest(env, ctx);
  if (auto* error = std::get_if<std::string>(&request)) {
    return respond(problemResponse(400, "invalid_input", *error));
  }
  auto report = env.deps.reports.counters(std::get<CounterReportRequest>(request));
  if (!report) return respond(problemResponse(report.error()));
  respond(jsonResponse(200, reportJson(*report)));
}

void handleCountersExport(const RouteEnv& env, RouteContext& ctx, const net::Responder& respond) {
  std::optional<FileFormat> format;
  for (const auto& [name, value] : ctx.request.queryParams()) {
    if (name != "format") continue;
    if (value == "csv") format = FileFormat::kCsv;
    if (value == "txt") format = FileFormat::kTsv;
    if (value == "xlsx") format = FileFormat::kXlsx;
    if (!format) {
      return respond(problemResponse(400, "invalid_input",
                                     "format must be csv, txt or xlsx, not \"" + value + "\""));
    }
  }
  if (!format) {
    return respond(problemResponse(400, "invalid_input", "format is required: csv, txt or xlsx"));
  }
  auto request = parseRequest(env, ctx);
  if (auto* error = std::get_if<std::string>(&request)) {
    return respond(problemResponse(400, "invalid_input", *error));
  }
  auto report = env.deps.reports.counters(std::get<CounterReportRequest>(request));
  if (!report) return respond(problemResponse(report.error()));
  const auto table = counterReportTable(*report);
  env.audit.info("report exported report=counters kind={} format={} rows={} by={}",
                 toString(report->kind), exchange::fileExtension(*format).substr(1),
                 table.size() - 1, ctx.auth->user.username);
  net::HttpResponse response;
  response.status = 200;
  const auto name = std::string("counters-") + toString(report->kind) + "-" +
                    reports::toString(report->end) + std::string(exchange::fileExtension(*format));
  response.headers = {{"Content-Type", std::string(exchange::mimeType(*format))},
                      {"Content-Disposition", "attachment; filename=\"" + name + "\""},
                      {"Cache-Control", "no-store"}};
  response.body = exchange::exportTable(table, *format, "Counters");
  respond(std::move(response));
}

}  // namespace

void addReportRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/reports/counters", Access::view(Grant::kReports),
              [env](RouteContext& ctx, const net::Responder& respond) {
                handleCounters(env, ctx, respond);
              }});
  router.add({"GET", "/api/v1/reports/counters/export", Access::view(Grant::kReports),
              [env](RouteContext& ctx, const net::Responder& respond) {
                handleCountersExport(env, ctx, respond);
              }});
}

}  // namespace pw::manager::api
