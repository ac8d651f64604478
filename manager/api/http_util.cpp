#include "manager/api/http_util.hpp"

#include <charconv>

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

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::optional<std::int64_t> parseIsoTime(const std::string& text) {
  const auto number = [&text](std::size_t at, std::size_t len, unsigned& out) {
    if (at + len > text.size()) return false;
    const auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + len, out);
    return ec == std::errc() && end == text.data() + at + len;
  };
  unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!number(0, 4, y) || text.size() < 10 || text[4] != '-' || !number(5, 2, mo) ||
      text[7] != '-' || !number(8, 2, d) || mo < 1 || mo > 12 || d < 1 || d > 31) {
    return std::nullopt;
  }
  if (text.size() != 10) {
    if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
        text[19] != 'Z' || !number(11, 2, h) || !number(14, 2, mi) || !number(17, 2, s) || h > 23 ||
        mi > 59 || s > 60) {
      return std::nullopt;
    }
  }
  return daysFromCivil(y, mo, d) * 86'400 + h * 3600 + mi * 60 + s;
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
