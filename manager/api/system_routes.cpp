#include "manager/api/routes.hpp"

#include <spdlog/spdlog.h>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"

namespace pw::manager::api {

// Health and the API description (public).
void addSystemRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/health", Access::kPublic,
              [env](RouteContext&, const net::Responder& respond) {
                respond(jsonResponse(200, {{"status", "ok"}, {"version", env.deps.version}}));
              }});

  router.add({"GET", "/api/v1/openapi.json", Access::kPublic,
              [env](RouteContext&, const net::Responder& respond) {
                net::HttpResponse response;
                response.headers.emplace_back("Content-Type", "application/json");
                response.body = env.deps.openapi_document;
                respond(std::move(response));
              }});
}

}  // namespace pw::manager::api
