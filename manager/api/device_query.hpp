#pragma once
// The device list's query string (page, pageSize, sort, order, filter[field]), shared by the
// list and the export so that an export selects exactly what the list shows.
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "common/net/http_message.hpp"
#include "manager/core/device.hpp"

namespace pw::manager::api {

/// filter[field] may repeat for several values. Parameters named in `also_allowed` are left to
/// the caller; any other is an error. Returns the query, or the message of a 400 naming what is
/// wrong.
std::variant<DeviceQuery, std::string> parseDeviceQuery(
    const net::HttpRequest& request, std::initializer_list<std::string_view> also_allowed);

}  // namespace pw::manager::api
