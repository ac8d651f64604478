// The authorization matrix: every route of the real route table, for every kind of caller
// (anonymous, User, Device Manager without grants and with each grant alone, System Manager),
// against the expected answer written below. A route missing from kExpected fails, so a new
// route cannot land without someone stating who may call it. The decisions are checked on the
// rule (Access::decide); a few requests also go through the real dispatch for the 401/403
// answers, their JSON and the order of the checks.
#include <gtest/gtest.h>

#include <future>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/crypto/secrets.hpp"
#include "manager/tests/console_api_fixture.hpp"

namespace pw::manager::api {
namespace {

// Who may call each route: "public" (anyone, no session), "session" (any logged-in user), or
// the roles allowed: "SM" (System Manager), "DM:<grant>" (a Device Manager with that grant),
// "U" (the User role, read only).
const std::map<std::string, std::string> kExpected{
    {"GET /api/v1/health", "public"},
    {"GET /api/v1/openapi.json", "public"},
    {"GET /api/v1/agent-enrollment/ca", "public"},
    {"POST /api/v1/agent-enrollment", "public"},
    {"POST /api/v1/auth/login", "public"},
    {"GET /api/v1/auth/session", "session"},
    {"POST /api/v1/auth/logout", "session"},
    {"GET /api/v1/auth/options", "public"},
    {"GET /api/v1/auth/negotiate", "public"},

    {"GET /api/v1/agents", "SM"},
    {"POST /api/v1/agents", "SM"},
    {"GET /api/v1/agents/{id}", "SM"},
    {"DELETE /api/v1/agents/{id}", "SM"},
    {"POST /api/v1/agents/{id}/deactivate", "SM"},
    {"POST /api/v1/agents/{id}/ping", "SM"},
    {"GET /api/v1/agents/{id}/scope", "SM"},
    {"PUT /api/v1/agents/{id}/scope", "SM"},
    {"GET /api/v1/credentials", "SM"},
    {"POST /api/v1/credentials", "SM"},
    {"PUT /api/v1/credentials/order", "SM"},
    {"GET /api/v1/credentials/{id}", "SM"},
    {"PATCH /api/v1/credentials/{id}", "SM"},
    {"DELETE /api/v1/credentials/{id}", "SM"},
    {"GET /api/v1/regions", "SM"},
    {"POST /api/v1/regions", "SM"},
    {"GET /api/v1/regions/{id}", "SM"},
    {"PUT /api/v1/regions/{id}", "SM"},
    {"DELETE /api/v1/regions/{id}", "SM"},
    {"GET /api/v1/settings/retention", "SM"},
    {"PUT /api/v1/settings/retention", "SM"},
    {"GET /api/v1/settings/communication-windows", "SM"},
    {"PUT /api/v1/settings/communication-windows", "SM"},
    {"GET /api/v1/settings/mail", "SM"},
    {"PUT /api/v1/settings/mail", "SM"},
    {"POST /api/v1/settings/mail/test", "SM"},
    {"GET /api/v1/settings/notification-throttle", "SM"},
    {"PUT /api/v1/settings/notification-throttle", "SM"},
    {"GET /api/v1/webhooks", "SM"},
    {"POST /api/v1/webhooks", "SM"},
    {"GET /api/v1/webhooks/{id}", "SM"},
    {"PUT /api/v1/webhooks/{id}", "SM"},
    {"DELETE /api/v1/webhooks/{id}", "SM"},
    {"GET /api/v1/webhooks/{id}/deliveries", "SM"},
    {"GET /api/v1/settings/task-history", "SM"},
    {"PUT /api/v1/settings/task-history", "SM"},
    {"GET /api/v1/audit-log", "SM"},
    {"GET /api/v1/audit-log/export", "SM"},
    {"GET /api/v1/settings/audit-log", "SM"},
    {"PUT /api/v1/settings/audit-log", "SM"},
    {"GET /api/v1/settings/directory", "SM"},
    {"PUT /api/v1/settings/directory", "SM"},
    {"POST /api/v1/settings/directory/test", "SM"},

    {"GET /api/v1/dashboards/shared", "session"},
    {"PUT /api/v1/dashboards/shared", "SM"},
    {"GET /api/v1/dashboards/mine", "session"},
    {"PUT /api/v1/dashboards/mine", "session"},
    {"GET /api/v1/dashboard/panels/{type}", "SM DM:devices U"},
    {"GET /api/v1/devices", "SM DM:devices U"},
    {"GET /api/v1/device-views", "SM DM:devices U"},
    {"POST /api/v1/device-views", "SM DM:devices"},
    {"PATCH /api/v1/device-views/{id}", "SM DM:devices"},
    {"DELETE /api/v1/device-views/{id}", "SM DM:devices"},
    {"GET /api/v1/devices/export", "SM DM:devices U"},
    {"GET /api/v1/reports/counters", "SM DM:reports U"},
    {"GET /api/v1/reports/counters/export", "SM DM:reports U"},
    {"GET /api/v1/reports/status", "SM DM:reports U"},
    {"GET /api/v1/reports/status/export", "SM DM:reports U"},
    {"GET /api/v1/reports/supplies", "SM DM:reports U"},
    {"GET /api/v1/reports/supplies/export", "SM DM:reports U"},
    {"GET /api/v1/reports/firmware", "SM DM:reports U"},
    {"GET /api/v1/reports/firmware/export", "SM DM:reports U"},
    {"GET /api/v1/reports/device-types", "SM DM:reports U"},
    {"GET /api/v1/me/preferences/{key}", "session"},
    {"PUT /api/v1/me/preferences/{key}", "session"},
    {"GET /api/v1/devices/{id}", "SM DM:devices U"},
    {"GET /api/v1/devices/{id}/status", "SM DM:devices U"},
    {"GET /api/v1/devices/{id}/supplies", "SM DM:devices U"},
    {"GET /api/v1/devices/{id}/functions", "SM DM:devices U"},
    {"GET /api/v1/devices/{id}/counters", "SM DM:devices U"},
    {"GET /api/v1/devices/{id}/status-history", "SM DM:devices U"},
    {"GET /api/v1/groups", "SM DM:devices U"},
    {"GET /api/v1/groups/{id}", "SM DM:devices U"},
    {"POST /api/v1/devices/import", "SM DM:devices"},
    {"PATCH /api/v1/devices/{id}", "SM DM:devices"},
    {"POST /api/v1/devices/batch", "SM DM:devices"},
    {"POST /api/v1/devices/{id}/remove", "SM DM:devices"},
    {"POST /api/v1/devices/{id}/restore", "SM DM:devices"},
    {"DELETE /api/v1/devices/{id}", "SM DM:devices"},
    {"POST /api/v1/devices/{id}/refresh", "SM DM:devices"},
    {"POST /api/v1/discoveries", "SM DM:devices"},
    {"GET /api/v1/discoveries", "SM DM:devices"},
    {"GET /api/v1/discoveries/{id}", "SM DM:devices"},
    {"POST /api/v1/discoveries/{id}/cancel", "SM DM:devices"},
    {"POST /api/v1/groups", "SM DM:devices"},
    {"PATCH /api/v1/groups/{id}", "SM DM:devices"},
    {"DELETE /api/v1/groups/{id}", "SM DM:devices"},
    {"POST /api/v1/groups/{id}/members", "SM DM:devices"},
    {"DELETE /api/v1/groups/{id}/members", "SM DM:devices"},

    {"GET /api/v1/builtin-tasks", "SM DM:tasks"},
    {"PATCH /api/v1/builtin-tasks/{name}", "SM DM:tasks"},
    {"POST /api/v1/builtin-tasks/{name}/run", "SM DM:tasks"},
    {"GET /api/v1/notification-rules", "SM DM:tasks"},
    {"POST /api/v1/notification-rules", "SM DM:tasks"},
    {"GET /api/v1/notification-rules/{id}", "SM DM:tasks"},
    {"PUT /api/v1/notification-rules/{id}", "SM DM:tasks"},
    {"DELETE /api/v1/notification-rules/{id}", "SM DM:tasks"},
    {"POST /api/v1/notification-rules/{id}/duplicate", "SM DM:tasks"},
    {"GET /api/v1/task-types", "SM DM:tasks U"},
    {"GET /api/v1/tasks", "SM DM:tasks U"},
    {"POST /api/v1/tasks", "SM DM:tasks"},
    {"POST /api/v1/task-schedules/preview", "SM DM:tasks"},
    {"GET /api/v1/tasks/{id}", "SM DM:tasks U"},
    {"PUT /api/v1/tasks/{id}", "SM DM:tasks"},
    {"DELETE /api/v1/tasks/{id}", "SM DM:tasks"},
    {"POST /api/v1/tasks/{id}/duplicate", "SM DM:tasks"},
    {"POST /api/v1/tasks/{id}/activate", "SM DM:tasks"},
    {"POST /api/v1/tasks/{id}/deactivate", "SM DM:tasks"},
    {"POST /api/v1/tasks/{id}/run", "SM DM:tasks"},
    {"GET /api/v1/tasks/{id}/runs", "SM DM:tasks U"},
    {"GET /api/v1/task-runs", "SM DM:tasks U"},
    {"GET /api/v1/task-runs/{id}", "SM DM:tasks U"},
    {"POST /api/v1/task-runs/{id}/cancel", "SM DM:tasks"},
    {"POST /api/v1/task-runs/{id}/recover", "SM DM:tasks"},
};

struct Caller {
  std::string name;  ///< as written in kExpected ("DM:" alone: a Device Manager with no grant)
  std::optional<User> user;
};

std::vector<Caller> callers() {
  std::vector<Caller> all{{"anonymous", std::nullopt}};
  User user;
  user.role = Role::kUser;
  for (const auto grant : kAllGrants) user.grants.add(grant);  // ignored for this role
  all.push_back({"U", user});
  User dm;
  dm.role = Role::kDeviceManager;
  all.push_back({"DM:", dm});
  for (const auto grant : kAllGrants) {
    dm.grants = GrantSet{grant};
    all.push_back({std::string("DM:") + toString(grant), dm});
  }
  User sm;
  sm.role = Role::kSystemManager;
  all.push_back({"SM", sm});
  return all;
}

Access::Decision expectedDecision(const std::string& rule, const Caller& caller) {
  if (rule == "public") return Access::Decision::kAllow;
  if (!caller.user) return Access::Decision::kUnauthenticated;
  if (rule == "session") return Access::Decision::kAllow;
  std::istringstream words(rule);
  std::set<std::string> allowed{std::istream_iterator<std::string>(words), {}};
  return allowed.contains(caller.name) ? Access::Decision::kAllow : Access::Decision::kForbidden;
}

const char* name(Access::Decision d) {
  switch (d) {
    case Access::Decision::kAllow: return "allow";
    case Access::Decision::kUnauthenticated: return "401";
    case Access::Decision::kForbidden: return "403";
  }
  return "?";
}

TEST(AuthorizationMatrix, EveryRouteAnswersOnlyToWhomItShould) {
  ConsoleApiFixture fixture;
  std::set<std::string> served;
  for (const auto& route : fixture.api.router().routes()) {
    const auto key = route.method + " " + route.pattern;
    served.insert(key);
    const auto expected = kExpected.find(key);
    if (expected == kExpected.end()) {
      ADD_FAILURE() << key << " has no expected rule in kExpected";
      continue;
    }
    for (const auto& caller : callers()) {
      const auto got = route.access.decide(caller.user ? &*caller.user : nullptr, route.method);
      EXPECT_STREQ(name(got), name(expectedDecision(expected->second, caller)))
          << key << " called by " << caller.name;
    }
  }
  for (const auto& [key, rule] : kExpected) {
    EXPECT_TRUE(served.contains(key)) << key << " is expected but not served";
  }
}

TEST(AuthorizationMatrix, UsersNeverChangeAnythingEvenOnAReadableRoute) {
  User user;
  user.role = Role::kUser;
  const auto rule = Access::view(Grant::kDevices);
  EXPECT_EQ(rule.decide(&user, "GET"), Access::Decision::kAllow);
  for (const auto* method : {"POST", "PUT", "PATCH", "DELETE"}) {
    EXPECT_EQ(rule.decide(&user, method), Access::Decision::kForbidden) << method;
  }
}

// Through the real dispatch: status, JSON error code, and that CSRF is checked before the role.
class Dispatch : public ::testing::Test {
 protected:
  struct Answer {
    int status = 0;
    std::string code;
  };

  std::string login(const std::string& username, Role role) {
    fixture_.storage.createUser(
        NewUser{username, crypto::hashPassword("Secret-pass-1"), role, false},
        fixture_.clock.now());
    auto result = fixture_.auth.login(username, "Secret-pass-1", false);
    EXPECT_TRUE(result);
    csrf_[result->session_token] = result->session.csrf_token;
    return result->session_token;
  }

  Answer call(const std::string& method, const std::string& target, const std::string& token,
              bool with_csrf = true) {
    net::HttpRequest request;
    request.method = method;
    request.target = target;
    if (!token.empty()) {
      request.headers.emplace_back("cookie", std::string(kSessionCookie) + "=" + token);
      if (with_csrf) request.headers.emplace_back("x-csrf-token", csrf_[token]);
    }
    std::promise<net::HttpResponse> answered;
    fixture_.api.handler()(std::move(request),
                           [&answered](net::HttpResponse r) { answered.set_value(std::move(r)); });
    const auto response = answered.get_future().get();
    Answer answer{response.status, {}};
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object() && body.contains("code")) {
      answer.code = body["code"].get<std::string>();
      EXPECT_TRUE(body["message"].is_string());
    }
    return answer;
  }

  ConsoleApiFixture fixture_;
  std::map<std::string, std::string> csrf_;
};

TEST_F(Dispatch, AnonymousGets401AndAWrongRoleGets403) {
  const auto user = login("viewer", Role::kUser);
  const auto admin = login("boss", Role::kSystemManager);

  auto a = call("GET", "/api/v1/agents", "");
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(a.code, "unauthenticated");
  a = call("GET", "/api/v1/agents", user);
  EXPECT_EQ(a.status, 403);
  EXPECT_EQ(a.code, "forbidden");
  EXPECT_EQ(call("GET", "/api/v1/agents", admin).status, 200);

  EXPECT_EQ(call("GET", "/api/v1/devices", user).status, 200);
  a = call("POST", "/api/v1/devices/1/remove", user);
  EXPECT_EQ(a.status, 403);
  EXPECT_EQ(a.code, "forbidden");
  // A forged request (no CSRF token) is refused as such before the rights are looked at.
  a = call("POST", "/api/v1/devices/1/remove", user, /*with_csrf=*/false);
  EXPECT_EQ(a.status, 403);
  EXPECT_EQ(a.code, "csrf_token_invalid");
  a = call("POST", "/api/v1/devices/1/remove", "not-a-session");
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(a.code, "unauthenticated");
  // Public routes stay public.
  EXPECT_EQ(call("GET", "/api/v1/health", "").status, 200);
}

}  // namespace
}  // namespace pw::manager::api
