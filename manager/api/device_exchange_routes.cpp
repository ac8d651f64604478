// Device import and export: the file goes in and out as the raw body (no multipart, no JSON
// wrapping), so the console uploads a File as it is and downloads the answer as it is.
#include <spdlog/spdlog.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "manager/api/device_query.hpp"
#include "manager/api/http_util.hpp"
#include "manager/api/routes.hpp"
#include "manager/exchange/table_export.hpp"

namespace pw::manager::api {
namespace {

using exchange::FileFormat;
using nlohmann::json;

// A 422 lists at most this many problems (a file of 50,000 bad rows would otherwise answer
// megabytes); the message and details.total give the full count.
constexpr std::size_t kMaxListedErrors = 1000;

std::string_view formatName(FileFormat format) {
  return exchange::fileExtension(format).substr(1);  // ".csv" -> "csv"
}

// The format of an upload: the query's format, else the Content-Type, else the content itself.
std::variant<FileFormat, std::string> importFormat(const net::HttpRequest& request) {
  for (const auto& [name, value] : request.queryParams()) {
    if (name != "format") continue;
    if (const auto format = exchange::fileFormatFromName(value)) return *format;
    return "format must be csv, txt or xlsx, not \"" + value + "\"";
  }
  const auto type = request.header("content-type");
  const auto media_type = type.substr(0, type.find(';'));
  for (const auto format : {FileFormat::kCsv, FileFormat::kTsv, FileFormat::kXlsx}) {
    const auto mime = exchange::mimeType(format);
    if (media_type == mime.substr(0, mime.find(';'))) return format;
  }
  return exchange::sniffFileFormat(request.body);
}

json rowErrorsJson(const std::vector<exchange::RowError>& errors, std::size_t limit) {
  json rows = json::array();
  for (std::size_t i = 0; i < errors.size() && i < limit; ++i) {
    rows.push_back(
        {{"row", errors[i].line}, {"column", errors[i].column}, {"message", errors[i].message}});
  }
  return rows;
}

void handleImport(const RouteEnv& env, RouteContext& ctx, const net::Responder& respond) {
  for (const auto& [name, value] : ctx.request.queryParams()) {
    if (name != "format") {
      return respond(problemResponse(400, "invalid_input",
                                     "unknown query parameter \"" + name + "\"; use format"));
    }
  }
  const auto format = importFormat(ctx.request);
  if (const auto* error = std::get_if<std::string>(&format)) {
    return respond(problemResponse(400, "invalid_input", *error));
  }
  const auto file_format = std::get<FileFormat>(format);
  const auto report = env.deps.device_exchange.importDevices(ctx.request.body, file_format);
  const auto& who = ctx.auth->user.username;
  // Counts only: the cells (names, locations, contacts) never reach the log.
  if (!report.ok()) {
    env.audit.info("device import rejected format={} bytes={} rows={} errors={} by={}",
                   formatName(file_format), ctx.request.body.size(), report.rows,
                   report.errors.size(), who);
    const auto total = report.errors.size();
    return respond(problemResponse(
        Problem{ErrorKind::kRejected, "import_rejected",
                "The file was not imported (" + std::to_string(total) +
                    (total == 1 ? " problem" : " problems") + "); nothing was stored."},
        {{"rows", rowErrorsJson(report.errors, kMaxListedErrors)}, {"total", total}}));
  }
  env.audit.info("devices imported format={} bytes={} rows={} created={} updated={} by={}",
                 formatName(file_format), ctx.request.body.size(), report.rows, report.created,
                 report.updated, who);
  respond(jsonResponse(200, {{"created", report.created},
                             {"updated", report.updated},
                             {"rows", report.rows},
                             {"warnings", rowErrorsJson(report.warnings, kMaxListedErrors)}}));
}

void handleExport(const RouteEnv& env, RouteContext& ctx, const net::Responder& respond) {
  std::optional<FileFormat> format;
  bool template_only = false;
  for (const auto& [name, value] : ctx.request.queryParams()) {
    if (name == "format") {
      format = exchange::fileFormatFromName(value);
      if (!format) {
        return respond(problemResponse(400, "invalid_input",
                                       "format must be csv, txt or xlsx, not \"" + value + "\""));
      }
    } else if (name == "template") {
      if (value != "true" && value != "false") {
        return respond(problemResponse(400, "invalid_input", "template must be true or false"));
      }
      template_only = value == "true";
    }
  }
  if (!format) {
    return respond(problemResponse(400, "invalid_input", "format is required: csv, txt or xlsx"));
  }
  // The list's filters and sort; its page and pageSize are accepted and ignored (an export
  // holds every matching device).
  auto query = parseDeviceQuery(ctx.request, {"format", "template"});
  if (const auto* error = std::get_if<std::string>(&query)) {
    return respond(problemResponse(400, "invalid_input", *error));
  }
  auto& q = std::get<DeviceQuery>(query);
  q.scope = callerScope(env, ctx);
  auto file = env.deps.device_exchange.exportDevices(*format, template_only, q);
  if (!file) return respond(problemResponse(file.error()));
  env.audit.info("devices exported format={} template={} rows={} by={}", formatName(*format),
                 template_only, file->rows, ctx.auth->user.username);
  net::HttpResponse response;
  response.status = 200;
  response.headers = {{"Content-Type", file->content_type},
                      {"Content-Disposition", "attachment; filename=\"" + file->file_name + "\""},
                      {"Cache-Control", "no-store"}};
  response.body = std::move(file->bytes);
  respond(std::move(response));
}

}  // namespace

void addDeviceExchangeRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/devices/export", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                handleExport(env, ctx, respond);
              }});
  // The body is the file itself, up to the size the parser accepts.
  router.add(
      {"POST", "/api/v1/devices/import", Access::manage(Grant::kDevices),
       [env](RouteContext& ctx, const net::Responder& respond) { handleImport(env, ctx, respond); },
       exchange::kMaxInputBytes});
}

}  // namespace pw::manager::api
