#include <spdlog/spdlog.h>

#include <algorithm>
#include <variant>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"
#include "manager/api/routes.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

json scopeJson(const AgentScopeSettings& s) {
  return {
      {"ipv4", s.ipv4},
      {"fqdnSuffixes", s.fqdn_suffixes},
      {"discovery",
       {{"method", toString(s.method)}, {"addresses", s.addresses}, {"hostNames", s.host_names}}}};
}

// Reads a required array of strings into `out`; the message of a 400 otherwise.
std::string readList(const json& object, const char* key, const std::string& path,
                     std::vector<std::string>& out) {
  if (!object.contains(key)) return path + " is required";
  const auto& list = object[key];
  if (!list.is_array()) return path + " must be an array of strings";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string()) return path + "[" + std::to_string(i) + "] must be a string";
    out.push_back(list[i].get<std::string>());
  }
  return {};
}

std::string unknownMember(const json& object, std::initializer_list<const char*> known,
                          const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (std::find_if(known.begin(), known.end(), [&](const char* k) { return key == k; }) ==
        known.end()) {
      std::string names;
      for (const auto* k : known) names += (names.empty() ? "" : ", ") + std::string(k);
      return "\"" + key + "\" is not a member of " + where + "; send " + names;
    }
  }
  return {};
}

// The whole scope: every member is required (a PUT replaces the scope).
std::variant<AgentScopeSettings, std::string> parseScope(const json& body) {
  AgentScopeSettings s;
  if (auto e = unknownMember(body, {"ipv4", "fqdnSuffixes", "discovery"}, "a scope"); !e.empty()) {
    return e;
  }
  if (auto e = readList(body, "ipv4", "ipv4", s.ipv4); !e.empty()) return e;
  if (auto e = readList(body, "fqdnSuffixes", "fqdnSuffixes", s.fqdn_suffixes); !e.empty()) {
    return e;
  }
  if (!body.contains("discovery")) return "discovery is required";
  const auto& d = body["discovery"];
  if (!d.is_object()) return "discovery must be an object";
  if (auto e = unknownMember(d, {"method", "addresses", "hostNames"}, "discovery"); !e.empty()) {
    return e;
  }
  if (!d.contains("method")) return "discovery.method is required";
  const auto method = d["method"].is_string()
                          ? discoveryMethodFromString(d["method"].get<std::string>())
                          : std::nullopt;
  if (!method) return "discovery.method must be scope or specified";
  s.method = *method;
  if (auto e = readList(d, "addresses", "discovery.addresses", s.addresses); !e.empty()) return e;
  if (auto e = readList(d, "hostNames", "discovery.hostNames", s.host_names); !e.empty()) return e;
  return s;
}

json refusalDetails(const ScopeRefusal& refusal) {
  json details = json::array();
  for (const auto& e : refusal.errors) {
    details.push_back({{"field", e.field}, {"message", e.message}});
  }
  for (const auto& c : refusal.conflicts) {
    details.push_back({{"field", c.field},
                       {"rule", c.rule},
                       {"agentId", c.agent_id},
                       {"agentName", c.agent_name},
                       {"otherRule", c.other_rule}});
  }
  return details.empty() ? json(nullptr) : details;
}

}  // namespace

// Agent scopes: the devices an Agent manages and what its discovery sweeps.
void addScopeRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/agents/{id}/scope", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                respondOutcome<AgentScopeSettings>(env.deps.scopes.get(*id), 200, respond,
                                                   scopeJson);
              }});

  router.add({"PUT", "/api/v1/agents/{id}/scope", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto scope = parseScope(body.value);
                if (const auto* error = std::get_if<std::string>(&scope)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto& s = std::get<AgentScopeSettings>(scope);
                const auto stored = env.deps.scopes.put(*id, s);
                if (!stored) {
                  return respond(
                      problemResponse(stored.error().problem, refusalDetails(stored.error())));
                }
                env.audit.info(
                    "agent scope edited id={} ipv4={} fqdnSuffixes={} method={} addresses={} "
                    "hostNames={} by={}",
                    *id, s.ipv4.size(), s.fqdn_suffixes.size(), toString(s.method),
                    s.addresses.size(), s.host_names.size(), ctx.auth->user.username);
                respond(jsonResponse(200, scopeJson(*stored)));
              }});
}

}  // namespace pw::manager::api
