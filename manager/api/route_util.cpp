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

std::variant<std::vector<std::int64_t>, std::string> parseDeviceIds(const nlohmann::json& value) {
  if (!value.is_array()) return "deviceIds must be a list of device ids";
  std::vector<std::int64_t> ids;
  for (const auto& v : value) {
    if (!v.is_number_integer() || v.get<std::int64_t>() <= 0) {
      return "deviceIds must be positive integers";
    }
    ids.push_back(v.get<std::int64_t>());
  }
  return ids;
}

}  // namespace pw::manager::api
