#pragma once
// Directory sign-in settings (LDAP / Active Directory, Kerberos) and the rules that turn a
// directory user's groups into a role, grants and regions. Standard library only: the LDAP
// and GSSAPI clients live in manager/directory, the use cases in services/directory_service.
//
// Decisions (docs/decisions/0023-directory-sign-in.md):
// - Role mappings are ordered; the first whose groups the user belongs to gives the role and
//   grants. Region mappings all apply: the user's regions are the union of every match.
// - A configured group matches a directory group by its whole DN or by the value of its first
//   RDN ("Printer Admins" matches "cn=Printer Admins,ou=groups,dc=example,dc=test"), without
//   regard to case.
// - No matching role mapping: the sign-in is refused.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "manager/core/user.hpp"

namespace pw::manager {

/// How the connection to the directory is protected. kPlain only with allow_plain.
enum class LdapSecurity { kLdaps, kStartTls, kPlain };
const char* toString(LdapSecurity security);
std::optional<LdapSecurity> ldapSecurityFromString(const std::string& text);

struct RoleMapping {
  std::vector<std::string> groups;  ///< any of them
  Role role = Role::kUser;
  GrantSet grants{};  ///< Device Managers only
};

struct RegionMapping {
  std::int64_t region_id = 0;
  std::vector<std::string> groups;  ///< any of them
};

/// A Kerberos principal's groups when no LDAP server is configured to look them up.
struct PrincipalGroups {
  std::string principal;  ///< user@REALM
  std::vector<std::string> groups;
};

struct LdapSettings {
  bool enabled = false;
  std::string host;
  int port = 636;
  LdapSecurity security = LdapSecurity::kLdaps;
  bool allow_plain = false;  ///< kPlain is refused unless this is set
  std::string ca_file;       ///< PEM file on the Manager host the server certificate must chain to
  std::string base_dn;       ///< where users are searched
  std::string domain;        ///< down-level domain (CORP) accepted before a backslash
  /// Attributes a login name is looked up by: "CORP\alice" and "alice" by
  /// account_attribute, "alice@corp.example" by upn_attribute.
  std::string account_attribute = "sAMAccountName";
  std::string upn_attribute = "userPrincipalName";
  /// Without a service account: bind directly with this DN, "{user}" replaced by the account
  /// name (e.g. "uid={user},ou=people,dc=example,dc=test"). Empty: bind with the name as typed
  /// (Active Directory accepts CORP\alice and the UPN as bind names).
  std::string bind_dn_template;
  std::string service_bind_dn;  ///< account that searches users and reads groups
  std::string group_attribute = "memberOf";
};

struct KerberosSettings {
  bool enabled = false;
  std::string keytab;                             ///< path on the Manager host
  std::string service_principal;                  ///< HTTP/host@REALM
  std::vector<PrincipalGroups> principal_groups;  ///< used when LDAP is disabled
};

struct DirectorySettings {
  LdapSettings ldap;
  KerberosSettings kerberos;
  std::vector<RoleMapping> role_mappings;  ///< in order; the first match wins
  bool regions_from_groups = false;
  std::vector<RegionMapping> region_mappings;
};

/// What a directory user is allowed, from their groups.
struct DirectoryAccess {
  Role role = Role::kUser;
  GrantSet grants{};
  std::vector<std::int64_t> region_ids;  ///< empty for System Managers
  std::size_t role_mapping = 0;          ///< index of the role mapping that applied
  std::string matched_group;             ///< the configured group name that matched
};

bool groupMatches(const std::string& configured, const std::string& directory_group);
/// nullopt when no role mapping applies (the sign-in is refused).
std::optional<DirectoryAccess> resolveAccess(const DirectorySettings& settings,
                                             const std::vector<std::string>& groups);

/// A login name as typed: "CORP\alice", "alice@corp.example" or "alice".
struct LoginName {
  enum class Form { kDownLevel, kUpn, kPlain };
  Form form = Form::kPlain;
  std::string account;  ///< alice
  std::string domain;   ///< CORP or corp.example; empty for kPlain
  [[nodiscard]] std::string typed() const;
};
/// nullopt for names that cannot be a directory account (empty parts, control characters,
/// more than one separator).
std::optional<LoginName> parseLoginName(const std::string& text);

/// Problems with the settings, as {field, message} pairs (field as the API names it, e.g.
/// "ldap.host", "roleMappings[1].groups").
struct DirectoryFieldError {
  std::string field;
  std::string message;
};
std::vector<DirectoryFieldError> validateDirectorySettings(const DirectorySettings& settings);

/// RFC 4515 escaping of a value placed in a search filter.
std::string escapeLdapFilterValue(const std::string& value);
/// RFC 4514 escaping of a value placed in a DN.
std::string escapeLdapDnValue(const std::string& value);

}  // namespace pw::manager
