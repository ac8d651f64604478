#include "manager/api/http_util.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace pw::manager::api {

net::HttpResponse jsonResponse(int status, const nlohmann::json& body) {
  net::HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json");
  response.headers.emplace_back("Cache-Control", "no-store");
  // Invalid UTF-8 from a peer must not turn into an exception while answering.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

net::HttpResponse emptyResponse(int status) {
  net::HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

int httpStatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput: return 400;
    case ErrorKind::kUnauthorized: return 401;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kRejected: return 422;
    case ErrorKind::kUnreachable: return 504;
    case ErrorKind::kMisconfigured:
    case ErrorKind::kInternal: return 500;
  }
  return 500;
}

net::HttpResponse problemResponse(const Problem& problem, const nlohmann::json& details) {
  nlohmann::json body = {{"code", problem.code}, {"message", problem.message}};
  if (!details.is_null()) body["details"] = details;
  return jsonResponse(httpStatusFor(problem.kind), body);
}

net::HttpResponse problemResponse(int status, std::string code, std::string message) {
  return jsonResponse(status, {{"code", std::move(code)}, {"message", std::move(message)}});
}

JsonBody parseJsonObjectBody(const net::HttpRequest& request) {
  const auto type = request.header("content-type");
  if (type.substr(0, 16) != "application/json") {
    return {nullptr, problemResponse(415, "unsupported_media_type",
                                     "The request body must be JSON (Content-Type: "
                                     "application/json).")};
  }
  auto value = nlohmann::json::parse(request.body, nullptr, false);
  if (value.is_discarded()) {
    return {nullptr, problemResponse(400, "invalid_json", "The request body is not valid JSON.")};
  }
  if (!value.is_object()) {
    return {nullptr,
            problemResponse(400, "invalid_json", "The request body must be a JSON object.")};
  }
  return {std::move(value), std::nullopt};
}

std::string cookieValue(const net::HttpRequest& request, std::string_view name) {
  const auto header = request.header("cookie");
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    auto pair = header.substr(pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    pos = end + 1;
  }
  return {};
}

std::string iso8601(Clock::TimePoint t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     std::chrono::time_point_cast<std::chrono::seconds>(t));
}

void addSecurityHeaders(net::HttpResponse& response) {
  // The console's component library injects styles at run time; scripts stay 'self' only.
  response.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "
      "data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri "
      "'self'; form-action 'self'");
  response.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
}

}  // namespace pw::manager::api
