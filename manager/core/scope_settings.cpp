#include "manager/core/scope_settings.hpp"

namespace pw::manager {

const char* toString(DiscoveryMethod method) {
  return method == DiscoveryMethod::kSpecified ? "specified" : "scope";
}

std::optional<DiscoveryMethod> discoveryMethodFromString(std::string_view text) {
  if (text == "scope") return DiscoveryMethod::kScope;
  if (text == "specified") return DiscoveryMethod::kSpecified;
  return std::nullopt;
}

}  // namespace pw::manager
