#include <regex>

#include "manager/api/http_util.hpp"
#include "manager/api/routes.hpp"

namespace pw::manager::api {
namespace {

using nlohmann::json;

// A key names a page's choices ("reports.counters", "reports.counters.sort").
constexpr std::size_t kMaxValueBytes = 4096;

bool validKey(const std::string& key) {
  static const std::regex kKey(R"([a-z][A-Za-z0-9.-]{0,63})");
  return std::regex_match(key, kKey);
}

net::HttpResponse badKey() {
  return problemResponse(400, "invalid_input",
                         "key must be a letter then up to 63 letters, digits, dots or dashes");
}

}  // namespace

// The signed-in user's remembered console choices (decision 0032): any user keeps their own,
// and sees no one else's. The value is a JSON object the console reads back as it wrote it.
void addPreferenceRoutes(Router& router, const RouteEnv& env) {
  router.add({"GET", "/api/v1/me/preferences/{key}", Access::kAuthenticated,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto& key = ctx.params.at("key");
                if (!validKey(key)) return respond(badKey());
                const auto stored = env.deps.preferences.preference(ctx.auth->user.id, key);
                // Nothing stored yet is an empty object: the console's defaults apply.
                const auto value = stored ? json::parse(*stored, nullptr, false) : json::object();
                respond(jsonResponse(
                    200, {{"key", key}, {"value", value.is_object() ? value : json::object()}}));
              }});

  router.add({"PUT", "/api/v1/me/preferences/{key}", Access::kAuthenticated,
              [env](RouteContext& ctx, const net::Responder& respond) {
                const auto& key = ctx.params.at("key");
                if (!validKey(key)) return respond(badKey());
                auto body = parseJsonObjectBody(ctx.request);
                if (body.error) return respond(*body.error);
                if (body.value.size() != 1 || !body.value.contains("value") ||
                    !body.value["value"].is_object()) {
                  return respond(
                      problemResponse(400, "invalid_input", "send {\"value\": {...}}: an object"));
                }
                const auto text = body.value["value"].dump();
                if (text.size() > kMaxValueBytes) {
                  return respond(problemResponse(400, "invalid_input",
                                                 "value must be at most 4096 bytes as JSON"));
                }
                env.deps.preferences.setPreference(ctx.auth->user.id, key, text,
                                                   env.deps.clock.now());
                respond(jsonResponse(200, {{"key", key}, {"value", body.value["value"]}}));
              }});
}

}  // namespace pw::manager::api
