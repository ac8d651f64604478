// The audit log for System Managers (decision 0028): a page of records, newest first and
// filtered; the same records as a CSV, TXT or XLSX file (the exchange's writers, formula
// neutralised); the retention setting. Records are written by ConsoleApi's dispatch.
#include <algorithm>
#include <charconv>
#include <variant>

#include "manager/api/http_util.hpp"
#include "manager/api/routes.hpp"
#include "manager/exchange/table_export.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

json entryJson(const AuditEntry& e) {
  auto details = json::parse(e.details_json, nullptr, false);
  return {{"id", e.id},
          {"at", iso8601(e.at)},
          {"actor", toString(e.actor)},
          {"userId", e.user_id ? json(*e.user_id) : json(nullptr)},
          {"tokenId", e.token_id ? json(*e.token_id) : json(nullptr)},
          {"username", e.username},
          {"address", e.address},
          {"method", e.method},
          {"route", e.route},
          {"action", e.action},
          {"category", auditCategory(e.action)},
          {"target", e.target},
          {"status", e.status},
          {"result", e.succeeded() ? "success" : "failure"},
          {"details", details.is_object() ? details : json::object()}};
}

// The filters (and page, pageSize) of both routes; `also` names the other parameters a route
// takes. The message of a 400 when a parameter is wrong.
std::variant<AuditQuery, std::string> parseAuditQuery(
    const net::HttpRequest& request, std::initializer_list<std::string_view> also) {
  AuditQuery q;
  for (const auto& [name, value] : request.queryParams()) {
    if (name == "from" || name == "to") {
      const auto t = parseIsoTime(value);
      if (!t) return name + " must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ";
      (name == "from" ? q.from : q.to) = fromUnixSeconds(*t);
    } else if (name == "user") {
      q.username = value;
    } else if (name == "action") {
      q.action = value;
    } else if (name == "result") {
      q.result = value;
    } else if (name == "page" || name == "pageSize") {
      std::int64_t number = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (ec != std::errc() || end != value.data() + value.size()) {
        return name + " must be a whole number";
      }
      (name == "page" ? q.page : q.page_size) = number;
    } else if (std::find(also.begin(), also.end(), name) == also.end()) {
      return "unknown parameter \"" + name + "\"";
    }
  }
  if (auto reason = validateAuditQuery(q); !reason.empty()) return reason;
  return q;
}

const exchange::TableRow kExportHeader = {"Time (UTC)", "Actor",  "User",   "Token",
                                          "Address",    "Action", "Method", "Route",
                                          "Target",     "Status", "Result", "Details"};

exchange::TableRow exportRow(const AuditEntry& e) {
  return {iso8601(e.at),
          toString(e.actor),
          e.username,
          e.token_id ? std::to_string(*e.token_id) : "",
          e.address,
          e.action,
          e.method,
          e.route,
          e.target,
          std::to_string(e.status),
          e.succeeded() ? "success" : "failure",
          e.details_json == "{}" ? "" : e.details_json};
}

}  // namespace

void addAuditRoutes(Router& router, const RouteEnv& env) {
  AuditService& audit = env.deps.audit;

  router.add({"GET", "/api/v1/audit-log", Access::kSystemManager,
              [&audit](RouteContext& ctx, const net::Responder& respond) {
                const auto query = parseAuditQuery(ctx.request, {});
                if (const auto* error = std::get_if<std::string>(&query)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto& q = std::get<AuditQuery>(query);
                const auto page = audit.list(q);
                if (!page) return respond(problemResponse(page.error()));
                json items = json::array();
                for (const auto& e : page->items) items.push_back(entryJson(e));
                respond(jsonResponse(200, {{"items", std::move(items)},
                                           {"total", page->total},
                                           {"page", q.page},
                                           {"pageSize", q.page_size}}));
              }});

  // Every matching record (up to kMaxAuditExportRows, the newest), whatever page was asked.
  router.add(
      {"GET", "/api/v1/audit-log/export", Access::kSystemManager,
       [&audit](RouteContext& ctx, const net::Responder& respond) {
         const auto query = parseAuditQuery(ctx.request, {"format"});
         if (const auto* error = std::get_if<std::string>(&query)) {
           return respond(problemResponse(400, "invalid_input", *error));
         }
         const auto format_name = ctx.request.queryParam("format").value_or("");
         const auto format = exchange::fileFormatFromName(format_name);
         if (!format) {
           return respond(problemResponse(400, "invalid_input", "format must be csv, txt or xlsx"));
         }
         auto q = std::get<AuditQuery>(query);
         q.page = 1;
         q.page_size = kMaxAuditPageSize;
         std::vector<exchange::TableRow> table{kExportHeader};
         while (static_cast<std::int64_t>(table.size()) <= kMaxAuditExportRows) {
           const auto page = audit.list(q);
           if (!page) return respond(problemResponse(page.error()));
           for (const auto& e : page->items) table.push_back(exportRow(e));
           if (static_cast<std::int64_t>(page->items.size()) < q.page_size) break;
           ++q.page;
         }
         table.resize(std::min<std::size_t>(table.size(), kMaxAuditExportRows + 1));
         net::HttpResponse response;
         response.status = 200;
         response.headers = {
             {"Content-Type", std::string(exchange::mimeType(*format))},
             {"Content-Disposition", "attachment; filename=\"audit-log" +
                                         std::string(exchange::fileExtension(*format)) + "\""},
             {"Cache-Control", "no-store"}};
         response.body = exchange::exportTable(table, *format, "Audit log");
         respond(std::move(response));
       }});

  router.add({"GET", "/api/v1/settings/audit-log", Access::kSystemManager,
              [&audit](RouteContext&, const net::Responder& respond) {
                respond(jsonResponse(200, {{"retentionDays", audit.retentionDays()}}));
              }});

  router.add({"PUT", "/api/v1/settings/audit-log", Access::kSystemManager,
              [&audit](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto days = body.value.value("retentionDays", json());
                if (!days.is_number_integer() || body.value.size() != 1) {
                  return respond(problemResponse(400, "invalid_input",
                                                 "retentionDays: required, a whole number"));
                }
                const auto before = audit.retentionDays();
                const auto saved = audit.setRetentionDays(static_cast<int>(std::clamp<std::int64_t>(
                    days.get<std::int64_t>(), 0, kMaxAuditRetentionDays + 1)));
                if (!saved) return respond(problemResponse(saved.error()));
                ctx.audit->change({{"retentionDays", before}}, {{"retentionDays", *saved}});
                respond(jsonResponse(200, {{"retentionDays", *saved}}));
              }});
}

}  // namespace pw::manager::api
