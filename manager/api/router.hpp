#pragma once
// The REST route table. Each route states who may call it; the table is also what the
// OpenAPI document is checked against (manager/tests/openapi_test.cpp), so a route cannot be
// added without being documented.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/net/http_message.hpp"
#include "manager/services/auth_service.hpp"

namespace pw::manager::api {

enum class Access {
  kPublic,         ///< no session needed
  kAuthenticated,  ///< any logged-in user
  kSystemManager,  ///< the System Manager role
};

struct RouteContext {
  const net::HttpRequest& request;
  std::unordered_map<std::string, std::string> params;  ///< from {name} segments
  std::optional<AuthenticatedSession> auth;
  std::string session_token;
};

/// Handlers run on a worker thread and may block; they complete through the Responder, which
/// they may also hand on (e.g. to wait for an Agent's answer).
using RouteHandler = std::function<void(RouteContext&, const net::Responder&)>;

struct Route {
  std::string method;
  std::string pattern;  ///< "/api/v1/agents/{id}"
  Access access = Access::kSystemManager;
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
