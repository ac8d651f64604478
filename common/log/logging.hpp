#pragma once
// Named subsystem loggers ("api", "tls", "db", "agentlink", ...) on spdlog, all writing to the
// same sinks: standard error (journald/SCM-friendly) and an optional size-rotated file.
//
// Secrets (passwords, activation keys, session tokens) are never passed to a logger; the
// end-to-end tests check the log files for them.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}

namespace pw::log {

struct LogSettings {
  std::string level = "info";  ///< trace, debug, info, warn, error, off
  std::filesystem::path file;  ///< empty: standard error only
  bool to_stderr = true;
};

/// Configures the sinks; call once at start-up, before get(). Throws on an unwritable file.
void setup(const LogSettings& settings);

/// The logger of a subsystem, created on first use with the configured sinks. Thread-safe.
std::shared_ptr<spdlog::logger> get(const std::string& subsystem);

}  // namespace pw::log
