#include "manager/app/manager_settings.hpp"

#include <nlohmann/json.hpp>

#include "common/time/time_zone.hpp"

namespace pw::manager {

ManagerSettings loadManagerSettings(const std::filesystem::path& file) {
  ManagerSettings s;
  if (file.empty()) return s;
  const auto json = config::loadJsonFile(file);
  config::ConfigObject c(json, file.string());
  s.listen = config::parseEndpoint("listen", c.string("listen", "0.0.0.0:8443"));
  s.agent_listen = config::parseEndpoint("agent_listen", c.string("agent_listen", "0.0.0.0:8444"));
  s.web_root = c.string("web_root", "");
  s.console_certificate.pem_certificate_file = c.string("tls_certificate_file", "");
  s.console_certificate.pem_private_key_file = c.string("tls_private_key_file", "");
  s.console_certificate.pkcs12_file = c.string("tls_pkcs12_file", "");
  s.console_certificate.pkcs12_password_file = c.string("tls_pkcs12_password_file", "");
  s.console_certificate.server_names = c.stringList("server_names", {});
  s.session_idle_minutes =
      static_cast<int>(c.integer("session_idle_minutes", 30, 1, std::int64_t{24} * 60));
  s.agent_heartbeat_seconds = static_cast<int>(c.integer("agent_heartbeat_seconds", 30, 1, 3600));
  s.behind_proxy = c.boolean("behind_proxy", false);
  s.log_level = c.choice("log_level", "info", {"trace", "debug", "info", "warn", "error"});
  s.max_request_bytes = static_cast<std::size_t>(
      c.integer("max_request_bytes", std::int64_t{1024} * 1024, 1024, 1'342'177'280));
  s.io_threads = static_cast<int>(c.integer("io_threads", 2, 1, 64));
  s.worker_threads = static_cast<int>(c.integer("worker_threads", 4, 1, 64));
  s.snmp_timeout_ms = static_cast<int>(c.integer("snmp_timeout_ms", 1000, 100, 60'000));
  s.snmp_retries = static_cast<int>(c.integer("snmp_retries", 1, 0, 10));
  s.time_zone = c.string("time_zone", "");
  if (!s.time_zone.empty() && !time::TimeZone::named(s.time_zone)) {
    throw config::ConfigError(file.string() + ": time_zone \"" + s.time_zone +
                              "\" is not an IANA time zone (e.g. Europe/Berlin)");
  }
  c.finish();

  const auto& cert = s.console_certificate;
  if (cert.pem_certificate_file.empty() != cert.pem_private_key_file.empty()) {
    throw config::ConfigError(file.string() +
                              ": tls_certificate_file and tls_private_key_file go together");
  }
  if (!cert.pkcs12_file.empty() && !cert.pem_certificate_file.empty()) {
    throw config::ConfigError(file.string() +
                              ": give tls_pkcs12_file or tls_certificate_file, not both");
  }
  return s;
}

}  // namespace pw::manager
