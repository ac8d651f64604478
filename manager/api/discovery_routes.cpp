#include "manager/api/routes.hpp"

#include <spdlog/spdlog.h>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"

#include <variant>

namespace pw::manager::api {
namespace {

using nlohmann::json;

// A discovery request body: {"agentId": integer, "targets": [string], "communities": [string],
// "port"?: integer}. Returns the request, or the message of a 400 naming the field.
std::variant<DiscoveryRequest, std::string> parseDiscoveryRequest(const json& body) {
  DiscoveryRequest request;
  for (const auto& [key, value] : body.items()) {
    if (key != "agentId" && key != "targets" && key != "communities" && key != "port") {
      return "unknown field \"" + key + "\"; send agentId, targets, communities and port";
    }
  }
  const auto strings = [&body](const char* name, std::vector<std::string>& out) -> std::string {
    if (!body.contains(name)) return std::string(name) + " is required";
    const auto& list = body[name];
    if (!list.is_array()) return std::string(name) + " must be a list of strings";
    for (const auto& item : list) {
      if (!item.is_string()) return std::string(name) + " must be a list of strings";
      out.push_back(item.get<std::string>());
    }
    return {};
  };
  if (!body.contains("agentId") || !body["agentId"].is_number_integer() ||
      body["agentId"].get<std::int64_t>() <= 0) {
    return "agentId must be a positive integer";
  }
  request.agent_id = body["agentId"].get<std::int64_t>();
  if (auto error = strings("targets", request.targets); !error.empty()) return error;
  if (auto error = strings("communities", request.communities); !error.empty()) return error;
  if (body.contains("port")) {
    if (!body["port"].is_number_integer() || body["port"].get<std::int64_t>() < 1 ||
        body["port"].get<std::int64_t>() > 65535) {
      return "port must be an integer between 1 and 65535";
    }
    request.port = body["port"].get<int>();
  }
  return request;
}

json discoverySummaryJson(const DiscoverySummary& s) {
  json failures = json::array();
  for (const auto& f : s.failures) {
    failures.push_back({{"address", f.address}, {"kind", f.kind}, {"message", f.message}});
  }
  return {{"probed", s.probed},
          {"found", s.found},
          {"created", s.created},
          {"updated", s.updated},
          {"failures", failures}};
}

}  // namespace

// Discovery on request.
void addDiscoveryRoutes(Router& router, const RouteEnv& env) {
  router.add(
      {"POST", "/api/v1/discovery", Access::kSystemManager,
       [env](RouteContext& ctx, const net::Responder& respond) {
         auto body = parseJsonObjectBody(ctx.request);
         if (body.error) return respond(*body.error);
         auto parsed = parseDiscoveryRequest(body.value);
         if (const auto* error = std::get_if<std::string>(&parsed)) {
           return respond(problemResponse(400, "invalid_input", *error));
         }
         const auto& request = std::get<DiscoveryRequest>(parsed);
         const auto agent_id = request.agent_id;
         const auto targets = request.targets.size();
         const auto user = ctx.auth->user.username;
         env.deps.discovery.discover(
             request, [env, respond, agent_id, targets, user](Outcome<DiscoverySummary> result) {
               if (!result) {
                 env.audit.warn("discovery agent={} targets={} by={} failed: {}", agent_id, targets,
                                user, result.error().code);
                 return respond(problemResponse(result.error()));
               }
               env.audit.info(
                   "discovery agent={} targets={} probed={} found={} created={} updated={} by={}",
                   agent_id, targets, result->probed, result->found, result->created,
                   result->updated, user);
               respond(jsonResponse(200, discoverySummaryJson(*result)));
             });
       }});
}

}  // namespace pw::manager::api
