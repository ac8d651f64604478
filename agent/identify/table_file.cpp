#include "agent/identify/table_file.hpp"

#include <algorithm>
#include <stdexcept>

namespace pw::agent::identify {

void failTableFile(std::string_view kind, std::string_view file, std::string_view field,
                   std::string_view what) {
  throw std::invalid_argument(std::string(kind) + " " + std::string(file) + ": " +
                              std::string(field) + ": " + std::string(what));
}

std::string tableFieldName(const std::string& field, std::string_view key) {
  return field.empty() ? std::string(key) : field + "." + std::string(key);
}

void checkTableKeys(std::string_view kind, std::string_view file, const std::string& field,
                    const nlohmann::json& object, std::initializer_list<std::string_view> allowed) {
  for (const auto& item : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
      failTableFile(kind, file, tableFieldName(field, item.key()), "unknown field");
    }
  }
}

}  // namespace pw::agent::identify
