#include "manager/api/routes.hpp"

#include <spdlog/spdlog.h>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"

#include "proto/cpp/agent_messages.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

json agentJson(const AgentView& v) {
  return {
      {"id", v.agent.id},
      {"name", v.agent.name},
      {"local", v.agent.local},
      {"status", toString(v.status)},
      {"version", v.agent.version.empty() ? json(nullptr) : json(v.agent.version)},
      {"hostname", v.agent.hostname},
      {"lastContact", v.agent.last_contact ? json(iso8601(*v.agent.last_contact)) : json(nullptr)},
      {"createdAt", iso8601(v.agent.created_at)},
      {"activated", v.agent.state == AgentState::kActive}};
}

json selfStatusJson(const std::optional<AgentSelfStatus>& s) {
  if (!s) return nullptr;
  return {{"sampledAt", iso8601(s->sampled_at)},
          {"cpuPercent", s->cpu_percent},
          {"rssBytes", s->rss_bytes},
          {"queueRecords", s->queue_records},
          {"queueBytes", s->queue_bytes},
          {"droppedRecords", s->dropped_records}};
}

json outboxJson(const std::optional<OutboxPosition>& p) {
  if (!p) return nullptr;
  return {{"position", p->sequence},
          {"droppedRecords", p->dropped},
          {"rejectedRecords", p->rejected},
          {"updatedAt", iso8601(p->updated_at)}};
}

json agentWithKeyJson(const AgentWithKey& a) {
  json body = {{"agent", agentJson(a.view)}};
  if (a.activation_key) body["activationKey"] = *a.activation_key;
  return body;
}

}  // namespace

// Agents: create, list, get, delete, deactivate, ping; enrolment (public, key-protected).
void addAgentRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/agents", Access::kSystemManager,
              [env](RouteContext&, const net::Responder& respond) {
                json items = json::array();
                for (const auto& agent : env.deps.agents.list()) items.push_back(agentJson(agent));
                respond(jsonResponse(200, {{"items", items}}));
              }});

  router.add({"POST", "/api/v1/agents", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto& j = body.value;
                if (!j.contains("name") || !j["name"].is_string() ||
                    (j.contains("local") && !j["local"].is_boolean())) {
                  return respond(problemResponse(400, "invalid_input",
                                                 "Send {\"name\": string, \"local\"?: boolean}."));
                }
                const auto created =
                    env.deps.agents.create(j["name"].get<std::string>(), j.value("local", false));
                if (created) {
                  env.audit.info("agent created id={} name=\"{}\" by={}", created->view.agent.id,
                                 created->view.agent.name, ctx.auth->user.username);
                }
                respondOutcome<AgentWithKey>(created, 201, respond, agentWithKeyJson);
              }});

  router.add({"GET", "/api/v1/agents/{id}", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                // With what the Agent reports about itself through its outbox.
                respondOutcome<AgentWithKey>(
                    env.deps.agents.get(*id), 200, respond, [&env, id](const AgentWithKey& a) {
                      auto body = agentWithKeyJson(a);
                      body["agent"]["selfStatus"] =
                          selfStatusJson(env.deps.outbox.latestSelfStatus(*id));
                      body["agent"]["outbox"] = outboxJson(env.deps.outbox.position(*id));
                      return body;
                    });
              }});

  router.add({"DELETE", "/api/v1/agents/{id}", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto removed = env.deps.agents.remove(*id);
                if (!removed) return respond(problemResponse(removed.error()));
                env.audit.info("agent deleted id={} by={}", *id, ctx.auth->user.username);
                respond(emptyResponse(204));
              }});

  router.add({"POST", "/api/v1/agents/{id}/deactivate", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto result = env.deps.agents.deactivate(*id);
                if (result)
                  env.audit.info("agent deactivated id={} by={}", *id, ctx.auth->user.username);
                respondOutcome<AgentWithKey>(result, 200, respond, agentWithKeyJson);
              }});

  router.add({"POST", "/api/v1/agents/{id}/ping", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                env.deps.agents.ping(*id, [respond](Outcome<std::int64_t> result) {
                  if (!result) return respond(problemResponse(result.error()));
                  respond(jsonResponse(200, {{"roundTripMs", *result}}));
                });
              }});

  router.add({"GET", "/api/v1/agent-enrollment/ca", Access::kPublic,
              [env](RouteContext&, const net::Responder& respond) {
                net::HttpResponse response;
                response.headers.emplace_back("Content-Type", "application/x-pem-file");
                response.body = env.deps.agents.caCertificatePem();
                respond(std::move(response));
              }});

  router.add({"POST", "/api/v1/agent-enrollment", Access::kPublic,
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto request = proto::parseEnrollmentRequest(body.value);
                if (!request) {
                  return respond(problemResponse(400, "invalid_input", request.error.message));
                }
                const auto enrolled = env.deps.agents.enroll(*request.value);
                if (!enrolled) {
                  env.audit.warn("agent enrolment refused from={}: {}", ctx.request.remote_address,
                                 enrolled.error().code);
                  return respond(problemResponse(enrolled.error()));
                }
                env.audit.info("agent enrolled id={} host=\"{}\" from={}", enrolled->agent_id,
                               request.value->hostname, ctx.request.remote_address);
                respond(jsonResponse(200, proto::toJson(*enrolled)));
              }});
}

}  // namespace pw::manager::api
