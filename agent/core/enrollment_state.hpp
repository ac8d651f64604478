#pragma once
// What an enrolled Agent remembers between runs (<data-dir>/enrollment.json, next to its key
// and certificates), so that a restart needs no activation key.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace pw::agent {

struct EnrollmentState {
  std::int64_t agent_id = 0;
  std::string agent_name;
  std::string manager_host;  ///< as given in --manager
  int console_port = 0;
  int agent_port = 0;  ///< the Manager's mutual-TLS Agent channel
  int heartbeat_seconds = 30;
  std::string activation_key_hash;  ///< SHA-256 of the key used, to notice a new one

  [[nodiscard]] nlohmann::json toJson() const;
  /// nullopt when a field is missing or has the wrong type.
  static std::optional<EnrollmentState> fromJson(const nlohmann::json& j);
};

/// "https://host:port[/]" split into host and port (default 443); nullopt when malformed.
struct ManagerAddress {
  std::string host;
  int port = 443;
  static std::optional<ManagerAddress> parse(const std::string& url);
};

}  // namespace pw::agent
