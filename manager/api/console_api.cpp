#include "manager/api/console_api.hpp"

#include <spdlog/spdlog.h>

#include <atomic>

#include "common/crypto/secrets.hpp"
#include "common/log/logging.hpp"
#include "manager/api/http_util.hpp"
#include "manager/api/routes.hpp"

namespace pw::manager::api {
namespace {

bool isStateChanging(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

net::HttpResponse internalError() {
  return problemResponse(500, "internal_error", "The Manager could not complete the request.");
}

// Request bodies larger than this (an import) are not parsed for the audit record.
constexpr std::size_t kMaxAuditedBodyBytes = 64 * 1024;

// The route's {parameter} values, joined: the record's target ("12", "12/3").
std::string targetOf(const RouteContext& ctx, const std::string& pattern) {
  std::string target;
  for (std::size_t open = pattern.find('{'); open != std::string::npos;
       open = pattern.find('{', open + 1)) {
    const auto close = pattern.find('}', open);
    if (close == std::string::npos) break;
    const auto value = ctx.params.find(pattern.substr(open + 1, close - open - 1));
    if (value == ctx.params.end()) continue;
    if (!target.empty()) target += '/';
    target += value->second;
  }
  return target;
}

}  // namespace

ConsoleApi::ConsoleApi(ConsoleApiDependencies deps)
    : deps_(std::move(deps)), log_(log::get("api")), audit_(log::get("audit")) {
  const RouteEnv env{deps_, *audit_};
  addSystemRoutes(router_, env);
  addAuthRoutes(router_, env);
  addAgentRoutes(router_, env);
  addDeviceRoutes(router_, env);
  addDeviceViewRoutes(router_, env);
  addDeviceExchangeRoutes(router_, env);
  addDiscoveryRoutes(router_, env);
  addMonitoringRoutes(router_, env);
  addDeviceMonitoringRoutes(router_, env);
  addCredentialRoutes(router_, env);
  addScopeRoutes(router_, env);
  addGroupRoutes(router_, env);
  addRegionRoutes(router_, env);
  addDashboardRoutes(router_, env);
  addMailRoutes(router_, env);
  addNotificationRoutes(router_, env);
  addWebhookRoutes(router_, env);
  addTaskRoutes(router_, env);
  addDirectoryRoutes(router_, env);
  addAuditRoutes(router_, env);
  addReportRoutes(router_, env);
  addPreferenceRoutes(router_, env);
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
        secured(internalError());
      }
    });
  };
}

std::optional<std::size_t> ConsoleApi::bodyLimit(std::string_view method,
                                                 std::string_view target) const {
  const auto match = router_.match(std::string(method), target.substr(0, target.find('?')));
  if (match.route == nullptr || match.route->max_body_bytes == 0) return std::nullopt;
  return match.route->max_body_bytes;
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

  auto inside = std::make_shared<std::atomic<bool>>(true);
  const auto answer = audited(route, ctx, inside, respond);
  try {
    handle(route, ctx, answer);
  } catch (const std::exception& e) {
    // Answered here rather than by handler(), so the failure is recorded too.
    log_->error("{} {} failed: {}", request.method, path, e.what());
    answer(internalError());
  }
  *inside = false;
}

void ConsoleApi::handle(const Route& route, RouteContext& ctx, const net::Responder& respond) {
  const auto& request = ctx.request;

  const auto decision = route.access.decide(ctx.auth ? &ctx.auth->user : nullptr, request.method);
  if (decision == Access::Decision::kUnauthenticated) {
    return respond(problemResponse(401, "unauthenticated", "Log in to use this resource."));
  }
  // The CSRF check comes before the role check: a forged request learns nothing about rights.
  if (!route.access.isPublic() && isStateChanging(request.method) &&
      !crypto::constantTimeEquals(request.header("x-csrf-token"), ctx.auth->session.csrf_token)) {
    return respond(problemResponse(403, "csrf_token_invalid",
                                   "The X-CSRF-Token header is missing or does not match the "
                                   "session."));
  }
  if (decision == Access::Decision::kForbidden) {
    return respond(problemResponse(403, "forbidden", "Your role does not allow this."));
  }
  route.handler(ctx, respond);
}

net::Responder ConsoleApi::audited(const Route& route, const RouteContext& ctx,
                                   std::shared_ptr<const std::atomic<bool>> inside,
                                   const net::Responder& respond) {
  const auto& request = ctx.request;
  AuditEntry entry;
  if (ctx.auth) {
    entry.actor = AuditActor::kUser;
    entry.user_id = ctx.auth->user.id;
    entry.username = ctx.auth->user.username;
  }
  entry.address =
      clientAddress(request.remote_address, request.header("x-forwarded-for"), deps_.behind_proxy);
  entry.method = request.method;
  entry.route = route.pattern;
  entry.action = auditAction(request.method, route.pattern);
  entry.target = targetOf(ctx, route.pattern);
  nlohmann::json body;
  if (isStateChanging(request.method) && !request.body.empty()) {
    if (request.body.size() <= kMaxAuditedBodyBytes) {
      body = nlohmann::json::parse(request.body, nullptr, false);
    }
    if (body.is_discarded() || body.is_null()) {
      body = nullptr;
      ctx.audit->facts["requestBytes"] = request.body.size();
    }
  }
  // Recorded before the answer leaves, so whoever reads the log next sees it. An answer that
  // completes after dispatch may come from a timer on an I/O thread: its record goes to the
  // workers, never blocking I/O on SQLite.
  auto record = [this, entry = std::move(entry), body = std::move(body), note = ctx.audit,
                 respond](net::HttpResponse response) mutable {
    // A GET is recorded only when its handler names an action (a Kerberos sign-in).
    if (!isStateChanging(entry.method) && note->action.empty()) return respond(std::move(response));
    entry.status = response.status;
    deps_.audit.record(std::move(entry), body, *note);
    respond(std::move(response));
  };
  return [this, inside = std::move(inside),
          record = std::move(record)](net::HttpResponse response) mutable {
    if (inside->load()) return record(std::move(response));
    deps_.workers.submit(
        [record, response = std::move(response)]() mutable { record(std::move(response)); });
  };
}

}  // namespace pw::manager::api
