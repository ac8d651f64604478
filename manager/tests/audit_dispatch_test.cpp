// The audit seam in the real dispatch: a state-changing request is recorded once its answer is
// out (who, from where, action, target, status, the handler's before/after), refused ones too;
// a GET is not; logins record the name tried, a lockout and the user, never the password.
#include <gtest/gtest.h>

#include <future>

#include <nlohmann/json.hpp>

#include "common/crypto/secrets.hpp"
#include "manager/tests/console_api_fixture.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

class AuditDispatch : public ::testing::Test {
 protected:
  struct Session {
    std::string token;
    std::string csrf;
  };

  Session login(const std::string& username, Role role) {
    fixture_.storage.createUser(NewUser{username, crypto::hashPassword(kPassword), role, false},
                                fixture_.clock.now());
    auto result = fixture_.auth.login(username, kPassword, false);
    EXPECT_TRUE(result);
    return {result->session_token, result->session.csrf_token};
  }

  int call(const std::string& method, const std::string& target, const Session& session,
           const std::string& body = {}) {
    net::HttpRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    if (!body.empty()) request.headers.emplace_back("content-type", "application/json");
    request.remote_address = "192.0.2.7";
    request.headers.emplace_back("x-forwarded-for", "198.51.100.1");  // not behind a proxy
    if (!session.token.empty()) {
      request.headers.emplace_back("cookie", std::string(kSessionCookie) + "=" + session.token);
      request.headers.emplace_back("x-csrf-token", session.csrf);
    }
    std::promise<net::HttpResponse> answered;
    fixture_.api.handler()(std::move(request),
                           [&answered](net::HttpResponse r) { answered.set_value(std::move(r)); });
    return answered.get_future().get().status;
  }

  std::vector<AuditEntry> records() { return fixture_.audit.list({})->items; }

  static constexpr const char* kPassword = "Secret-pass-1";
  ConsoleApiFixture fixture_;
};

TEST_F(AuditDispatch, ANonGetIsRecordedWithItsChangeAndAGetIsNot) {
  const auto admin = login("boss", Role::kSystemManager);
  EXPECT_EQ(call("GET", "/api/v1/settings/audit-log", admin), 200);
  EXPECT_EQ(call("GET", "/api/v1/devices", admin), 200);
  EXPECT_TRUE(records().empty());

  EXPECT_EQ(call("PUT", "/api/v1/settings/audit-log", admin, R"({"retentionDays": 90})"), 200);
  auto log = records();
  ASSERT_EQ(log.size(), 1u);
  const auto& e = log[0];
  EXPECT_EQ(e.actor, AuditActor::kUser);
  EXPECT_EQ(e.username, "boss");
  EXPECT_TRUE(e.user_id.has_value());
  EXPECT_EQ(e.address, "192.0.2.7");
  EXPECT_EQ(e.method, "PUT");
  EXPECT_EQ(e.route, "/api/v1/settings/audit-log");
  EXPECT_EQ(e.action, "settings.audit-log.update");
  EXPECT_EQ(e.status, 200);
  EXPECT_EQ(json::parse(e.details_json), json({{"before", {{"retentionDays", 365}}},
                                               {"after", {{"retentionDays", 90}}},
                                               {"request", {{"retentionDays", 90}}}}));

  // Refused requests are recorded too, with the target from the path.
  EXPECT_EQ(call("POST", "/api/v1/devices/41/remove", {"not-a-session", ""}), 401);
  const auto viewer = login("viewer", Role::kUser);
  EXPECT_EQ(call("DELETE", "/api/v1/devices/42", viewer), 403);
  log = records();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].username, "viewer");
  EXPECT_EQ(log[0].action, "devices.delete");
  EXPECT_EQ(log[0].target, "42");
  EXPECT_EQ(log[0].status, 403);
  EXPECT_EQ(log[1].actor, AuditActor::kAnonymous);
  EXPECT_EQ(log[1].action, "devices.remove");
  EXPECT_EQ(log[1].target, "41");
  EXPECT_EQ(log[1].status, 401);
}

TEST_F(AuditDispatch, LoginsRecordTheNameTriedTheLockoutAndTheUserButNeverThePassword) {
  login("carol", Role::kDeviceManager);
  const Session none;
  const std::string wrong = R"({"username": "carol", "password": "Wrong-guess-7"})";
  for (int i = 0; i < LockoutPolicy{}.threshold; ++i) {
    EXPECT_EQ(call("POST", "/api/v1/auth/login", none, wrong), 401);
  }
  EXPECT_EQ(call("POST", "/api/v1/auth/login", none,
                 std::string(R"({"username": "carol", "password": ")") + kPassword + "\"}"),
            401);  // locked: the right password is refused like a wrong one
  auto log = records();
  ASSERT_EQ(log.size(), static_cast<std::size_t>(LockoutPolicy{}.threshold) + 1);
  EXPECT_EQ(log[0].action, "auth.login");
  EXPECT_EQ(json::parse(log[0].details_json)["locked"], true);
  EXPECT_EQ(log[1].action, "auth.lockout");
  EXPECT_EQ(log[2].action, "auth.login");
  for (const auto& e : log) {
    EXPECT_EQ(e.actor, AuditActor::kAnonymous);
    EXPECT_EQ(e.username, "carol");
    EXPECT_FALSE(e.user_id.has_value());
    EXPECT_EQ(e.status, 401);
    EXPECT_EQ(e.details_json.find("Wrong-guess-7"), std::string::npos) << e.details_json;
    EXPECT_EQ(e.details_json.find(kPassword), std::string::npos) << e.details_json;
  }

  fixture_.auth.unlock(fixture_.storage.findUserByName("carol")->id);
  EXPECT_EQ(call("POST", "/api/v1/auth/login", none,
                 std::string(R"({"username": "carol", "password": ")") + kPassword + "\"}"),
            200);
  log = records();
  EXPECT_EQ(log[0].action, "auth.login");
  EXPECT_EQ(log[0].actor, AuditActor::kUser);
  EXPECT_EQ(log[0].status, 200);
  EXPECT_EQ(log[0].user_id, fixture_.storage.findUserByName("carol")->id);
  EXPECT_EQ(json::parse(log[0].details_json)["request"]["password"], kRedacted);

  // A failed try from a browser that still holds a session is about the name tried.
  const auto admin = login("boss", Role::kSystemManager);
  EXPECT_EQ(call("POST", "/api/v1/auth/login", admin, wrong), 401);
  log = records();
  EXPECT_EQ(log[0].actor, AuditActor::kAnonymous);
  EXPECT_EQ(log[0].username, "carol");
  EXPECT_FALSE(log[0].user_id.has_value());
}

}  // namespace
}  // namespace pw::manager::api
