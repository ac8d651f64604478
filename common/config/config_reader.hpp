#pragma once
// Reads a JSON configuration object into typed settings. Each settings struct declares its
// keys with defaults and bounds; a key nobody asked for, a wrong type or a value out of range
// fails start-up with a ConfigError that names the key ("listen.port: 70000 is above 65535").
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace pw::config {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses a file that must hold one JSON object. Throws ConfigError with the file name and the
/// parser's position for malformed JSON, or when the file cannot be read.
nlohmann::json loadJsonFile(const std::filesystem::path& path);

/// A view over one JSON object that remembers which keys were read. Call finish() after
/// reading every known key: it throws for any key left over. Not thread-safe.
class ConfigObject {
 public:
  /// `where` prefixes error messages (a file name or "agent.settings").
  ConfigObject(const nlohmann::json& object, std::string where);
  ~ConfigObject();
  ConfigObject(const ConfigObject&) = delete;
  ConfigObject& operator=(const ConfigObject&) = delete;

  std::string string(const std::string& key, std::string fallback);
  /// A string that must be one of `allowed`.
  std::string choice(const std::string& key, std::string fallback,
                     std::initializer_list<const char*> allowed);
  std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                       std::int64_t max);
  bool boolean(const std::string& key, bool fallback);
  std::vector<std::string> stringList(const std::string& key, std::vector<std::string> fallback);

  /// Throws ConfigError listing every unknown key.
  void finish() const;

 private:
  const nlohmann::json* find(const std::string& key);
  [[noreturn]] void fail(const std::string& key, const std::string& reason) const;

  const nlohmann::json& object_;
  std::string where_;
  std::set<std::string> read_keys_;
};

/// "host:port" as used by listen settings.
struct Endpoint {
  std::string host;
  std::uint16_t port = 0;
};
/// Parses "host:port" or "[v6]:port"; throws ConfigError naming `key` when malformed.
Endpoint parseEndpoint(const std::string& key, const std::string& text);

}  // namespace pw::config
