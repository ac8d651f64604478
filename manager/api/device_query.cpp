#include "manager/api/device_query.hpp"

#include <algorithm>
#include <charconv>

namespace pw::manager::api {

std::variant<DeviceQuery, std::string> parseDeviceQuery(
    const net::HttpRequest& request, std::initializer_list<std::string_view> also_allowed) {
  DeviceQuery query;
  const auto positive = [](const std::string& text, int& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
  };
  for (const auto& [name, value] : request.queryParams()) {
    if (name == "page") {
      if (!positive(value, query.page)) return "page must be a positive integer";
    } else if (name == "pageSize") {
      if (!positive(value, query.page_size)) return "pageSize must be a positive integer";
    } else if (name == "sort") {
      const auto field = deviceFieldFromString(value);
      if (!field) return "sort: there is no device field \"" + value + "\"";
      query.sort = *field;
    } else if (name == "order") {
      if (value != "asc" && value != "desc") return "order must be asc or desc";
      query.descending = value == "desc";
    } else if (name == "filter[group]") {
      std::int64_t id = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
      if (ec != std::errc() || end != value.data() + value.size() || id <= 0) {
        return "filter group must be a positive integer, not \"" + value + "\"";
      }
      query.groups.push_back(id);
    } else if (name.starts_with("filter[") && name.ends_with("]")) {
      const auto field_name = name.substr(7, name.size() - 8);
      const auto field = deviceFieldFromString(field_name);
      if (!field) return "filter: there is no device field \"" + field_name + "\"";
      auto same = std::find_if(query.filters.begin(), query.filters.end(),
                               [&](const DeviceFilter& f) { return f.field == *field; });
      if (same == query.filters.end()) same = query.filters.insert(same, {*field, {}});
      same->values.push_back(value);
    } else if (std::find(also_allowed.begin(), also_allowed.end(), name) == also_allowed.end()) {
      std::string allowed = "page, pageSize, sort, order";
      for (const auto other : also_allowed) allowed.append(", ").append(other);
      return "unknown query parameter \"" + name + "\"; use " + allowed + " and filter[field]";
    }
  }
  return query;
}

}  // namespace pw::manager::api
