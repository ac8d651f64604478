#include "manager/api/router.hpp"

namespace pw::manager::api {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    auto end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    parts.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return parts;
}

bool matchPattern(std::string_view pattern, std::string_view path,
                  std::unordered_map<std::string, std::string>& params) {
  const auto want = segments(pattern);
  const auto have = segments(path);
  if (want.size() != have.size()) return false;
  std::unordered_map<std::string, std::string> found;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (have[i].empty()) return false;
      found[std::string(w.substr(1, w.size() - 2))] = std::string(have[i]);
    } else if (w != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

Access::Decision Access::decide(const User* user, std::string_view method) const {
  if (kind_ == Kind::kPublic) return Decision::kAllow;
  if (user == nullptr) return Decision::kUnauthenticated;
  if (kind_ == Kind::kAuthenticated) return Decision::kAllow;
  switch (user->role) {
    case Role::kSystemManager: return Decision::kAllow;
    case Role::kDeviceManager:
      return grant_ && user->grants.has(*grant_) ? Decision::kAllow : Decision::kForbidden;
    case Role::kUser:
      return users_read_ && (method == "GET" || method == "HEAD") ? Decision::kAllow
                                                                  : Decision::kForbidden;
  }
  return Decision::kForbidden;
}

Router::Match Router::match(const std::string& method, std::string_view path) const {
  Match result;
  for (const auto& route : routes_) {
    std::unordered_map<std::string, std::string> params;
    if (!matchPattern(route.pattern, path, params)) continue;
    result.path_known = true;
    if (route.method == method &&
        (result.route == nullptr || params.size() < result.params.size())) {
      result.route = &route;
      result.params = std::move(params);
    }
  }
  return result;
}

}  // namespace pw::manager::api
