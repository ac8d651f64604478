#include "manager/core/credential.hpp"

#include <algorithm>
#include <charconv>

namespace pw::manager {
namespace {

struct KindName {
  CredentialKind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {{CredentialKind::kSnmpV1, "snmpv1"},
                                   {CredentialKind::kSnmpV3, "snmpv3"},
                                   {CredentialKind::kUser, "user"},
                                   {CredentialKind::kDomain, "domain"},
                                   {CredentialKind::kSystemManager, "systemManager"},
                                   {CredentialKind::kPassword, "password"}};

const std::vector<std::string> kSecurityLevels = {"noAuthNoPriv", "authNoPriv", "authPriv"};
const std::vector<std::string> kAuthProtocols = {"MD5",     "SHA",     "SHA-224",
                                                 "SHA-256", "SHA-384", "SHA-512"};
const std::vector<std::string> kPrivProtocols = {"DES", "AES", "AES-256"};
const std::vector<std::string> kSnmpVersions = {"v1", "v2c"};

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// Code points, so that a limit reads the same for "é" as for "e".
std::size_t characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool hasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

CredentialInvalid invalid(const std::string& name, const std::string& problem) {
  const auto field = "fields." + name;
  return {field, field + " " + problem};
}

// Checks one present field; `min` 0 allows the empty string.
std::optional<CredentialInvalid> checkText(const std::string& name, const std::string& value,
                                           std::size_t min, std::size_t max) {
  const auto n = characters(value);
  if (n < min || n > max) {
    return invalid(
        name, "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters long");
  }
  if (hasControlCharacter(value)) return invalid(name, "must not contain control characters");
  return std::nullopt;
}

std::optional<CredentialInvalid> checkDigits(const std::string& name, const std::string& value,
                                             std::size_t max) {
  if (value.empty() || value.size() > max ||
      !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return invalid(name, "must be 1 to " + std::to_string(max) + " digits");
  }
  return std::nullopt;
}

std::optional<CredentialInvalid> checkOneOf(const std::string& name, const std::string& value,
                                            const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return std::nullopt;
  return invalid(name, "must be one of " + joined(allowed));
}

// A required field's value, or the problem of its absence.
std::optional<CredentialInvalid> require(const CredentialFields& fields, const std::string& name,
                                         const std::string& why = "is required") {
  const auto it = fields.find(name);
  if (it == fields.end() || it->second.empty()) return invalid(name, why);
  return std::nullopt;
}

// Runs the checks in order and returns the first problem.
template <typename... Checks>
std::optional<CredentialInvalid> firstProblem(Checks&&... checks) {
  std::optional<CredentialInvalid> problem;
  ((problem = problem ? problem : checks()), ...);
  return problem;
}

std::optional<CredentialInvalid> normalizeSnmpV3(CredentialFields& pub, CredentialFields& sec) {
  if (auto p = require(pub, "username")) return p;
  if (auto p = checkText("username", pub["username"], 1, 32)) return p;
  if (auto p = require(pub, "securityLevel")) return p;
  if (auto p = checkOneOf("securityLevel", pub["securityLevel"], kSecurityLevels)) return p;
  if (auto p = checkText("contextName", pub["contextName"], 0, 32)) return p;  // "" by default
  const auto& level = pub["securityLevel"];
  const bool auth = level != "noAuthNoPriv";
  const bool priv = level == "authPriv";
  if (!auth) pub.erase("authProtocol"), sec.erase("authKey");
  if (!priv) pub.erase("privProtocol"), sec.erase("privKey");
  if (auth) {
    const std::string why = "is required with securityLevel " + level;
    if (auto p = firstProblem(
            [&] { return require(pub, "authProtocol", why); },
            [&] { return checkOneOf("authProtocol", pub["authProtocol"], kAuthProtocols); },
            [&] { return require(sec, "authKey", why); },
            [&] { return checkText("authKey", sec["authKey"], 8, 64); })) {
      return p;
    }
  }
  if (priv) {
    const std::string why = "is required with securityLevel authPriv";
    if (auto p = firstProblem(
            [&] { return require(pub, "privProtocol", why); },
            [&] { return checkOneOf("privProtocol", pub["privProtocol"], kPrivProtocols); },
            [&] { return require(sec, "privKey", why); },
            [&] { return checkText("privKey", sec["privKey"], 8, 64); })) {
      return p;
    }
  }
  return std::nullopt;
}

// A required text field of the given length range.
std::optional<CredentialInvalid> requiredText(CredentialFields& fields, const std::string& name,
                                              std::size_t max) {
  if (auto p = require(fields, name)) return p;
  return checkText(name, fields[name], 1, max);
}

}  // namespace

const char* toString(CredentialKind kind) {
  for (const auto& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "unknown";
}

std::optional<CredentialKind> credentialKindFromString(std::string_view text) {
  for (const auto& k : kKindNames) {
    if (text == k.name) return k.kind;
  }
  return std::nullopt;
}

const char* toString(CredentialAccess access) {
  return access == CredentialAccess::kReadWrite ? "readWrite" : "read";
}

std::optional<CredentialAccess> credentialAccessFromString(std::string_view text) {
  if (text == "read") return CredentialAccess::kRead;
  if (text == "readWrite") return CredentialAccess::kReadWrite;
  return std::nullopt;
}

const CredentialSchema& credentialSchema(CredentialKind kind) {
  static const CredentialSchema snmpv1{{"version"}, {"community"}};
  static const CredentialSchema snmpv3{
      {"username", "securityLevel", "authProtocol", "privProtocol", "contextName"},
      {"authKey", "privKey"}};
  static const CredentialSchema user{{"username"}, {"password"}};
  static const CredentialSchema domain{{"domain", "username"}, {"password"}};
  static const CredentialSchema system_manager{{"systemManagerId"}, {"pin"}};
  static const CredentialSchema password{{}, {"password"}};
  switch (kind) {
    case CredentialKind::kSnmpV1: return snmpv1;
    case CredentialKind::kSnmpV3: return snmpv3;
    case CredentialKind::kUser: return user;
    case CredentialKind::kDomain: return domain;
    case CredentialKind::kSystemManager: return system_manager;
    case CredentialKind::kPassword: return password;
  }
  return password;
}

std::optional<CredentialInvalid> splitCredentialFields(CredentialKind kind,
                                                       const CredentialFields& input,
                                                       CredentialFields& public_fields,
                                                       CredentialFields& secret_fields) {
  const auto& schema = credentialSchema(kind);
  const auto has = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const auto& [name, value] : input) {
    if (has(schema.public_fields, name)) {
      public_fields[name] = value;
    } else if (has(schema.secret_fields, name)) {
      secret_fields[name] = value;
    } else {
      auto all = schema.public_fields;
      all.insert(all.end(), schema.secret_fields.begin(), schema.secret_fields.end());
      return invalid(name, std::string("is not a field of ") + toString(kind) +
                               " credentials; they have " + joined(all));
    }
  }
  return std::nullopt;
}

std::optional<CredentialInvalid> normalizeCredential(CredentialKind kind,
                                                     CredentialFields& public_fields,
                                                     CredentialFields& secret_fields) {
  std::erase_if(secret_fields, [](const auto& entry) { return entry.second.empty(); });
  auto& pub = public_fields;
  auto& sec = secret_fields;
  switch (kind) {
    case CredentialKind::kSnmpV1:
      return firstProblem([&] { return require(pub, "version"); },
                          [&] { return checkOneOf("version", pub["version"], kSnmpVersions); },
                          [&] { return requiredText(sec, "community", 64); });
    case CredentialKind::kSnmpV3: return normalizeSnmpV3(pub, sec);
    case CredentialKind::kUser:
      return firstProblem([&] { return requiredText(pub, "username", 128); },
                          [&] { return requiredText(sec, "password", 128); });
    case CredentialKind::kDomain:
      return firstProblem([&] { return requiredText(pub, "domain", 255); },
                          [&] { return requiredText(pub, "username", 128); },
                          [&] { return requiredText(sec, "password", 128); });
    case CredentialKind::kSystemManager:
      return firstProblem([&] { return require(pub, "systemManagerId"); },
                          [&] { return checkDigits("systemManagerId", pub["systemManagerId"], 7); },
                          [&] { return require(sec, "pin"); },
                          [&] { return checkDigits("pin", sec["pin"], 7); });
    case CredentialKind::kPassword: return requiredText(sec, "password", 128);
  }
  return std::nullopt;
}

std::optional<CredentialInvalid> validateCredentialDescription(const std::string& description) {
  if (characters(description) > kMaxDescriptionLength) {
    return CredentialInvalid{"description", "description must be at most " +
                                                std::to_string(kMaxDescriptionLength) +
                                                " characters long"};
  }
  if (hasControlCharacter(description)) {
    return CredentialInvalid{"description", "description must not contain control characters"};
  }
  return std::nullopt;
}

std::string encodeCredentialFields(const CredentialFields& fields) {
  std::string text;
  for (const auto& [name, value] : fields) {
    text += std::to_string(name.size()) + ":" + name;
    text += std::to_string(value.size()) + ":" + value;
  }
  return text;
}

std::optional<CredentialFields> decodeCredentialFields(std::string_view text) {
  const auto take = [&text]() -> std::optional<std::string> {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end == text.data() + text.size() || *end != ':') return std::nullopt;
    const auto start = static_cast<std::size_t>(end - text.data()) + 1;
    if (text.size() - start < n) return std::nullopt;
    std::string value(text.substr(start, n));
    text.remove_prefix(start + n);
    return value;
  };
  CredentialFields fields;
  while (!text.empty()) {
    auto name = take();
    if (!name) return std::nullopt;
    auto value = take();
    if (!value) return std::nullopt;
    fields[*name] = *value;
  }
  return fields;
}

}  // namespace pw::manager
