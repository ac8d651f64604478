#include "manager/core/user.hpp"

#include <cctype>

namespace pw::manager {

const char* toString(Role role) {
  switch (role) {
    case Role::kSystemManager: return "system_manager";
    case Role::kDeviceManager: return "device_manager";
    case Role::kUser: return "user";
  }
  return "user";
}

std::optional<Role> roleFromString(const std::string& text) {
  if (text == "system_manager") return Role::kSystemManager;
  if (text == "device_manager") return Role::kDeviceManager;
  if (text == "user") return Role::kUser;
  return std::nullopt;
}

const char* toString(UserSource source) {
  switch (source) {
    case UserSource::kLocal: return "local";
    case UserSource::kLdap: return "ldap";
    case UserSource::kKerberos: return "kerberos";
  }
  return "local";
}

std::optional<UserSource> userSourceFromString(const std::string& text) {
  for (const auto s : {UserSource::kLocal, UserSource::kLdap, UserSource::kKerberos}) {
    if (text == toString(s)) return s;
  }
  return std::nullopt;
}

const char* toString(Grant grant) {
  switch (grant) {
    case Grant::kDevices: return "devices";
    case Grant::kTasks: return "tasks";
    case Grant::kDataManagement: return "data_management";
    case Grant::kReports: return "reports";
  }
  return "devices";
}

std::optional<Grant> grantFromString(const std::string& text) {
  for (const auto g : kAllGrants) {
    if (text == toString(g)) return g;
  }
  return std::nullopt;
}

std::string validatePassword(const std::string& password, std::size_t min_length) {
  if (password.size() < min_length) {
    return "password must have at least " + std::to_string(min_length) + " characters";
  }
  bool upper = false, lower = false, digit = false, symbol = false;
  for (const unsigned char c : password) {
    if (std::isupper(c))
      upper = true;
    else if (std::islower(c))
      lower = true;
    else if (std::isdigit(c))
      digit = true;
    else
      symbol = true;
  }
  if (upper + lower + digit + symbol < 3) {
    return "password must use at least three of: upper-case letters, lower-case letters, digits, "
           "symbols";
  }
  return {};
}

}  // namespace pw::manager
