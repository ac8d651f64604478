#include "manager/api/console_api.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <variant>

#include "common/crypto/secrets.hpp"
#include "common/log/logging.hpp"
#include "manager/api/http_util.hpp"
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

json agentWithKeyJson(const AgentWithKey& a) {
  json body = {{"agent", agentJson(a.view)}};
  if (a.activation_key) body["activationKey"] = *a.activation_key;
  return body;
}

json deviceJson(const Device& d) {
  return {{"id", d.id},
          {"agentId", d.agent_id ? json(*d.agent_id) : json(nullptr)},
          {"state", toString(d.state)},
          {"vendor", d.identity.vendor},
          {"model", d.identity.model},
          {"serial", d.identity.serial},
          {"firmware", d.identity.firmware},
          {"mac", d.identity.mac},
          {"name", d.name},
          {"location", d.location},
          {"contact", d.contact},
          {"ipAddress", d.ip_address},
          {"hostname", d.hostname},
          {"firstSeen", iso8601(d.first_seen)},
          {"lastSeen", iso8601(d.last_seen)},
          {"linkUrl", d.link_url}};
}

// The device list's query string: page, pageSize, sort, order and filter[field] (repeated
// for several values). Returns the query, or the message of a 400 naming what is wrong.
std::variant<DeviceQuery, std::string> parseDeviceQuery(const net::HttpRequest& request) {
  DeviceQuery query;
  const auto positive = [](const std::string& text, int& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
  };
  for (const auto& [name, value] : request.queryParams()) {
    if (name == "page") {
      if (!positive(value, query.page)) return "page must be a positive integer";
    } else if (name == "pageSize") {
      if (!positive(value, query.page_size)) return "pageSize must be a positive integer";
    } else if (name == "sort") {
      const auto field = deviceFieldFromString(value);
      if (!field) return "sort: there is no device field \"" + value + "\"";
      query.sort = *field;
    } else if (name == "order") {
      if (value != "asc" && value != "desc") return "order must be asc or desc";
      query.descending = value == "desc";
    } else if (name.starts_with("filter[") && name.ends_with("]")) {
      const auto field_name = name.substr(7, name.size() - 8);
      const auto field = deviceFieldFromString(field_name);
      if (!field) return "filter: there is no device field \"" + field_name + "\"";
      auto same = std::find_if(query.filters.begin(), query.filters.end(),
                               [&](const DeviceFilter& f) { return f.field == *field; });
      if (same == query.filters.end()) same = query.filters.insert(same, {*field, {}});
      same->values.push_back(value);
    } else {
      return "unknown query parameter \"" + name +
             "\"; use page, pageSize, sort, order and filter[field]";
    }
  }
  return query;
}

// A PATCH body: any of name, location, contact, linkUrl, each a string.
std::variant<DeviceEdit, std::string> parseDeviceEdit(const json& body) {
  DeviceEdit edit;
  for (const auto& [key, value] : body.items()) {
    std::optional<std::string>* field = key == "name"       ? &edit.name
                                        : key == "location" ? &edit.location
                                        : key == "contact"  ? &edit.contact
                                        : key == "linkUrl"  ? &edit.link_url
                                                            : nullptr;
    if (field == nullptr) {
      return "\"" + key + "\" cannot be edited; send any of name, location, contact, linkUrl";
    }
    if (!value.is_string()) return key + " must be a string";
    *field = value.get<std::string>();
  }
  return edit;
}

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

json userJson(const User& user) {
  return {{"username", user.username}, {"role", toString(user.role)}};
}

std::optional<std::int64_t> idParam(const RouteContext& ctx) {
  const auto& text = ctx.params.at("id");
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

net::HttpResponse badId() {
  return problemResponse(400, "invalid_input", "The id in the path must be a positive integer.");
}

std::string sessionCookie(const std::string& token, bool remember) {
  std::string cookie =
      std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; Secure; SameSite=Strict";
  if (remember) {
    cookie +=
        "; Max-Age=" + std::to_string(std::chrono::seconds(SessionPolicy::kRememberFor).count());
  }
  return cookie;
}

bool isStateChanging(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

template <typename T>
void respondOutcome(const Outcome<T>& outcome, int status, const net::Responder& respond,
                    const std::function<json(const T&)>& to_json) {
  if (!outcome) return respond(problemResponse(outcome.error()));
  respond(jsonResponse(status, to_json(*outcome)));
}

}  // namespace

ConsoleApi::ConsoleApi(ConsoleApiDependencies deps)
    : deps_(std::move(deps)), log_(log::get("api")), audit_(log::get("audit")) {
  addRoutes();
  addDeviceRoutes();
  addDiscoveryRoutes();
}

net::RequestHandler ConsoleApi::handler() {
  return [this](net::HttpRequest&& request, const net::Responder& respond) {
    auto shared = std::make_shared<net::HttpRequest>(std::move(request));
    deps_.workers.submit([this, shared, respond = std::move(respond)] {
      // Security headers go on every answer, including those completed later by a route.
      const net::Responder secured = [respond](net::HttpResponse response) {
        addSecurityHeaders(response);
        respond(std::move(response));
      };
      try {
        dispatch(*shared, secured);
      } catch (const std::exception& e) {
        log_->error("{} {} failed: {}", shared->method, shared->path(), e.what());
        secured(
            problemResponse(500, "internal_error", "The Manager could not complete the request."));
      }
    });
  };
}

void ConsoleApi::dispatch(const net::HttpRequest& request, const net::Responder& respond) {
  const auto path = request.path();
  if (path.rfind("/api/", 0) != 0) {
    if (request.method != "GET" && request.method != "HEAD") {
      return respond(problemResponse(405, "method_not_allowed", "Only GET is allowed here."));
    }
    return respond(deps_.static_files.serve(path));
  }

  auto match = router_.match(request.method, path);
  if (match.route == nullptr) {
    return respond(match.path_known
                       ? problemResponse(405, "method_not_allowed",
                                         request.method + " is not allowed on this resource.")
                       : problemResponse(404, "not_found", "There is no such API resource."));
  }
  const Route& route = *match.route;
  RouteContext ctx{request, std::move(match.params), std::nullopt,
                   cookieValue(request, kSessionCookie)};
  if (!ctx.session_token.empty()) ctx.auth = deps_.auth.resume(ctx.session_token);

  if (route.access != Access::kPublic) {
    if (!ctx.auth) {
      return respond(problemResponse(401, "unauthenticated", "Log in to use this resource."));
    }
    if (isStateChanging(request.method) &&
        !crypto::constantTimeEquals(request.header("x-csrf-token"), ctx.auth->session.csrf_token)) {
      return respond(problemResponse(403, "csrf_token_invalid",
                                     "The X-CSRF-Token header is missing or does not match the "
                                     "session."));
    }
    if (route.access == Access::kSystemManager && ctx.auth->user.role != Role::kSystemManager) {
      return respond(problemResponse(403, "forbidden", "Your role does not allow this."));
    }
  }
  route.handler(ctx, respond);
}

void ConsoleApi::addRoutes() {
  router_.add({"GET", "/api/v1/health", Access::kPublic,
               [this](RouteContext&, const net::Responder& respond) {
                 respond(jsonResponse(200, {{"status", "ok"}, {"version", deps_.version}}));
               }});

  router_.add({"GET", "/api/v1/openapi.json", Access::kPublic,
               [this](RouteContext&, const net::Responder& respond) {
                 net::HttpResponse response;
                 response.headers.emplace_back("Content-Type", "application/json");
                 response.body = deps_.openapi_document;
                 respond(std::move(response));
               }});

  router_.add(
      {"POST", "/api/v1/auth/login", Access::kPublic,
       [this](RouteContext& ctx, const net::Responder& respond) {
         auto body = parseJsonObjectBody(ctx.request);
         if (body.error) return respond(*body.error);
         const auto& j = body.value;
         if (!j.contains("username") || !j["username"].is_string() || !j.contains("password") ||
             !j["password"].is_string() ||
             (j.contains("remember") && !j["remember"].is_boolean())) {
           return respond(problemResponse(
               400, "invalid_input",
               "Send {\"username\": string, \"password\": string, \"remember\"?: boolean}."));
         }
         const auto username = j["username"].get<std::string>();
         auto result = deps_.auth.login(username, j["password"].get<std::string>(),
                                        j.value("remember", false));
         if (!result) {
           audit_->warn("login failed user={} from={}", username, ctx.request.remote_address);
           return respond(problemResponse(result.error()));
         }
         audit_->info("login user={} from={}", result->user.username, ctx.request.remote_address);
         auto response = jsonResponse(
             200, {{"csrfToken", result->session.csrf_token}, {"user", userJson(result->user)}});
         response.headers.emplace_back(
             "Set-Cookie", sessionCookie(result->session_token, result->session.remember));
         respond(std::move(response));
       }});

  router_.add({"GET", "/api/v1/auth/session", Access::kAuthenticated,
               [](RouteContext& ctx, const net::Responder& respond) {
                 respond(jsonResponse(200, {{"csrfToken", ctx.auth->session.csrf_token},
                                            {"user", userJson(ctx.auth->user)}}));
               }});

  router_.add({"POST", "/api/v1/auth/logout", Access::kAuthenticated,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 deps_.auth.logout(ctx.session_token);
                 audit_->info("logout user={}", ctx.auth->user.username);
                 auto response = emptyResponse(204);
                 response.headers.emplace_back(
                     "Set-Cookie", std::string(kSessionCookie) +
                                       "=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
                 respond(std::move(response));
               }});

  router_.add({"GET", "/api/v1/agents", Access::kSystemManager,
               [this](RouteContext&, const net::Responder& respond) {
                 json items = json::array();
                 for (const auto& agent : deps_.agents.list()) items.push_back(agentJson(agent));
                 respond(jsonResponse(200, {{"items", items}}));
               }});

  router_.add({"POST", "/api/v1/agents", Access::kSystemManager,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 auto body = parseJsonObjectBody(ctx.request);
                 if (body.error) return respond(*body.error);
                 const auto& j = body.value;
                 if (!j.contains("name") || !j["name"].is_string() ||
                     (j.contains("local") && !j["local"].is_boolean())) {
                   return respond(problemResponse(400, "invalid_input",
                                                  "Send {\"name\": string, \"local\"?: boolean}."));
                 }
                 const auto created =
                     deps_.agents.create(j["name"].get<std::string>(), j.value("local", false));
                 if (created) {
                   audit_->info("agent created id={} name=\"{}\" by={}", created->view.agent.id,
                                created->view.agent.name, ctx.auth->user.username);
                 }
                 respondOutcome<AgentWithKey>(created, 201, respond, agentWithKeyJson);
               }});

  router_.add({"GET", "/api/v1/agents/{id}", Access::kSystemManager,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 const auto id = idParam(ctx);
                 if (!id) return respond(badId());
                 respondOutcome<AgentWithKey>(deps_.agents.get(*id), 200, respond,
                                              agentWithKeyJson);
               }});

  router_.add({"DELETE", "/api/v1/agents/{id}", Access::kSystemManager,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 const auto id = idParam(ctx);
                 if (!id) return respond(badId());
                 const auto removed = deps_.agents.remove(*id);
                 if (!removed) return respond(problemResponse(removed.error()));
                 audit_->info("agent deleted id={} by={}", *id, ctx.auth->user.username);
                 respond(emptyResponse(204));
               }});

  router_.add({"POST", "/api/v1/agents/{id}/deactivate", Access::kSystemManager,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 const auto id = idParam(ctx);
                 if (!id) return respond(badId());
                 const auto result = deps_.agents.deactivate(*id);
                 if (result)
                   audit_->info("agent deactivated id={} by={}", *id, ctx.auth->user.username);
                 respondOutcome<AgentWithKey>(result, 200, respond, agentWithKeyJson);
               }});

  router_.add({"POST", "/api/v1/agents/{id}/ping", Access::kSystemManager,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 const auto id = idParam(ctx);
                 if (!id) return respond(badId());
                 deps_.agents.ping(*id, [respond](Outcome<std::int64_t> result) {
                   if (!result) return respond(problemResponse(result.error()));
                   respond(jsonResponse(200, {{"roundTripMs", *result}}));
                 });
               }});

  router_.add({"GET", "/api/v1/agent-enrollment/ca", Access::kPublic,
               [this](RouteContext&, const net::Responder& respond) {
                 net::HttpResponse response;
                 response.headers.emplace_back("Content-Type", "application/x-pem-file");
                 response.body = deps_.agents.caCertificatePem();
                 respond(std::move(response));
               }});

  router_.add({"POST", "/api/v1/agent-enrollment", Access::kPublic,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 auto body = parseJsonObjectBody(ctx.request);
                 if (body.error) return respond(*body.error);
                 const auto request = proto::parseEnrollmentRequest(body.value);
                 if (!request) {
                   return respond(problemResponse(400, "invalid_input", request.error.message));
                 }
                 const auto enrolled = deps_.agents.enroll(*request.value);
                 if (!enrolled) {
                   audit_->warn("agent enrolment refused from={}: {}", ctx.request.remote_address,
                                enrolled.error().code);
                   return respond(problemResponse(enrolled.error()));
                 }
                 audit_->info("agent enrolled id={} host=\"{}\" from={}", enrolled->agent_id,
                              request.value->hostname, ctx.request.remote_address);
                 respond(jsonResponse(200, proto::toJson(*enrolled)));
               }});
}

void ConsoleApi::addDeviceRoutes() {
  router_.add({"GET", "/api/v1/devices", Access::kSystemManager,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 auto query = parseDeviceQuery(ctx.request);
                 if (const auto* error = std::get_if<std::string>(&query)) {
                   return respond(problemResponse(400, "invalid_input", *error));
                 }
                 const auto& q = std::get<DeviceQuery>(query);
                 const auto page = deps_.devices.list(q);
                 if (!page) return respond(problemResponse(page.error()));
                 json items = json::array();
                 for (const auto& device : page->items) items.push_back(deviceJson(device));
                 respond(jsonResponse(200, {{"items", items},
                                            {"total", page->total},
                                            {"page", q.page},
                                            {"pageSize", q.page_size}}));
               }});

  router_.add({"GET", "/api/v1/devices/{id}", Access::kSystemManager,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 const auto id = idParam(ctx);
                 if (!id) return respond(badId());
                 respondOutcome<Device>(deps_.devices.get(*id), 200, respond, deviceJson);
               }});

  router_.add({"PATCH", "/api/v1/devices/{id}", Access::kSystemManager,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 const auto id = idParam(ctx);
                 if (!id) return respond(badId());
                 auto body = parseJsonObjectBody(ctx.request);
                 if (body.error) return respond(*body.error);
                 const auto edit = parseDeviceEdit(body.value);
                 if (const auto* error = std::get_if<std::string>(&edit)) {
                   return respond(problemResponse(400, "invalid_input", *error));
                 }
                 const auto updated = deps_.devices.update(*id, std::get<DeviceEdit>(edit));
                 if (updated) {
                   std::string fields;
                   for (const auto& [key, value] : body.value.items()) {
                     fields += (fields.empty() ? "" : ",") + key;
                   }
                   audit_->info("device edited id={} fields={} by={}", *id, fields,
                                ctx.auth->user.username);
                 }
                 respondOutcome<Device>(updated, 200, respond, deviceJson);
               }});

  router_.add({"POST", "/api/v1/devices/{id}/remove", Access::kSystemManager,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 const auto id = idParam(ctx);
                 if (!id) return respond(badId());
                 const auto removed = deps_.devices.remove(*id);
                 if (removed)
                   audit_->info("device removed id={} by={}", *id, ctx.auth->user.username);
                 respondOutcome<Device>(removed, 200, respond, deviceJson);
               }});

  router_.add({"POST", "/api/v1/devices/{id}/restore", Access::kSystemManager,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 const auto id = idParam(ctx);
                 if (!id) return respond(badId());
                 const auto restored = deps_.devices.restore(*id);
                 if (restored) {
                   audit_->info("device restored id={} by={}", *id, ctx.auth->user.username);
                 }
                 respondOutcome<Device>(restored, 200, respond, deviceJson);
               }});

  router_.add({"DELETE", "/api/v1/devices/{id}", Access::kSystemManager,
               [this](RouteContext& ctx, const net::Responder& respond) {
                 const auto id = idParam(ctx);
                 if (!id) return respond(badId());
                 const auto deleted = deps_.devices.deletePermanently(*id);
                 if (!deleted) return respond(problemResponse(deleted.error()));
                 audit_->info("device deleted id={} by={}", *id, ctx.auth->user.username);
                 respond(emptyResponse(204));
               }});
}

void ConsoleApi::addDiscoveryRoutes() {
  router_.add(
      {"POST", "/api/v1/discovery", Access::kSystemManager,
       [this](RouteContext& ctx, const net::Responder& respond) {
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
         deps_.discovery.discover(
             request, [this, respond, agent_id, targets, user](Outcome<DiscoverySummary> result) {
               if (!result) {
                 audit_->warn("discovery agent={} targets={} by={} failed: {}", agent_id, targets,
                              user, result.error().code);
                 return respond(problemResponse(result.error()));
               }
               audit_->info(
                   "discovery agent={} targets={} probed={} found={} created={} updated={} by={}",
                   agent_id, targets, result->probed, result->found, result->created,
                   result->updated, user);
               respond(jsonResponse(200, discoverySummaryJson(*result)));
             });
       }});
}

}  // namespace pw::manager::api
