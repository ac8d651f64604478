#pragma once
// The seams to the directory: an LDAP client and a Kerberos (SPNEGO) acceptor. Implemented
// with libldap and MIT GSSAPI in manager/directory (Linux builds); DirectoryService takes
// them as pointers, absent when the build has no directory support.
#include <string>
#include <vector>

#include "manager/core/directory.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// A directory entry found or verified, with the groups it belongs to.
struct DirectoryIdentity {
  std::string dn;
  std::vector<std::string> groups;
};

/// What one LDAP call may use: the settings and the service account's password in clear.
struct LdapConnection {
  LdapSettings settings;
  std::string service_password;
};

/// Problems carry stable codes: directory_unreachable (connect), directory_tls_failed
/// (handshake or certificate), directory_bind_failed (service account), invalid_credentials
/// (the user's password), directory_user_not_found, directory_error (anything else).
/// Messages never contain a password.
class DirectoryClient {
 public:
  virtual ~DirectoryClient() = default;
  /// Verifies `password` for `name` and reads the entry's groups.
  virtual Outcome<DirectoryIdentity> authenticate(const LdapConnection& connection,
                                                  const LoginName& name,
                                                  const std::string& password) = 0;
  /// Finds `name` with the service account (no user password: Kerberos, "test connection").
  virtual Outcome<DirectoryIdentity> lookup(const LdapConnection& connection,
                                            const LoginName& name) = 0;
  /// Connects, secures the connection and binds the service account (anonymous without one).
  virtual Outcome<void> probe(const LdapConnection& connection) = 0;
};

struct NegotiateResult {
  std::string principal;     ///< alice@EXAMPLE.TEST
  std::string output_token;  ///< base64, for "WWW-Authenticate: Negotiate <token>"; may be empty
};

class NegotiateAcceptor {
 public:
  virtual ~NegotiateAcceptor() = default;
  /// Accepts one SPNEGO/Kerberos token (base64 as sent after "Negotiate "). invalid_token when
  /// the token is refused, directory_misconfigured when the keytab or principal is unusable.
  virtual Outcome<NegotiateResult> accept(const KerberosSettings& settings,
                                          const std::string& token_base64) = 0;
};

}  // namespace pw::manager
