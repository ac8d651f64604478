#include "agent/link/manager_client.hpp"

#include <algorithm>

namespace pw::agent {
namespace {
constexpr const char* kManagerServerName = "printwarden-manager";
}  // namespace

std::unique_ptr<net::HttpsClient> makeManagerClient(const AgentIdentity& identity) {
  net::HttpsClientSettings s;
  s.host = identity.state.manager_host;
  s.port = static_cast<std::uint16_t>(identity.state.agent_port);
  s.trusted_ca_pem = identity.manager_ca_pem;  // pinned: only the Manager's own CA
  s.expected_server_name = kManagerServerName;
  s.client_certificate_pem = identity.certificate_pem;
  s.client_private_key_pem = identity.private_key_pem;
  return std::make_unique<net::HttpsClient>(s);
}

net::HttpRequest jsonPost(std::string target, const nlohmann::json& body) {
  return {"POST", std::move(target), {{"Content-Type", "application/json"}}, body.dump(),
          "",     std::nullopt};
}

std::chrono::milliseconds nextBackoff(std::chrono::milliseconds current, std::chrono::seconds cap) {
  using namespace std::chrono_literals;
  return std::min<std::chrono::milliseconds>(current == 0ms ? 1000ms : current * 2, cap);
}

std::string describeFailure(const boost::system::result<net::HttpResponse>& response) {
  if (!response) return response.error().message();
  return "HTTP " + std::to_string(response->status) + " " + response->body.substr(0, 200);
}

}  // namespace pw::agent
