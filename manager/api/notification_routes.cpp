#include <spdlog/spdlog.h>

#include <algorithm>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"
#include "manager/api/routes.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

json ruleJson(const NotificationRule& rule) {
  return notificationRuleJson(rule);
}

json throttleJson(const ThrottleSettings& t) {
  return {{"limit", t.limit}, {"windowMinutes", t.window.count()}};
}

}  // namespace

// Monitoring notification rules (the Monitor Printers task's notification conditions: Device
// Managers with the tasks grant) and storm control (System Manager).
void addNotificationRoutes(Router& router, const RouteEnv& env) {
  const auto access = Access::manage(Grant::kTasks);

  router.add({"GET", "/api/v1/notification-rules", access,
              [env](RouteContext&, const net::Responder& respond) {
                json items = json::array();
                for (const auto& rule : env.deps.notifications.list()) {
                  items.push_back(ruleJson(rule));
                }
                respond(jsonResponse(200, {{"items", items}}));
              }});

  router.add({"POST", "/api/v1/notification-rules", access,
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                auto rule = notificationRuleFromJson(body.value);
                if (!rule) return respond(problemResponse(rule.error()));
                const auto created = env.deps.notifications.create(std::move(*rule));
                if (created) {
                  env.audit.info("notification rule {} created by={}", created->id,
                                 ctx.auth->user.username);
                }
                respondOutcome<NotificationRule>(created, 201, respond, ruleJson);
              }});

  router.add({"GET", "/api/v1/notification-rules/{id}", access,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                respondOutcome<NotificationRule>(env.deps.notifications.get(*id), 200, respond,
                                                 ruleJson);
              }});

  router.add({"PUT", "/api/v1/notification-rules/{id}", access,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                auto rule = notificationRuleFromJson(body.value);
                if (!rule) return respond(problemResponse(rule.error()));
                const auto updated = env.deps.notifications.update(*id, std::move(*rule));
                if (updated) {
                  env.audit.info("notification rule {} changed by={}", *id,
                                 ctx.auth->user.username);
                }
                respondOutcome<NotificationRule>(updated, 200, respond, ruleJson);
              }});

  router.add({"DELETE", "/api/v1/notification-rules/{id}", access,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto removed = env.deps.notifications.remove(*id);
                if (!removed) return respond(problemResponse(removed.error()));
                env.audit.info("notification rule {} deleted by={}", *id, ctx.auth->user.username);
                respond(emptyResponse(204));
              }});

  router.add({"POST", "/api/v1/notification-rules/{id}/duplicate", access,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto copy = env.deps.notifications.duplicate(*id);
                if (copy) {
                  env.audit.info("notification rule {} duplicated as {} by={}", *id, copy->id,
                                 ctx.auth->user.username);
                }
                respondOutcome<NotificationRule>(copy, 201, respond, ruleJson);
              }});

  router.add({"GET", "/api/v1/settings/notification-throttle", Access::kSystemManager,
              [env](RouteContext&, const net::Responder& respond) {
                respond(jsonResponse(200, throttleJson(env.deps.notifications.throttle())));
              }});

  router.add(
      {"PUT", "/api/v1/settings/notification-throttle", Access::kSystemManager,
       [env](RouteContext& ctx, const net::Responder& respond) {
         auto body = parseJsonObjectBody(ctx.request);
         if (body.error) return respond(*body.error);
         auto settings = env.deps.notifications.throttle();
         const auto before = throttleJson(settings);
         for (const auto& [key, value] : body.value.items()) {
           if (key == "limit" && value.is_number_integer()) {
             settings.limit =
                 static_cast<int>(std::clamp<std::int64_t>(value.get<std::int64_t>(), 0, 1001));
           } else if (key == "windowMinutes" && value.is_number_integer()) {
             settings.window =
                 std::chrono::minutes(std::clamp<std::int64_t>(value.get<std::int64_t>(), 0, 1441));
           } else {
             return respond(problemResponse(400, "invalid_input",
                                            "send limit and windowMinutes (whole numbers)"));
           }
         }
         const auto saved = env.deps.notifications.setThrottle(settings);
         if (saved) {
           env.audit.info("notification storm control changed by={}", ctx.auth->user.username);
           ctx.audit->change(before, throttleJson(*saved));
         }
         respondOutcome<ThrottleSettings>(saved, 200, respond, throttleJson);
       }});
}

}  // namespace pw::manager::api
