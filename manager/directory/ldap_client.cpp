#include "manager/directory/ldap_client.hpp"

#include <ldap.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

namespace pw::manager {
namespace {

constexpr int kTimeoutSeconds = 10;

Problem problem(const char* code, const std::string& message) {
  const auto kind = std::string(code) == "invalid_credentials" ? ErrorKind::kUnauthorized
                                                               : ErrorKind::kUnreachable;
  return {kind, code, message};
}

struct Unbind {
  void operator()(LDAP* ld) const { ldap_unbind_ext_s(ld, nullptr, nullptr); }
};
using Handle = std::unique_ptr<LDAP, Unbind>;
struct FreeMessage {
  void operator()(LDAPMessage* m) const { ldap_msgfree(m); }
};

// libldap's reason plus the server's or TLS layer's diagnostic, when there is one.
std::string describe(LDAP* ld, int rc) {
  std::string text = ldap_err2string(rc);
  char* diagnostic = nullptr;
  if (ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic) == LDAP_OPT_SUCCESS &&
      diagnostic) {
    if (*diagnostic) text += std::string(" (") + diagnostic + ")";
    ldap_memfree(diagnostic);
  }
  return text;
}

// libldap reports a failed TLS handshake like a refused connection; a plain TCP connection
// tells the two apart for the administrator.
bool tcpReachable(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return false;
  bool reachable = false;
  for (auto* a = found; a && !reachable; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    timeval timeout{kTimeoutSeconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    reachable = connect(fd, a->ai_addr, a->ai_addrlen) == 0;
    close(fd);
  }
  freeaddrinfo(found);
  return reachable;
}

constexpr const char* kTlsHint =
    " (is the server certificate issued by the configured CA, and does it name the host?)";

class LdapSession {
 public:
  explicit LdapSession(const LdapSettings& settings) : settings_(settings) {}

  // Connects and secures the connection.
  Outcome<void> open() {
    const auto& s = settings_;
    const auto host = s.host.find(':') != std::string::npos ? "[" + s.host + "]" : s.host;
    const auto uri = std::string(s.security == LdapSecurity::kLdaps ? "ldaps://" : "ldap://") +
                     host + ":" + std::to_string(s.port);
    LDAP* raw = nullptr;
    if (ldap_initialize(&raw, uri.c_str()) != LDAP_SUCCESS || !raw) {
      return problem("directory_error", "cannot use the address " + uri);
    }
    ld_.reset(raw);
    const int version = LDAP_VERSION3;
    ldap_set_option(raw, LDAP_OPT_PROTOCOL_VERSION, &version);
    ldap_set_option(raw, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
    timeval timeout{kTimeoutSeconds, 0};
    ldap_set_option(raw, LDAP_OPT_NETWORK_TIMEOUT, &timeout);
    ldap_set_option(raw, LDAP_OPT_TIMEOUT, &timeout);
    if (s.security != LdapSecurity::kPlain) {
      const int demand = LDAP_OPT_X_TLS_DEMAND;
      const int is_server = 0;
      if (ldap_set_option(raw, LDAP_OPT_X_TLS_CACERTFILE, s.ca_file.c_str()) != LDAP_OPT_SUCCESS ||
          ldap_set_option(raw, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand) != LDAP_OPT_SUCCESS ||
          // A context of this handle's own, so the CA file above is the one used.
          ldap_set_option(raw, LDAP_OPT_X_TLS_NEWCTX, &is_server) != LDAP_OPT_SUCCESS) {
        return problem("directory_tls_failed", "cannot use the CA file " + s.ca_file);
      }
    }
    if (const int rc = ldap_connect(raw); rc != LDAP_SUCCESS) {
      const auto text = describe(raw, rc);
      if (s.security == LdapSecurity::kLdaps && tcpReachable(s.host, s.port)) {
        return problem("directory_tls_failed", "TLS with " + uri + " failed: " + text + kTlsHint);
      }
      return problem("directory_unreachable", "cannot connect to " + uri + ": " + text);
    }
    if (s.security == LdapSecurity::kStartTls) {
      if (const int rc = ldap_start_tls_s(raw, nullptr, nullptr); rc != LDAP_SUCCESS) {
        return problem("directory_tls_failed",
                       "StartTLS with " + uri + " failed: " + describe(raw, rc) + kTlsHint);
      }
    }
    return {};
  }

  // Simple bind; an empty DN binds anonymously.
  Outcome<void> bind(const std::string& dn, const std::string& password, const char* refused_code) {
    berval cred{static_cast<ber_len_t>(password.size()), const_cast<char*>(password.data())};
    const int rc = ldap_sasl_bind_s(ld_.get(), dn.empty() ? nullptr : dn.c_str(), LDAP_SASL_SIMPLE,
                                    &cred, nullptr, nullptr, nullptr);
    if (rc == LDAP_SUCCESS) return {};
    if (rc == LDAP_INVALID_CREDENTIALS) {
      return problem(refused_code, "the directory refused the bind of " + dn);
    }
    return problem(rc == LDAP_SERVER_DOWN ? "directory_unreachable" : "directory_error",
                   "bind of " + dn + " failed: " + describe(ld_.get(), rc));
  }

  // The single entry under `base` (scope) matching `filter`, with its groups.
  Outcome<DirectoryIdentity> find(const std::string& base, int scope, const std::string& filter) {
    std::string group_attribute = settings_.group_attribute;
    char* attributes[] = {group_attribute.data(), nullptr};
    timeval timeout{kTimeoutSeconds, 0};
    LDAPMessage* raw = nullptr;
    const int rc = ldap_search_ext_s(ld_.get(), base.c_str(), scope, filter.c_str(), attributes, 0,
                                     nullptr, nullptr, &timeout, 2, &raw);
    std::unique_ptr<LDAPMessage, FreeMessage> result(raw);
    if (rc == LDAP_NO_SUCH_OBJECT) {
      return problem("directory_user_not_found", "no entry " + filter + " under " + base);
    }
    if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
      return problem("directory_error", "search " + filter + " failed: " + describe(ld_.get(), rc));
    }
    const int count = ldap_count_entries(ld_.get(), result.get());
    if (count != 1) {
      return problem("directory_user_not_found",
                     count == 0 ? "no entry " + filter + " under " + base
                                : "more than one entry " + filter + " under " + base);
    }
    LDAPMessage* entry = ldap_first_entry(ld_.get(), result.get());
    DirectoryIdentity identity;
    if (char* dn = ldap_get_dn(ld_.get(), entry)) {
      identity.dn = dn;
      ldap_memfree(dn);
    }
    if (berval** values = ldap_get_values_len(ld_.get(), entry, group_attribute.c_str())) {
      for (int i = 0; values[i]; ++i)
        identity.groups.emplace_back(values[i]->bv_val, values[i]->bv_len);
      ldap_value_free_len(values);
    }
    return identity;
  }

  // The entry of a login name under the base DN.
  Outcome<DirectoryIdentity> findUser(const LoginName& name) {
    const bool upn = name.form == LoginName::Form::kUpn;
    const auto& attribute = upn ? settings_.upn_attribute : settings_.account_attribute;
    const auto value = upn ? name.typed() : name.account;
    return find(settings_.base_dn, LDAP_SCOPE_SUBTREE,
                "(" + attribute + "=" + escapeLdapFilterValue(value) + ")");
  }

 private:
  const LdapSettings& settings_;
  Handle ld_;
};

}  // namespace

Outcome<void> LdapClient::probe(const LdapConnection& connection) {
  LdapSession session(connection.settings);
  if (auto opened = session.open(); !opened) return opened;
  return session.bind(connection.settings.service_bind_dn, connection.service_password,
                      "directory_bind_failed");
}

Outcome<DirectoryIdentity> LdapClient::lookup(const LdapConnection& connection,
                                              const LoginName& name) {
  LdapSession session(connection.settings);
  if (auto opened = session.open(); !opened) return opened.error();
  if (auto bound = session.bind(connection.settings.service_bind_dn, connection.service_password,
                                "directory_bind_failed");
      !bound) {
    return bound.error();
  }
  return session.findUser(name);
}

Outcome<DirectoryIdentity> LdapClient::authenticate(const LdapConnection& connection,
                                                    const LoginName& name,
                                                    const std::string& password) {
  const auto& s = connection.settings;
  LdapSession session(s);
  if (auto opened = session.open(); !opened) return opened.error();
  if (!s.service_bind_dn.empty()) {
    // Search with the service account, then prove the password by binding as the entry found.
    if (auto bound =
            session.bind(s.service_bind_dn, connection.service_password, "directory_bind_failed");
        !bound) {
      return bound.error();
    }
    auto identity = session.findUser(name);
    if (!identity) return identity;
    if (auto bound = session.bind(identity->dn, password, "invalid_credentials"); !bound) {
      return bound.error();
    }
    return identity;
  }
  if (!s.bind_dn_template.empty()) {
    auto dn = s.bind_dn_template;
    dn.replace(dn.find("{user}"), 6, escapeLdapDnValue(name.account));
    if (auto bound = session.bind(dn, password, "invalid_credentials"); !bound) {
      return bound.error();
    }
    return session.find(dn, LDAP_SCOPE_BASE, "(objectClass=*)");
  }
  // Active Directory takes CORP\alice and alice@corp.example as bind names.
  if (auto bound = session.bind(name.typed(), password, "invalid_credentials"); !bound) {
    return bound.error();
  }
  return session.findUser(name);
}

}  // namespace pw::manager
