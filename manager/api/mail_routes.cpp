#include <spdlog/spdlog.h>

#include <variant>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"
#include "manager/api/routes.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

// The password is write-only: the answer says whether one is stored, never what it is.
json mailSettingsJson(const MailSettingsView& view) {
  const auto& s = view.server;
  return {{"host", s.host},
          {"port", s.port},
          {"security", toString(s.security)},
          {"user", s.user},
          {"passwordSet", view.password_set},
          {"sender", s.sender},
          {"caCertificate", s.ca_pem}};
}

std::variant<MailSettingsEdit, std::string> parseMailSettings(const json& body) {
  MailSettingsEdit edit;
  auto& s = edit.server;
  for (const auto& [key, value] : body.items()) {
    const auto text = [&](std::string& out) {
      if (!value.is_string()) return false;
      out = value.get<std::string>();
      return true;
    };
    bool ok = true;
    if (key == "host") {
      ok = text(s.host);
    } else if (key == "port") {
      ok = value.is_number_integer() && value.get<std::int64_t>() >= 1 &&
           value.get<std::int64_t>() <= 65535;
      if (ok) s.port = value.get<int>();
    } else if (key == "security") {
      const auto security =
          value.is_string() ? mailSecurityFromString(value.get<std::string>()) : std::nullopt;
      if (!security) return "security: one of none, starttls, tls";
      s.security = *security;
    } else if (key == "user") {
      ok = text(s.user);
    } else if (key == "password") {
      std::string password;
      ok = text(password);
      edit.password = std::move(password);
    } else if (key == "sender") {
      ok = text(s.sender);
    } else if (key == "caCertificate") {
      ok = value.is_null() || text(s.ca_pem);
    } else if (key == "passwordSet") {
      // What GET answers may be sent back unchanged.
      ok = value.is_boolean();
    } else {
      return "unknown field \"" + key +
             "\"; send host, port, security, user, password, sender, caCertificate";
    }
    if (!ok) return key + ": wrong type or out of range";
  }
  return edit;
}

}  // namespace

// E-mail server settings and the test message (System Manager).
void addMailRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/settings/mail", Access::kSystemManager,
              [env](RouteContext&, const net::Responder& respond) {
                respond(jsonResponse(200, mailSettingsJson(env.deps.mail.settings())));
              }});

  router.add({"PUT", "/api/v1/settings/mail", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                auto parsed = parseMailSettings(body.value);
                if (const auto* error = std::get_if<std::string>(&parsed)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto before = mailSettingsJson(env.deps.mail.settings());
                const auto saved = env.deps.mail.update(std::get<MailSettingsEdit>(parsed));
                if (saved) {
                  env.audit.info("e-mail settings changed host={} by={}", saved->server.host,
                                 ctx.auth->user.username);
                  ctx.audit->change(before, mailSettingsJson(*saved));
                }
                respondOutcome<MailSettingsView>(saved, 200, respond, mailSettingsJson);
              }});

  // Sends a test message and answers once the server accepted or refused it: 200, or 502
  // mail_failed with the SMTP error text (what the administrator needs to fix the settings).
  router.add({"POST", "/api/v1/settings/mail/test", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto to = body.value.value("to", json(nullptr));
                if (!to.is_string() || body.value.size() != 1) {
                  return respond(problemResponse(400, "invalid_input", "to: an e-mail address"));
                }
                const auto address = to.get<std::string>();
                env.audit.info("test e-mail requested by={}", ctx.auth->user.username);
                const auto queued = env.deps.mail.sendTest(
                    address, [respond, address](std::optional<std::string> error) {
                      if (error) {
                        return respond(problemResponse(502, "mail_failed", *error));
                      }
                      respond(jsonResponse(200, {{"sent", true}, {"to", address}}));
                    });
                if (!queued) respond(problemResponse(queued.error()));
              }});
}

}  // namespace pw::manager::api
