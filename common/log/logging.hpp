#pragma once
// Named subsystem loggers ("api", "tls", "db", "agentlink", ...) on spdlog, all writing to the
// same sinks: standard error (journald/SCM-friendly) and an optional size-rotated file.
//
// Secrets are never passed to a logger. Values that may carry one (a URL with a key, a
// header) go through redact() first.
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

/// Replaces everything after `marker` up to the next '&', ' ' or end with "***".
std::string redact(std::string_view text, std::string_view marker);

}  // namespace pw::log
