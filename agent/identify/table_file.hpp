#pragma once
// Checks shared by the Agent's JSON knowledge files (identify's vendor tables, monitor's counter
// tables), which are data compiled into the binary: a file that breaks a rule stops the Agent at
// start-up with a message naming the table, the file and the field.
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pw::agent::identify {

/// Throws std::invalid_argument "<kind> <file>: <field>: <what>" (kind: "vendor table", ...).
[[noreturn]] void failTableFile(std::string_view kind, std::string_view file,
                                std::string_view field, std::string_view what);

/// "field.key", or "key" at the top level (empty `field`).
std::string tableFieldName(const std::string& field, std::string_view key);

/// Rejects keys of `object` not in `allowed`, so that a typo ("serail") is a start-up error,
/// not a silently ignored rule.
void checkTableKeys(std::string_view kind, std::string_view file, const std::string& field,
                    const nlohmann::json& object, std::initializer_list<std::string_view> allowed);

}  // namespace pw::agent::identify
