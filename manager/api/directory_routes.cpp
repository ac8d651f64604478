#include "manager/api/routes.hpp"

#include "manager/api/http_util.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

json viewJson(const DirectorySettingsView& view) {
  auto j = directorySettingsToJson(view.settings);
  // Write-only: the password itself is never returned.
  j["ldap"]["servicePasswordSet"] = view.service_password_set;
  return j;
}

// The body of PUT and of "test": the settings plus the optional ldap.servicePassword.
Outcome<DirectorySettingsEdit> editFromJson(const json& body) {
  auto settings = directorySettingsFromJson(body);
  if (!settings) return settings.error();
  DirectorySettingsEdit edit{*settings, std::nullopt};
  if (body.contains("ldap") && body["ldap"].contains("servicePassword")) {
    const auto& password = body["ldap"]["servicePassword"];
    if (!password.is_string()) {
      return Problem{ErrorKind::kInvalidInput, "invalid_input",
                     "ldap.servicePassword: must be a string"};
    }
    edit.service_password = password.get<std::string>();
  }
  return edit;
}

json accessJson(const DirectoryAccess& access) {
  json grants = json::array();
  for (const auto g : kAllGrants) {
    if (access.grants.has(g)) grants.push_back(toString(g));
  }
  return {{"role", toString(access.role)},
          {"grants", grants},
          {"regionIds", access.region_ids},
          {"roleMapping", access.role_mapping},
          {"matchedGroup", access.matched_group}};
}

json reportJson(const DirectoryTestReport& report) {
  json steps = json::array();
  bool ok = true;
  for (const auto& step : report.steps) {
    ok = ok && step.ok;
    steps.push_back(
        {{"step", step.name}, {"ok", step.ok}, {"code", step.code}, {"message", step.message}});
  }
  json j{{"ok", ok}, {"steps", steps}};
  if (report.identity) {
    j["user"] = {{"dn", report.identity->dn}, {"groups", report.identity->groups}};
    j["access"] = report.access ? accessJson(*report.access) : json(nullptr);
  }
  return j;
}

}  // namespace

// Directory sign-in settings (LDAP / Active Directory, Kerberos) and "test connection".
void addDirectoryRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/settings/directory", Access::kSystemManager,
              [env](RouteContext&, const net::Responder& respond) {
                respond(jsonResponse(200, viewJson(env.deps.directory.settings())));
              }});

  router.add({"PUT", "/api/v1/settings/directory", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                auto edit = editFromJson(body.value);
                if (!edit) return respond(problemResponse(edit.error()));
                const auto before = viewJson(env.deps.directory.settings());
                auto saved = env.deps.directory.save(*edit);
                if (!saved) return respond(problemResponse(saved.error()));
                ctx.audit->change(before, viewJson(*saved));
                env.audit.info("directory settings saved by={} ldap={} kerberos={}",
                               ctx.auth->user.username, saved->settings.ldap.enabled,
                               saved->settings.kerberos.enabled);
                respond(jsonResponse(200, viewJson(*saved)));
              }});

  router.add({"POST", "/api/v1/settings/directory/test", Access::kSystemManager,
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto& j = body.value;
                if (j.contains("username") && !j["username"].is_string()) {
                  return respond(
                      problemResponse(400, "invalid_input", "username: must be a string"));
                }
                if (!j.contains("settings") || !j["settings"].is_object()) {
                  return respond(problemResponse(400, "invalid_input",
                                                 "settings: the settings to test are required"));
                }
                auto edit = editFromJson(j["settings"]);
                if (!edit) return respond(problemResponse(edit.error()));
                auto report = env.deps.directory.test(*edit, j.value("username", std::string()));
                if (!report) return respond(problemResponse(report.error()));
                respond(jsonResponse(200, reportJson(*report)));
              }});
}

}  // namespace pw::manager::api
