#include <spdlog/spdlog.h>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"
#include "manager/api/routes.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

json subscriptionJson(const WebhookSubscription& s) {
  return webhookJson(s);
}

}  // namespace

// Webhook subscriptions and their delivery log (System Manager: they send data out).
void addWebhookRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/webhooks", Access::kSystemManager,
              [env](RouteContext&, const net::Responder& respond) {
                json items = json::array();
                for (const auto& s : env.deps.webhooks.list()) items.push_back(webhookJson(s));
                respond(jsonResponse(200, {{"items", items}}));
              }});

  router.add({"POST", "/api/v1/webhooks", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto edit = webhookFromJson(body.value);
                if (!edit) return respond(problemResponse(edit.error()));
                const auto created = env.deps.webhooks.create(*edit);
                if (created) {
                  env.audit.info("webhook {} created by={}", created->id, ctx.auth->user.username);
                }
                respondOutcome<WebhookSubscription>(created, 201, respond, subscriptionJson);
              }});

  router.add({"GET", "/api/v1/webhooks/{id}", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                respondOutcome<WebhookSubscription>(env.deps.webhooks.get(*id), 200, respond,
                                                    subscriptionJson);
              }});

  router.add({"PUT", "/api/v1/webhooks/{id}", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto edit = webhookFromJson(body.value);
                if (!edit) return respond(problemResponse(edit.error()));
                const auto updated = env.deps.webhooks.update(*id, *edit);
                if (updated) {
                  env.audit.info("webhook {} changed by={}", *id, ctx.auth->user.username);
                }
                respondOutcome<WebhookSubscription>(updated, 200, respond, subscriptionJson);
              }});

  router.add({"DELETE", "/api/v1/webhooks/{id}", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto removed = env.deps.webhooks.remove(*id);
                if (!removed) return respond(problemResponse(removed.error()));
                env.audit.info("webhook {} deleted by={}", *id, ctx.auth->user.username);
                respond(emptyResponse(204));
              }});

  router.add({"GET", "/api/v1/webhooks/{id}/deliveries", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto deliveries = env.deps.webhooks.deliveries(*id, 200);
                if (!deliveries) return respond(problemResponse(deliveries.error()));
                json items = json::array();
                for (const auto& d : *deliveries) items.push_back(webhookDeliveryJson(d));
                respond(jsonResponse(200, {{"items", items}}));
              }});
}

}  // namespace pw::manager::api
