#include "manager/api/routes.hpp"

#include <spdlog/spdlog.h>

#include "manager/api/http_util.hpp"
#include "manager/api/route_util.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

json viewJson(const DeviceViewRecord& view) {
  return {{"id", view.id},
          {"name", view.name},
          {"settings", view.settings},
          {"createdAt", iso8601(view.created_at)},
          {"updatedAt", iso8601(view.updated_at)}};
}

// A POST or PATCH body: name (a string) and/or settings (an object); POST needs both.
struct ViewBody {
  std::optional<std::string> name;
  std::optional<json> settings;
};

std::variant<ViewBody, std::string> parseViewBody(const json& body, bool create) {
  ViewBody out;
  for (const auto& [key, value] : body.items()) {
    if (key == "name") {
      if (!value.is_string()) return std::string("name must be a string");
      out.name = value.get<std::string>();
    } else if (key == "settings") {
      out.settings = value;
    } else {
      return "\"" + key + "\" is not a view field; send name and settings";
    }
  }
  if (create && !out.name) return std::string("name is required");
  if (create && !out.settings) return std::string("settings is required");
  return out;
}

}  // namespace

// Saved views of the device list, per signed-in user (another user's view is not found): a
// user who may see the list keeps views of it.
void addDeviceViewRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/device-views", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                json items = json::array();
                for (const auto& view : env.deps.device_views.list(ctx.auth->user.id)) {
                  items.push_back(viewJson(view));
                }
                respond(jsonResponse(200, {{"items", items}}));
              }});

  router.add({"POST", "/api/v1/device-views", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto parsed = parseViewBody(body.value, true);
                if (const auto* error = std::get_if<std::string>(&parsed)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto& view = std::get<ViewBody>(parsed);
                respondOutcome<DeviceViewRecord>(
                    env.deps.device_views.create(ctx.auth->user.id, *view.name, *view.settings),
                    201, respond, viewJson);
              }});

  router.add({"PATCH", "/api/v1/device-views/{id}", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                const auto parsed = parseViewBody(body.value, false);
                if (const auto* error = std::get_if<std::string>(&parsed)) {
                  return respond(problemResponse(400, "invalid_input", *error));
                }
                const auto& view = std::get<ViewBody>(parsed);
                respondOutcome<DeviceViewRecord>(
                    env.deps.device_views.update(ctx.auth->user.id, *id, view.name, view.settings),
                    200, respond, viewJson);
              }});

  router.add({"DELETE", "/api/v1/device-views/{id}", Access::view(Grant::kDevices),
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto id = idParam(ctx);
                if (!id) return respond(badId());
                const auto removed = env.deps.device_views.remove(ctx.auth->user.id, *id);
                if (!removed) return respond(problemResponse(removed.error()));
                respond(emptyResponse(204));
              }});
}

}  // namespace pw::manager::api
