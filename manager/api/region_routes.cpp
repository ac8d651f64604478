#include <spdlog/spdlog.h>

#include <variant>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"
#include "manager/api/routes.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

json regionJson(const RegionView& view) {
  json rules = json::array();
  for (const auto& rule : view.region.rules) {
    rules.push_back({{"type", toString(rule.type)}, {"value", rule.value}});
  }
  return {{"id", view.region.id},
          {"name", view.region.name},
          {"description", view.region.description},
          {"timeZone", view.region.time_zone},
          {"rules", rules},
          {"deviceCount", view.device_count}};
}

// A POST or PUT body: name, timeZone and rules required, description optional.
std::variant<Region, std::string> parseRegion(const json& body) {
  Region region;
  for (const auto& [key, value] : body.items()) {
    if (key == "name" || key == "description" || key == "timeZone") {
      if (!value.is_string()) return key + " must be a string";
      (key == "name"          ? region.name
       : key == "description" ? region.description
                              : region.time_zone) = value.get<std::string>();
    } else if (key == "rules") {
      if (!value.is_array()) return std::string("rules must be an array of {type, value}");
      for (std::size_t i = 0; i < value.size(); ++i) {
        const auto at = "rules[" + std::to_string(i) + "]";
        const auto& r = value[i];
        if (!r.is_object() || !r.contains("type") || !r.contains("value") || r.size() != 2) {
          return at + " must be an object with type and value";
        }
        const auto type = r["type"].is_string()
                              ? regionRuleTypeFromString(r["type"].get<std::string>())
                              : std::nullopt;
        if (!type) return at + ".type must be address, range, cidr or suffix";
        if (!r["value"].is_string()) return at + ".value must be a string";
        region.rules.push_back({*type, r["value"].get<std::string>()});
      }
    } else {
      return "\"" + key + "\" is not a member of a region; send name, description, timeZone, rules";
    }
  }
  if (!body.contains("name")) return std::string("name is required");
  if (!body.contains("timeZone")) return std::string("timeZone is required");
  if (!body.contains("rules")) return std::string("rules is required (may be empty)");
  return region;
}

net::HttpResponse refusalResponse(const RegionRefusal& refusal) {
  json details = nullptr;
  if (!refusal.errors.empty() || !refusal.conflicts.empty()) details = json::array();
  for (const auto& e : refusal.errors) {
    details.push_back({{"field", e.field}, {"message", e.message}});
  }
  for (const auto& c : refusal.conflicts) {
    details.push_back({{"field", c.field},
                       {"rule", c.rule},
                       {"regionId", c.region_id},
                       {"regionName", c.region_name},
                       {"otherRule", c.other_rule}});
  }
  return problemResponse(refusal.problem, details);
}

// The body of a create or edit, parsed; answers 400 itself when it is malformed.
std::optional<Region> regionBody(RouteContext& ctx, const net::Responder& respond) {
  auto body = parseJsonObjectBody(ctx.request);
  if (body.error) {
    respond(*body.error);
    return std::nullopt;
  }
  auto region = parseRegion(body.value);
  if (const auto* error = std::get_if<std::string>(&region)) {
    respond(problemResponse(400, "invalid_input", *error));
    return std::nullopt;
  }
  return std::get<Region>(std::move(region));
}

}  // namespace

DeviceScope callerScope(const RouteEnv& env, const RouteContext& ctx) {
  return env.deps.regions.scopeFor(ctx.auth->user);
}

// Regions: sites whose devices are derived from IPv4 and domain-suffix rules.
void addRegionRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/regions", Access::kSystemManager,
              [env](RouteContext&, const net::Responder& respond) {
                json items = json::array();
                for (const auto& view : env.deps.regions.list()) items.push_back(regionJson(view));
                respond(jsonResponse(200, {{"items", items}}));
              }});

  router.add({"POST", "/api/v1/regions", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto region = regionBody(ctx, respond);
                if (!region) return;
                const auto created = env.deps.regions.create(*region);
                if (!created) return respond(refusalResponse(created.error()));
                env.audit.info("region created id={} rules={} by={}", created->region.id,
                               created->region.rules.size(), ctx.auth->user.username);
                respond(jsonResponse(201, regionJson(*created)));
              }});

  router.add({"GET", "/api/v1/regions/{id}", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                respondOutcome<RegionView>(env.deps.regions.get(*id), 200, respond, regionJson);
              }});

  router.add({"PUT", "/api/v1/regions/{id}", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto region = regionBody(ctx, respond);
                if (!region) return;
                const auto updated = env.deps.regions.update(*id, *region);
                if (!updated) return respond(refusalResponse(updated.error()));
                env.audit.info("region edited id={} rules={} by={}", *id,
                               updated->region.rules.size(), ctx.auth->user.username);
                respond(jsonResponse(200, regionJson(*updated)));
              }});

  router.add({"DELETE", "/api/v1/regions/{id}", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto removed = env.deps.regions.remove(*id);
                if (!removed) return respond(problemResponse(removed.error()));
                env.audit.info("region deleted id={} by={}", *id, ctx.auth->user.username);
                respond(emptyResponse(204));
              }});
}

}  // namespace pw::manager::api
