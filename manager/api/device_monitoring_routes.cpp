// A device's monitoring: current status with alerts, supplies with trays, bins and
// days-to-empty, counters with their daily history, status history (edges), "refresh now",
// and the retention settings of the history.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <variant>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"
#include "manager/api/routes.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

constexpr std::int64_t kDay = 86'400;

std::string dayText(std::int64_t day) {
  return iso8601(fromUnixSeconds(day * kDay)).substr(0, 10);
}

// ?from&to with defaults; the message of a 400 when malformed.
std::variant<std::pair<std::int64_t, std::int64_t>, std::string> range(
    const net::HttpRequest& request, std::int64_t default_from, std::int64_t default_to) {
  std::pair<std::int64_t, std::int64_t> out{default_from, default_to};
  for (const auto& [name, value] : request.queryParams()) {
    if (name != "from" && name != "to") {
      return "unknown parameter \"" + name + "\"; use from and to";
    }
    const auto parsed = parseIsoTime(value);
    if (!parsed) return name + " must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ";
    (name == "from" ? out.first : out.second) = *parsed;
  }
  return out;
}

json statusBody(const std::optional<CurrentStatus>& current) {
  if (!current) {
    return {{"polled", false},
            {"severity", "unknown"},
            {"power", "unknown"},
            {"conditions", json::array()},
            {"alerts", json::array()}};
  }
  const auto& c = *current;
  return {
      {"polled", true},
      {"severity", c.status.severity},
      {"power", c.status.power},
      {"conditions", c.status.conditions},
      {"alerts", json::parse(c.alerts_json, nullptr, false)},
      {"error", c.error_kind.empty() ? json(nullptr)
                                     : json{{"kind", c.error_kind}, {"message", c.error_message}}},
      {"uptimeTicks", c.uptime_ticks ? json(*c.uptime_ticks) : json(nullptr)},
      {"readAt", iso8601(c.read_at)},
      {"since", iso8601(c.since)}};
}

json suppliesBody(const std::optional<SuppliesView>& view) {
  if (!view) {
    return {{"polled", false},
            {"items", json::array()},
            {"inputTrays", json::array()},
            {"outputBins", json::array()}};
  }
  auto body = json::parse(view->body_json, nullptr, false);
  if (!body.is_object()) body = json::object();
  for (auto& item : body["items"]) {
    const auto it = view->days_to_empty.find(item.value("index", ""));
    item["daysToEmpty"] = it != view->days_to_empty.end() && it->second
                              ? json(std::round(*it->second * 10) / 10)
                              : json(nullptr);
  }
  body["polled"] = true;
  body["readAt"] = iso8601(view->read_at);
  return body;
}

json countersBody(const CountersView& view) {
  json daily = json::array();
  for (std::size_t i = 0; i < view.daily.size(); ++i) {
    json values = json::object();
    json used = json::object();
    for (std::size_t f = 0; f < kCounterFieldNames.size(); ++f) {
      const std::string field(kCounterFieldNames[f]);
      if (const auto& v = view.daily[i].counters.values[f]) {
        values[field] = {{"value", *v}, {"unit", view.daily[i].counters.units[f]}};
      }
      if (const auto& u = view.usage[i].used[f]) {
        used[field] = {{"used", *u}, {"change", view.usage[i].change[f]}};
      }
    }
    daily.push_back({{"day", dayText(view.daily[i].day)},
                     {"readAt", iso8601(view.daily[i].read_at)},
                     {"counters", values},
                     {"usage", used}});
  }
  json latest = view.latest_json ? json::parse(*view.latest_json, nullptr, false) : json(nullptr);
  if (latest.is_discarded()) latest = nullptr;
  return {{"latest", latest},
          {"readAt", view.read_at ? json(iso8601(*view.read_at)) : json(nullptr)},
          {"daily", daily}};
}

json edgeJson(const StatusEdge& e) {
  return {{"severity", e.status.severity},
          {"power", e.status.power},
          {"conditions", e.status.conditions},
          {"start", iso8601(e.started_at)},
          {"end", e.ended_at ? json(iso8601(*e.ended_at)) : json(nullptr)}};
}

json pollJson(const PollStarted& p) {
  json skipped = json::array();
  for (const auto& [id, why] : p.skipped) skipped.push_back({{"deviceId", id}, {"reason", why}});
  return {{"commandId", p.command_id}, {"deviceIds", p.device_ids}, {"skipped", skipped}};
}

json retentionJson(const RetentionSettings& r) {
  return {{"statusHistoryDays", r.status_history_days},
          {"counterDays", r.counter_days},
          {"supplyDays", r.supply_days}};
}

}  // namespace

void addDeviceMonitoringRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/devices/{id}/status", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                respondOutcome<std::optional<CurrentStatus>>(env.deps.readings.status(*id), 200,
                                                             respond, statusBody);
              }});

  router.add({"GET", "/api/v1/devices/{id}/supplies", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                respondOutcome<std::optional<SuppliesView>>(env.deps.readings.supplies(*id), 200,
                                                            respond, suppliesBody);
              }});

  // What the function-check built-in tasks concluded (an unchecked function is absent).
  router.add({"GET", "/api/v1/devices/{id}/functions", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                respondOutcome<std::vector<FunctionSupport>>(
                    env.deps.readings.functionSupport(*id), 200, respond,
                    [](const std::vector<FunctionSupport>& records) {
                      json items = json::array();
                      for (const auto& r : records) {
                        items.push_back({{"function", r.function},
                                         {"state", r.state},
                                         {"reason", r.reason},
                                         {"checkedAt", iso8601(r.checked_at)}});
                      }
                      return json{{"items", items}};
                    });
              }});

  router.add({"GET", "/api/v1/devices/{id}/counters", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto now = toUnixSeconds(env.deps.clock.now());
                const auto r = range(ctx.request, now - 90 * kDay, now);
                if (const auto* error = std::get_if<std::string>(&r)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto [from, to] = std::get<0>(r);
                respondOutcome<CountersView>(
                    env.deps.readings.counters(*id, from / kDay, to / kDay), 200, respond,
                    countersBody);
              }});

  router.add(
      {"GET", "/api/v1/devices/{id}/status-history", Access::view(Grant::kDevices),
       [env](RouteContext& ctx, const net::Responder& respond) {
         const auto id = idParam(ctx);
         if (!id) return respond(badId());
         const auto now = toUnixSeconds(env.deps.clock.now());
         const auto r = range(ctx.request, now - 30 * kDay, now + 1);
         if (const auto* error = std::get_if<std::string>(&r)) {
           return respond(problemResponse(400, "invalid_input", *error));
         }
         const auto [from, to] = std::get<0>(r);
         respondOutcome<std::vector<StatusEdge>>(
             env.deps.readings.statusHistory(*id, fromUnixSeconds(from), fromUnixSeconds(to)), 200,
             respond, [](const std::vector<StatusEdge>& edges) {
               json items = json::array();
               for (const auto& e : edges) items.push_back(edgeJson(e));
               return json{{"items", items}};
             });
       }});

  router.add({"POST", "/api/v1/devices/{id}/refresh", Access::manage(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto started = env.deps.readings.refresh(*id);
                if (started) {
                  env.audit.info("device refresh id={} by={}", *id, ctx.auth->user.username);
                }
                respondOutcome<PollStarted>(started, 202, respond, pollJson);
              }});

  router.add({"GET", "/api/v1/settings/retention", Access::kSystemManager,
              [env](RouteContext&, const net::Responder& respond) {
                respond(jsonResponse(200, retentionJson(env.deps.readings.retention())));
              }});

  router.add({"PUT", "/api/v1/settings/retention", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                RetentionSettings settings;
                const std::pair<const char*, int*> fields[] = {
                    {"statusHistoryDays", &settings.status_history_days},
                    {"counterDays", &settings.counter_days},
                    {"supplyDays", &settings.supply_days}};
                for (const auto& [key, value] : body.value.items()) {
                  int* target = nullptr;
                  for (const auto& [name, field] : fields) {
                    if (key == name) target = field;
                  }
                  if (target == nullptr || !value.is_number_integer()) {
                    return respond(problemResponse(
                        400, "invalid_input",
                        "send statusHistoryDays, counterDays and supplyDays (integers)"));
                  }
                  *target = static_cast<int>(std::clamp<std::int64_t>(value.get<std::int64_t>(), -1,
                                                                      kMaxRetentionDays + 1));
                }
                if (body.value.size() != std::size(fields)) {
                  return respond(problemResponse(
                      400, "invalid_input",
                      "send statusHistoryDays, counterDays and supplyDays (integers)"));
                }
                const auto before = env.deps.readings.retention();
                const auto saved = env.deps.readings.setRetention(settings);
                if (saved) {
                  env.audit.info("retention changed by={}", ctx.auth->user.username);
                  ctx.audit->change(retentionJson(before), retentionJson(*saved));
                }
                respondOutcome<RetentionSettings>(saved, 200, respond, retentionJson);
              }});
}

}  // namespace pw::manager::api
