#include <spdlog/spdlog.h>

#include <charconv>
#include <variant>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"
#include "manager/api/routes.hpp"
#include "manager/services/discovery_run_json.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

json runJson(const DiscoveryRun& run) {
  return toJson(run, [](Clock::TimePoint t) { return json(iso8601(t)); });
}

// "registration": {"method": "managed"|"unmanaged", "conditions": [{field, operator, value}]}
std::variant<RegistrationRule, std::string> parseRegistration(const json& body) {
  RegistrationRule rule;
  if (!body.contains("registration")) return rule;
  const auto& r = body["registration"];
  if (!r.is_object()) return "registration must be an object";
  for (const auto& [key, value] : r.items()) {
    if (key != "method" && key != "conditions") {
      return "registration: unknown field \"" + key + "\"; send method and conditions";
    }
  }
  if (r.contains("method")) {
    const auto method = r["method"].is_string() ? r["method"].get<std::string>() : "";
    if (method != "managed" && method != "unmanaged") {
      return "registration.method must be \"managed\" or \"unmanaged\"";
    }
    rule.matching_state = method == "managed" ? DeviceState::kManaged : DeviceState::kUnmanaged;
  }
  if (!r.contains("conditions")) return rule;
  if (!r["conditions"].is_array()) return "registration.conditions must be a list";
  for (std::size_t i = 0; i < r["conditions"].size(); ++i) {
    const auto& c = r["conditions"][i];
    const auto at = "registration.conditions[" + std::to_string(i) + "]";
    if (!c.is_object() || !c.contains("field") || !c.contains("operator") || !c.contains("value") ||
        c.size() != 3 || !c["field"].is_string() || !c["operator"].is_string() ||
        !c["value"].is_string()) {
      return at + " must be {\"field\", \"operator\", \"value\"} strings";
    }
    const auto field = conditionFieldFromString(c["field"].get<std::string>());
    if (!field) {
      return at +
             ".field must be one of vendor, model, name, location, ipAddress, hostname, "
             "serial";
    }
    const auto op = conditionOperatorFromString(c["operator"].get<std::string>());
    if (!op) {
      return at + ".operator must be one of equals, notEquals, beginsWith, endsWith, contains";
    }
    rule.conditions.push_back({*field, *op, c["value"].get<std::string>()});
  }
  return rule;
}

std::optional<std::string> parsePort(const json& body, int& port) {
  if (!body.contains("port")) return std::nullopt;
  if (!body["port"].is_number_integer() || body["port"].get<std::int64_t>() < 1 ||
      body["port"].get<std::int64_t>() > 65535) {
    return "port must be an integer between 1 and 65535";
  }
  port = body["port"].get<int>();
  return std::nullopt;
}

bool positiveId(const json& value) {
  return value.is_number_integer() && value.get<std::int64_t>() > 0;
}

// {"agentIds": [..], "registration"?, "port"?}  or  {"target": "...", "agentId"?, ...}
std::variant<ScopeDiscoveryRequest, SingleDiscoveryRequest, std::string> parseStart(
    const json& body, const std::string& user) {
  const bool single = body.contains("target");
  for (const auto& [key, value] : body.items()) {
    const bool known = key == "registration" || key == "port" ||
                       (single ? key == "target" || key == "agentId" : key == "agentIds");
    if (!known) {
      return "unknown field \"" + key + "\"; send agentIds (or target and agentId), " +
             "registration and port";
    }
  }
  auto registration = parseRegistration(body);
  if (auto* error = std::get_if<std::string>(&registration)) return *error;
  int port = 161;
  if (auto error = parsePort(body, port)) return *error;
  if (single) {
    if (!body["target"].is_string()) return "target must be an IPv4 address or host name";
    SingleDiscoveryRequest request{body["target"].get<std::string>(), std::nullopt,
                                   std::get<RegistrationRule>(registration), port, user};
    if (body.contains("agentId")) {
      if (!positiveId(body["agentId"])) return "agentId must be a positive integer";
      request.agent_id = body["agentId"].get<std::int64_t>();
    }
    return request;
  }
  if (!body.contains("agentIds") || !body["agentIds"].is_array()) {
    return "agentIds must be a list of Agent ids (or send target for one device)";
  }
  ScopeDiscoveryRequest request{{}, std::get<RegistrationRule>(registration), port, user};
  for (const auto& id : body["agentIds"]) {
    if (!positiveId(id)) return "agentIds must hold positive integers";
    request.agent_ids.push_back(id.get<std::int64_t>());
  }
  return request;
}

}  // namespace

// Discovery runs: start (scope or single device), list, follow, cancel.
void addDiscoveryRoutes(Router& router, const RouteEnv& env) {
  router.add({"POST", "/api/v1/discoveries", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto& user = ctx.auth->user.username;
                auto parsed = parseStart(body.value, user);
                if (const auto* error = std::get_if<std::string>(&parsed)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto started =
                    std::holds_alternative<ScopeDiscoveryRequest>(parsed)
                        ? env.deps.discovery.start(std::get<ScopeDiscoveryRequest>(parsed))
                        : env.deps.discovery.start(std::get<SingleDiscoveryRequest>(parsed));
                if (!started) return respond(problemResponse(started.error()));
                env.audit.info("discovery started run={} kind={} agents={} by={}", started->id,
                               toString(started->kind), started->agents.size(), user);
                respond(jsonResponse(202, runJson(*started)));
              }});

  router.add(
      {"GET", "/api/v1/discoveries", Access::manage(Grant::kDevices),
       [env](RouteContext& ctx, const net::Responder& respond) {
         std::size_t limit = 50;
         for (const auto& [name, value] : ctx.request.queryParams()) {
           const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
           if (name != "limit" || ec != std::errc() || end != value.data() + value.size() ||
               limit < 1 || limit > DiscoveryService::kMaxListedRuns) {
             return respond(problemResponse(400, "invalid_input",
                                            "the only query parameter is limit, from 1 to " +
                                                std::to_string(DiscoveryService::kMaxListedRuns)));
           }
         }
         json items = json::array();
         for (const auto& run : env.deps.discovery.list(limit)) {
           items.push_back(runJson(run));
         }
         respond(jsonResponse(200, {{"items", items}}));
       }});

  router.add({"GET", "/api/v1/discoveries/{id}", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                respondOutcome<DiscoveryRun>(env.deps.discovery.get(*id), 200, respond, runJson);
              }});

  router.add({"POST", "/api/v1/discoveries/{id}/cancel", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto cancelled = env.deps.discovery.cancel(*id);
                if (cancelled) {
                  env.audit.info("discovery cancelled run={} by={}", *id, ctx.auth->user.username);
                }
                respondOutcome<DiscoveryRun>(cancelled, 200, respond, runJson);
              }});
}

}  // namespace pw::manager::api
