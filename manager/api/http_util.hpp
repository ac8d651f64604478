#pragma once
// Helpers shared by the Manager's HTTP front ends: JSON bodies, RFC 7807-style problem
// responses (the one place errors become HTTP statuses), cookies and timestamps.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/core/clock.hpp"
#include "common/core/error_kind.hpp"
#include "common/net/http_message.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager::api {

net::HttpResponse jsonResponse(int status, const nlohmann::json& body);
net::HttpResponse emptyResponse(int status);
/// {"code","message"[,"details"]} with the status the kind maps to.
net::HttpResponse problemResponse(const Problem& problem, const nlohmann::json& details = nullptr);
net::HttpResponse problemResponse(int status, std::string code, std::string message);
int httpStatusFor(ErrorKind kind);

/// The request body as a JSON object, or a 400/415 problem response explaining why not.
struct JsonBody {
  nlohmann::json value;
  std::optional<net::HttpResponse> error;
};
JsonBody parseJsonObjectBody(const net::HttpRequest& request);

/// Value of a cookie from the Cookie header; empty when absent.
std::string cookieValue(const net::HttpRequest& request, std::string_view name);

/// "2026-11-21T14:05:00Z".
std::string iso8601(Clock::TimePoint t);
/// "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ" as Unix seconds; nullopt otherwise.
std::optional<std::int64_t> parseIsoTime(const std::string& text);

/// Headers every console/API response carries (CSP, HSTS, frame denial, no sniffing).
void addSecurityHeaders(net::HttpResponse& response);

}  // namespace pw::manager::api
