#include "common/log/logging.hpp"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <vector>

namespace pw::log {
namespace {

std::mutex g_mutex;
std::vector<spdlog::sink_ptr> g_sinks;  // guarded by g_mutex
spdlog::level::level_enum g_level = spdlog::level::info;

}  // namespace

void setup(const LogSettings& settings) {
  std::lock_guard lock(g_mutex);
  g_sinks.clear();
  if (settings.to_stderr)
    g_sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  if (!settings.file.empty()) {
    std::filesystem::create_directories(settings.file.parent_path());
    constexpr std::size_t kMaxFileBytes = std::size_t{10} * 1024 * 1024;
    constexpr std::size_t kMaxFiles = 5;
    g_sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        settings.file.string(), kMaxFileBytes, kMaxFiles));
  }
  for (auto& sink : g_sinks) sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %-5l [%n] %v");
  g_level = spdlog::level::from_str(settings.level);
  spdlog::drop_all();
}

std::shared_ptr<spdlog::logger> get(const std::string& subsystem) {
  std::lock_guard lock(g_mutex);
  if (auto existing = spdlog::get(subsystem)) return existing;
  auto logger = std::make_shared<spdlog::logger>(subsystem, g_sinks.begin(), g_sinks.end());
  logger->set_level(g_level);
  logger->flush_on(spdlog::level::info);
  spdlog::register_logger(logger);
  return logger;
}

}  // namespace pw::log
