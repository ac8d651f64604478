#include "agent/core/enrollment_state.hpp"

#include <charconv>

namespace pw::agent {

nlohmann::json EnrollmentState::toJson() const {
  return {{"agentId", agent_id},
          {"agentName", agent_name},
          {"managerHost", manager_host},
          {"consolePort", console_port},
          {"agentPort", agent_port},
          {"heartbeatSeconds", heartbeat_seconds},
          {"activationKeyHash", activation_key_hash}};
}

std::optional<EnrollmentState> EnrollmentState::fromJson(const nlohmann::json& j) {
  try {
    EnrollmentState s;
    s.agent_id = j.at("agentId").get<std::int64_t>();
    s.agent_name = j.at("agentName").get<std::string>();
    s.manager_host = j.at("managerHost").get<std::string>();
    s.console_port = j.at("consolePort").get<int>();
    s.agent_port = j.at("agentPort").get<int>();
    s.heartbeat_seconds = j.at("heartbeatSeconds").get<int>();
    s.activation_key_hash = j.at("activationKeyHash").get<std::string>();
    if (s.agent_port <= 0 || s.agent_port > 65535 || s.heartbeat_seconds <= 0) return std::nullopt;
    return s;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::optional<ManagerAddress> ManagerAddress::parse(const std::string& url) {
  constexpr std::string_view kScheme = "https://";
  if (url.compare(0, kScheme.size(), kScheme) != 0) return std::nullopt;
  auto rest = url.substr(kScheme.size());
  if (const auto slash = rest.find('/'); slash != std::string::npos) {
    if (rest.find_first_not_of('/', slash) != std::string::npos) return std::nullopt;  // no paths
    rest = rest.substr(0, slash);
  }
  ManagerAddress address;
  std::string port_text;
  if (!rest.empty() && rest.front() == '[') {  // [v6]:port
    const auto close = rest.find(']');
    if (close == std::string::npos) return std::nullopt;
    address.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':') return std::nullopt;
      port_text = rest.substr(close + 2);
    }
  } else {
    const auto colon = rest.find(':');
    address.host = rest.substr(0, colon);
    if (colon != std::string::npos) port_text = rest.substr(colon + 1);
  }
  if (address.host.empty()) return std::nullopt;
  if (!port_text.empty()) {
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), address.port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || address.port <= 0 ||
        address.port > 65535) {
      return std::nullopt;
    }
  }
  return address;
}

}  // namespace pw::agent
