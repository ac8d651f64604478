#include "manager/api/routes.hpp"

#include <spdlog/spdlog.h>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"

#include <chrono>

#include "common/crypto/secrets.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

json userJson(const User& user) {
  return {{"username", user.username}, {"role", toString(user.role)}};
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

// The 200 answer that starts a session (password or Kerberos sign-in).
net::HttpResponse sessionStarted(const LoginResult& result) {
  auto response = jsonResponse(
      200, {{"csrfToken", result.session.csrf_token}, {"user", userJson(result.user)}});
  response.headers.emplace_back("Set-Cookie",
                                sessionCookie(result.session_token, result.session.remember));
  return response;
}

}  // namespace

// Login, session and logout.
void addAuthRoutes(Router& router, const RouteEnv& env) {
  router.add(
      {"POST", "/api/v1/auth/login", Access::kPublic,
       [env](RouteContext& ctx, const net::Responder& respond) {
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
         ctx.audit->username = username;
         const bool was_locked = env.deps.auth.isLocked(username);
         auto result = env.deps.auth.login(username, j["password"].get<std::string>(),
                                           j.value("remember", false));
         if (!result) {
           env.audit.warn("login failed user={} from={}", username, ctx.request.remote_address);
           // The audit log tells what the answer hides: this failure locked the account, or
           // the account was locked already.
           if (was_locked) {
             ctx.audit->facts["locked"] = true;
           } else if (env.deps.auth.isLocked(username)) {
             ctx.audit->action = "auth.lockout";
           }
           return respond(problemResponse(result.error()));
         }
         ctx.audit->user_id = result->user.id;
         ctx.audit->username = result->user.username;
         env.audit.info("login user={} source={} from={}", result->user.username,
                        toString(result->user.source), ctx.request.remote_address);
         respond(sessionStarted(*result));
       }});

  // What the login page offers besides the password form.
  router.add({"GET", "/api/v1/auth/options", Access::kPublic,
              [env](RouteContext&, const net::Responder& respond) {
                respond(jsonResponse(200, {{"kerberos", env.deps.directory.kerberosEnabled()}}));
              }});

  // HTTP Negotiate (RFC 4559): without a token, the challenge; with one, a Kerberos sign-in.
  router.add(
      {"GET", "/api/v1/auth/negotiate", Access::kPublic,
       [env](RouteContext& ctx, const net::Responder& respond) {
         constexpr std::string_view kScheme = "Negotiate ";
         const auto header = ctx.request.header("authorization");
         auto challenge = [](const std::string& code, const std::string& message) {
           auto response = problemResponse(401, code, message);
           response.headers.emplace_back("WWW-Authenticate", "Negotiate");
           return response;
         };
         if (!env.deps.directory.kerberosEnabled()) {
           return respond(problemResponse(404, "not_found", "Kerberos sign-in is not enabled."));
         }
         if (header.size() <= kScheme.size() || header.substr(0, kScheme.size()) != kScheme) {
           return respond(challenge("unauthenticated", "Send a Kerberos ticket (Negotiate)."));
         }
         auto login = env.deps.directory.negotiate(std::string(header.substr(kScheme.size())));
         // A GET, recorded because it names its action (a sign-in changes state).
         ctx.audit->action = "auth.login";
         if (!login) {
           env.audit.warn("login failed method=kerberos from={}", ctx.request.remote_address);
           return respond(challenge("invalid_credentials", "The Kerberos ticket was refused."));
         }
         const auto result = env.deps.auth.startSession(login->user, false);
         ctx.audit->user_id = result.user.id;
         ctx.audit->username = result.user.username;
         env.audit.info("login user={} source=kerberos from={}", result.user.username,
                        ctx.request.remote_address);
         auto response = sessionStarted(result);
         if (!login->output_token.empty()) {
           response.headers.emplace_back("WWW-Authenticate", "Negotiate " + login->output_token);
         }
         respond(std::move(response));
       }});

  router.add({"GET", "/api/v1/auth/session", Access::kAuthenticated,
              [](RouteContext& ctx, const net::Responder& respond) {
                respond(jsonResponse(200, {{"csrfToken", ctx.auth->session.csrf_token},
                                           {"user", userJson(ctx.auth->user)}}));
              }});

  router.add({"POST", "/api/v1/auth/logout", Access::kAuthenticated,
              [env](RouteContext& ctx, const net::Responder& respond) {
                env.deps.auth.logout(ctx.session_token);
                env.audit.info("logout user={}", ctx.auth->user.username);
                auto response = emptyResponse(204);
                response.headers.emplace_back(
                    "Set-Cookie", std::string(kSessionCookie) +
                                      "=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
                respond(std::move(response));
              }});
}

}  // namespace pw::manager::api
