#pragma once
// The Manager's configuration file (JSON). Every key is optional; unknown keys and values out
// of range stop the start with a message naming the key. See docs/configuration.md.
#include <filesystem>
#include <string>
#include <vector>

#include "common/config/config_reader.hpp"
#include "manager/services/manager_pki.hpp"

namespace pw::manager {

struct ManagerSettings {
  config::Endpoint listen{"0.0.0.0", 8443};
  config::Endpoint agent_listen{"0.0.0.0", 8444};
  std::filesystem::path web_root;
  ConsoleCertificateSettings console_certificate;
  int session_idle_minutes = 30;
  int agent_heartbeat_seconds = 30;
  /// Behind a reverse proxy: audit records take the client from X-Forwarded-For.
  bool behind_proxy = false;
  std::string log_level = "info";
  std::size_t max_request_bytes = 1024 * 1024;
  int io_threads = 2;
  int worker_threads = 4;
  int snmp_timeout_ms = 1000;  ///< per SNMP attempt (the "UDP communication settings")
  int snmp_retries = 1;        ///< retransmissions after the first attempt
  /// IANA zone the communication windows are read in; empty = the machine's zone.
  std::string time_zone;
};

/// Reads the file (when given) over the defaults. Throws config::ConfigError.
ManagerSettings loadManagerSettings(const std::filesystem::path& file);

}  // namespace pw::manager
