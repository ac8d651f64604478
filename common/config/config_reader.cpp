#include "common/config/config_reader.hpp"

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace pw::config {

nlohmann::json loadJsonFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path.string() + ": cannot be read");
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    auto json = nlohmann::json::parse(buffer.str());
    if (!json.is_object()) throw ConfigError(path.string() + ": must hold a JSON object");
    return json;
  } catch (const nlohmann::json::parse_error& e) {
    throw ConfigError(path.string() + ": not valid JSON (" + e.what() + ")");
  }
}

ConfigObject::ConfigObject(const nlohmann::json& object, std::string where)
    : object_(object), where_(std::move(where)) {
  if (!object_.is_object()) throw ConfigError(where_ + ": must be a JSON object");
}

ConfigObject::~ConfigObject() = default;

const nlohmann::json* ConfigObject::find(const std::string& key) {
  read_keys_.insert(key);
  const auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

void ConfigObject::fail(const std::string& key, const std::string& reason) const {
  throw ConfigError(where_ + ": " + key + ": " + reason);
}

std::string ConfigObject::string(const std::string& key, std::string fallback) {
  const auto* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_string()) fail(key, "must be a string");
  return value->get<std::string>();
}

std::string ConfigObject::choice(const std::string& key, std::string fallback,
                                 std::initializer_list<const char*> allowed) {
  auto value = string(key, std::move(fallback));
  std::string list;
  for (const char* option : allowed) {
    if (value == option) return value;
    list += list.empty() ? option : std::string(", ") + option;
  }
  fail(key, "\"" + value + "\" is not one of " + list);
}

std::int64_t ConfigObject::integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                                   std::int64_t max) {
  const auto* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_number_integer()) fail(key, "must be an integer");
  const auto number = value->get<std::int64_t>();
  if (number < min) fail(key, std::to_string(number) + " is below " + std::to_string(min));
  if (number > max) fail(key, std::to_string(number) + " is above " + std::to_string(max));
  return number;
}

bool ConfigObject::boolean(const std::string& key, bool fallback) {
  const auto* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) fail(key, "must be true or false");
  return value->get<bool>();
}

std::vector<std::string> ConfigObject::stringList(const std::string& key,
                                                  std::vector<std::string> fallback) {
  const auto* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_array()) fail(key, "must be a list of strings");
  std::vector<std::string> result;
  for (const auto& item : *value) {
    if (!item.is_string()) fail(key, "must be a list of strings");
    result.push_back(item.get<std::string>());
  }
  return result;
}

void ConfigObject::finish() const {
  std::string unknown;
  for (const auto& [key, value] : object_.items()) {
    if (read_keys_.count(key) == 0) unknown += unknown.empty() ? key : ", " + key;
  }
  if (!unknown.empty()) throw ConfigError(where_ + ": unknown key(s): " + unknown);
}

Endpoint parseEndpoint(const std::string& key, const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    throw ConfigError(key + ": \"" + text + "\" is not of the form host:port");
  }
  Endpoint endpoint;
  endpoint.host = text.substr(0, colon);
  if (endpoint.host.front() == '[' && endpoint.host.back() == ']') {
    endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  }
  const auto port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    throw ConfigError(key + ": \"" + port_text + "\" is not a port number (0-65535)");
  }
  endpoint.port = static_cast<std::uint16_t>(port);
  return endpoint;
}

}  // namespace pw::config
