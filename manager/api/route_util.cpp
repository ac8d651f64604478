#include "manager/api/route_util.hpp"

#include <charconv>

namespace pw::manager::api {

std::optional<std::int64_t> idParam(const RouteContext& ctx) {
  const auto& text = ctx.params.at("id");
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

net::HttpResponse badId() {
  return problemResponse(400, "invalid_input", "The id in the path must be a positive integer.");
}

}  // namespace pw::manager::api
