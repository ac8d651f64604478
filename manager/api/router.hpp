#pragma once
// The REST route table. Each route states who may call it (Access); the table is also what the
// OpenAPI document is checked against (manager/tests/openapi_test.cpp), so a route cannot be
// added without being documented.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/net/http_message.hpp"
#include "manager/services/audit_service.hpp"
#include "manager/services/auth_service.hpp"

namespace pw::manager::api {

/// Who may call a route. Every route states its rule: Access has no default, so a route cannot
/// be added without one, and manager/tests/authorization_matrix_test.cpp holds the expected
/// answer of every route for every kind of caller.
class Access {
 public:
  enum class Decision { kAllow, kUnauthenticated, kForbidden };

  static const Access kPublic;         ///< no session needed
  static const Access kAuthenticated;  ///< any logged-in user (own session, own account)
  static const Access kSystemManager;  ///< the System Manager role only

  /// System Managers, and Device Managers granted `grant`.
  static constexpr Access manage(Grant grant) { return {Kind::kRoles, grant, false}; }
  /// As manage(grant), and the User role too on GET: what the guide lets Users view
  /// (the device list and reports, read only; L4218-L4223).
  static constexpr Access view(Grant grant) { return {Kind::kRoles, grant, true}; }

  /// The answer for `user` (nullptr: no session) calling `method` on a route with this rule.
  [[nodiscard]] Decision decide(const User* user, std::string_view method) const;
  [[nodiscard]] constexpr bool isPublic() const { return kind_ == Kind::kPublic; }
  friend constexpr bool operator==(const Access&, const Access&) = default;

 private:
  enum class Kind : std::uint8_t { kPublic, kAuthenticated, kRoles };
  constexpr Access(Kind kind, std::optional<Grant> grant, bool users_read)
      : kind_(kind), grant_(grant), users_read_(users_read) {}

  Kind kind_;
  std::optional<Grant> grant_;  ///< kRoles: what a Device Manager needs; none: System Managers only
  bool users_read_ = false;     ///< kRoles: the User role may GET
};

inline constexpr Access Access::kPublic{Access::Kind::kPublic, std::nullopt, false};
inline constexpr Access Access::kAuthenticated{Access::Kind::kAuthenticated, std::nullopt, false};
inline constexpr Access Access::kSystemManager{Access::Kind::kRoles, std::nullopt, false};

struct RouteContext {
  const net::HttpRequest& request;
  std::unordered_map<std::string, std::string> params;  ///< from {name} segments
  std::optional<AuthenticatedSession> auth;
  std::string session_token;
  /// What the handler adds to the audit record of a state-changing request (before/after, a
  /// login's user); shared because an answer may complete after the context is gone.
  std::shared_ptr<AuditNote> audit = std::make_shared<AuditNote>();
};

/// Handlers run on a worker thread and may block; they complete through the Responder, which
/// they may also hand on (e.g. to wait for an Agent's answer).
using RouteHandler = std::function<void(RouteContext&, const net::Responder&)>;

struct Route {
  std::string method;
  std::string pattern;  ///< "/api/v1/agents/{id}"
  Access access;
  RouteHandler handler;
  /// The largest request body the route takes; 0: the listener's default (max_request_bytes).
  std::size_t max_body_bytes = 0;
};

class Router {
 public:
  void add(Route route) { routes_.push_back(std::move(route)); }

  struct Match {
    const Route* route = nullptr;  ///< null when nothing matched the method
    bool path_known = false;       ///< some route has this path (answer 405, not 404)
    std::unordered_map<std::string, std::string> params;
  };
  /// A literal segment beats a {parameter}: /devices/export is not device "export", whichever
  /// route was added first.
  [[nodiscard]] Match match(const std::string& method, std::string_view path) const;
  [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace pw::manager::api
