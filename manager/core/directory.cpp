#include "manager/core/directory.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace pw::manager {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The value of a DN's first RDN: "cn=Printer Admins,ou=x" -> "Printer Admins". Escaped commas
// ("\,") stay part of the value.
std::string firstRdnValue(const std::string& dn) {
  const auto eq = dn.find('=');
  if (eq == std::string::npos) return dn;
  std::string value;
  for (std::size_t i = eq + 1; i < dn.size(); ++i) {
    if (dn[i] == '\\' && i + 1 < dn.size()) {
      value += dn[++i];
    } else if (dn[i] == ',' || dn[i] == '+') {
      break;
    } else {
      value += dn[i];
    }
  }
  return trim(value);
}

bool anyMatches(const std::vector<std::string>& configured,
                const std::vector<std::string>& groups) {
  return std::any_of(configured.begin(), configured.end(), [&](const std::string& c) {
    return std::any_of(groups.begin(), groups.end(),
                       [&](const std::string& g) { return groupMatches(c, g); });
  });
}

bool hasControl(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

}  // namespace

const char* toString(LdapSecurity security) {
  switch (security) {
    case LdapSecurity::kLdaps: return "ldaps";
    case LdapSecurity::kStartTls: return "starttls";
    case LdapSecurity::kPlain: return "plain";
  }
  return "ldaps";
}

std::optional<LdapSecurity> ldapSecurityFromString(const std::string& text) {
  for (const auto s : {LdapSecurity::kLdaps, LdapSecurity::kStartTls, LdapSecurity::kPlain}) {
    if (text == toString(s)) return s;
  }
  return std::nullopt;
}

bool groupMatches(const std::string& configured, const std::string& directory_group) {
  const auto want = lower(trim(configured));
  if (want.empty()) return false;
  return want == lower(trim(directory_group)) || want == lower(firstRdnValue(directory_group));
}

std::optional<DirectoryAccess> resolveAccess(const DirectorySettings& settings,
                                             const std::vector<std::string>& groups) {
  for (std::size_t i = 0; i < settings.role_mappings.size(); ++i) {
    const auto& mapping = settings.role_mappings[i];
    for (const auto& configured : mapping.groups) {
      if (!anyMatches({configured}, groups)) continue;
      DirectoryAccess access;
      access.role = mapping.role;
      access.grants = mapping.role == Role::kDeviceManager ? mapping.grants : GrantSet{};
      access.role_mapping = i;
      access.matched_group = configured;
      if (settings.regions_from_groups && access.role != Role::kSystemManager) {
        for (const auto& region : settings.region_mappings) {
          if (anyMatches(region.groups, groups)) access.region_ids.push_back(region.region_id);
        }
      }
      return access;
    }
  }
  return std::nullopt;
}

std::string LoginName::typed() const {
  switch (form) {
    case Form::kDownLevel: return domain + "\\" + account;
    case Form::kUpn: return account + "@" + domain;
    case Form::kPlain: return account;
  }
  return account;
}

std::optional<LoginName> parseLoginName(const std::string& text) {
  if (text.empty() || text.size() > 256 || hasControl(text)) return std::nullopt;
  const auto backslash = text.find('\\');
  const auto at = text.find('@');
  LoginName name;
  if (backslash != std::string::npos) {
    if (at != std::string::npos || text.find('\\', backslash + 1) != std::string::npos) {
      return std::nullopt;
    }
    name.form = LoginName::Form::kDownLevel;
    name.domain = text.substr(0, backslash);
    name.account = text.substr(backslash + 1);
  } else if (at != std::string::npos) {
    if (text.find('@', at + 1) != std::string::npos) return std::nullopt;
    name.form = LoginName::Form::kUpn;
    name.account = text.substr(0, at);
    name.domain = text.substr(at + 1);
  } else {
    name.account = text;
  }
  if (name.account.empty() || (name.form != LoginName::Form::kPlain && name.domain.empty())) {
    return std::nullopt;
  }
  return name;
}

std::vector<DirectoryFieldError> validateDirectorySettings(const DirectorySettings& settings) {
  std::vector<DirectoryFieldError> errors;
  const auto& ldap = settings.ldap;
  if (ldap.enabled) {
    if (ldap.host.empty() || hasControl(ldap.host) ||
        ldap.host.find_first_of(" /") != std::string::npos) {
      errors.push_back({"ldap.host", "ldap.host: a host name or address is required"});
    }
    if (ldap.port < 1 || ldap.port > 65535) {
      errors.push_back({"ldap.port", "ldap.port: must be 1 to 65535"});
    }
    if (ldap.security == LdapSecurity::kPlain && !ldap.allow_plain) {
      errors.push_back(
          {"ldap.security", "ldap.security: an unencrypted connection needs allowPlain: true"});
    }
    if (ldap.security != LdapSecurity::kPlain && ldap.ca_file.empty()) {
      errors.push_back({"ldap.caFile", "ldap.caFile: the CA certificate file is required for TLS"});
    }
    if (ldap.base_dn.empty()) errors.push_back({"ldap.baseDn", "ldap.baseDn: required"});
    if (ldap.group_attribute.empty()) {
      errors.push_back({"ldap.groupAttribute", "ldap.groupAttribute: required"});
    }
    if (!ldap.bind_dn_template.empty() &&
        ldap.bind_dn_template.find("{user}") == std::string::npos) {
      errors.push_back({"ldap.bindDnTemplate", "ldap.bindDnTemplate: must contain {user}"});
    }
  }
  const auto& krb = settings.kerberos;
  if (krb.enabled) {
    if (krb.keytab.empty()) errors.push_back({"kerberos.keytab", "kerberos.keytab: required"});
    if (krb.service_principal.find('/') == std::string::npos) {
      errors.push_back({"kerberos.servicePrincipal",
                        "kerberos.servicePrincipal: expected HTTP/host or HTTP/host@REALM"});
    }
  }
  for (std::size_t i = 0; i < krb.principal_groups.size(); ++i) {
    if (krb.principal_groups[i].principal.empty()) {
      const auto field = "kerberos.principalGroups[" + std::to_string(i) + "].principal";
      errors.push_back({field, field + ": required"});
    }
  }
  // Each mapping needs at least one group name, none blank.
  const auto checkGroups = [&errors](const std::string& list, std::size_t i,
                                     const std::vector<std::string>& names) {
    if (names.empty() ||
        std::any_of(names.begin(), names.end(), [](const auto& g) { return trim(g).empty(); })) {
      const auto field = list + "[" + std::to_string(i) + "].groups";
      errors.push_back({field, field + ": one or more non-empty group names"});
    }
  };
  for (std::size_t i = 0; i < settings.role_mappings.size(); ++i) {
    checkGroups("roleMappings", i, settings.role_mappings[i].groups);
  }
  for (std::size_t i = 0; i < settings.region_mappings.size(); ++i) {
    checkGroups("regionMappings", i, settings.region_mappings[i].groups);
  }
  return errors;
}

std::string escapeLdapFilterValue(const std::string& value) {
  std::string out;
  for (const unsigned char c : value) {
    if (c == '*' || c == '(' || c == ')' || c == '\\' || c == 0) {
      char hex[4];
      std::snprintf(hex, sizeof hex, "\\%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string escapeLdapDnValue(const std::string& value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const bool edge_space = c == ' ' && (i == 0 || i + 1 == value.size());
    if (std::string_view(",+\"\\<>;=").find(c) != std::string_view::npos || edge_space ||
        (c == '#' && i == 0)) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

}  // namespace pw::manager
