// Dashboards: the shared one (everyone reads it, System Managers change it), each user's own,
// and the data of one panel type with its options in the query string (device data: whoever may
// view devices).
#include <charconv>
#include <cmath>
#include <variant>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"
#include "manager/api/routes.hpp"
#include "manager/services/dashboard_service.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

std::string dayText(std::int64_t day) {
  return iso8601(fromUnixSeconds(day * 86'400)).substr(0, 10);
}

json timeOrNull(const std::optional<Clock::TimePoint>& t) {
  return t ? json(iso8601(*t)) : json(nullptr);
}

std::function<json(const DashboardView&)> viewJson(const char* scope) {
  return [scope](const DashboardView& view) {
    return json{{"scope", scope},
                {"panels", panelsToJson(view.dashboard)},
                {"updatedAt", timeOrNull(view.updated_at)}};
  };
}

// ?name=value per option: a whole number where the option takes one, else the word given.
PanelOptions optionsFromQuery(PanelType type, const net::HttpRequest& request) {
  PanelOptions options;
  const auto specs = panelOptionSpecs(type);
  for (const auto& [name, value] : request.queryParams()) {
    const auto spec = std::find_if(specs.begin(), specs.end(),
                                   [&name](const PanelOptionSpec& s) { return s.name == name; });
    std::int64_t number = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (spec != specs.end() && spec->choices.empty() && ec == std::errc() &&
        end == value.data() + value.size()) {
      options[name] = number;
    } else {
      options[name] = value;
    }
  }
  return options;
}

json deviceJson(std::int64_t id, const std::string& name, const std::string& ip,
                const std::string& model) {
  return {{"id", id}, {"name", name}, {"ipAddress", ip}, {"model", model}};
}

struct PanelDataJson {
  json operator()(const StatusBreakdownData& data) const {
    return {{"counts", data.counts}, {"total", data.total}};
  }
  json operator()(const DevicesWithErrorsData& data) const {
    json items = json::array();
    for (const auto& d : data.devices) {
      auto item = deviceJson(d.id, d.name, d.ip_address, d.model);
      item.update({{"location", d.location},
                   {"severity", d.severity},
                   {"power", d.power},
                   {"conditions", d.conditions},
                   {"since", iso8601(d.since)}});
      items.push_back(std::move(item));
    }
    return {{"devices", items}};
  }
  json operator()(const LowSuppliesData& data) const {
    json items = json::array();
    for (const auto& s : data.devices) {
      auto item = deviceJson(s.device_id, s.name, s.ip_address, s.model);
      item.update({{"supply", s.supply},
                   {"colorant", s.colorant},
                   {"percent", s.percent},
                   {"daysToEmpty", s.days_to_empty ? json(std::round(*s.days_to_empty * 10) / 10)
                                                   : json(nullptr)}});
      items.push_back(std::move(item));
    }
    return {
        {"thresholdPercent", data.threshold_percent}, {"total", data.total}, {"devices", items}};
  }
  json operator()(const CounterTrendData& data) const {
    json points = json::array();
    for (const auto& p : data.points) {
      points.push_back({{"date", dayText(p.day)}, {"pages", p.pages}, {"devices", p.devices}});
    }
    return {{"interval", data.interval},
            {"from", dayText(data.from_day)},
            {"to", dayText(data.to_day)},
            {"points", points}};
  }
  json operator()(const AgentHealthData& data) const {
    json items = json::array();
    for (const auto& a : data.agents) {
      items.push_back(
          {{"id", a.agent.agent.id},
           {"name", a.agent.agent.name},
           {"status", toString(a.agent.status)},
           {"lastContact", timeOrNull(a.agent.agent.last_contact)},
           {"devices", a.devices},
           {"outboxRecords", a.outbox_records ? json(*a.outbox_records) : json(nullptr)},
           {"outboxSampledAt", timeOrNull(a.sampled_at)}});
    }
    return {{"agents", items}};
  }
};

void respondView(const Outcome<DashboardView>& outcome, const char* scope,
                 const net::Responder& respond) {
  respondOutcome<DashboardView>(outcome, 200, respond, viewJson(scope));
}

// PUT of a dashboard: parse, save, audit.
void save(const RouteEnv& env, RouteContext& ctx, const net::Responder& respond,
          std::optional<std::int64_t> user_id, const char* scope) {
  auto body = parseJsonObjectBody(ctx.request);
  if (body.error) return respond(*body.error);
  auto parsed = dashboardFromJson(body.value);
  if (const auto* error = std::get_if<std::string>(&parsed)) {
    return respond(problemResponse(400, "invalid_input", *error));
  }
  const auto saved = env.deps.dashboards.save(user_id, std::get<Dashboard>(parsed));
  if (saved) {
    env.audit.info("{} dashboard saved panels={} by={}", scope, saved->dashboard.panels.size(),
                   ctx.auth->user.username);
  }
  respondView(saved, scope, respond);
}

}  // namespace

void addDashboardRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/dashboards/shared", Access::kAuthenticated,
              [env](RouteContext&, const net::Responder& respond) {
                respondView(env.deps.dashboards.get(std::nullopt), "shared", respond);
              }});
  router.add({"PUT", "/api/v1/dashboards/shared", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                save(env, ctx, respond, std::nullopt, "shared");
              }});
  router.add({"GET", "/api/v1/dashboards/mine", Access::kAuthenticated,
              [env](RouteContext& ctx, const net::Responder& respond) {
                respondView(env.deps.dashboards.get(ctx.auth->user.id), "mine", respond);
              }});
  router.add({"PUT", "/api/v1/dashboards/mine", Access::kAuthenticated,
              [env](RouteContext& ctx, const net::Responder& respond) {
                save(env, ctx, respond, ctx.auth->user.id, "mine");
              }});
  router.add({"GET", "/api/v1/dashboard/panels/{type}", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto& name = ctx.params.at("type");
                const auto type = panelTypeFromString(name);
                if (!type) {
                  return respond(problemResponse(404, "not_found",
                                                 "There is no panel type \"" + name + "\"."));
                }
                const auto data =
                    env.deps.dashboards.panelData(*type, optionsFromQuery(*type, ctx.request));
                respondOutcome<PanelData>(data, 200, respond, [](const PanelData& d) {
                  return std::visit(PanelDataJson{}, d);
                });
              }});
}

}  // namespace pw::manager::api
