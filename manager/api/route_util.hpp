#pragma once
// Small helpers every route group uses: path ids and service outcomes to responses.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "manager/api/http_util.hpp"
#include "manager/api/router.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager::api {

/// The {id} path segment as a positive integer; nullopt when it is not one.
std::optional<std::int64_t> idParam(const RouteContext& ctx);
/// The 400 answer for a bad {id}.
net::HttpResponse badId();

/// A "deviceIds" value: a list of positive integers (callers check the count), or the message
/// of a 400.
std::variant<std::vector<std::int64_t>, std::string> parseDeviceIds(const nlohmann::json& value);

/// Answers `status` with to_json(value), or the outcome's problem.
template <typename T>
void respondOutcome(const Outcome<T>& outcome, int status, const net::Responder& respond,
                    const std::function<nlohmann::json(const T&)>& to_json) {
  if (!outcome) return respond(problemResponse(outcome.error()));
  respond(jsonResponse(status, to_json(*outcome)));
}

}  // namespace pw::manager::api
