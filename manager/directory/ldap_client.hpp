#pragma once
// DirectoryClient over OpenLDAP's libldap (synchronous API, one connection per call, every
// operation bounded by a 10 s timeout). TLS (LDAPS or StartTLS) always demands a server
// certificate that chains to the configured CA file and names the host.
#include "manager/services/directory_client.hpp"

namespace pw::manager {

class LdapClient final : public DirectoryClient {
 public:
  Outcome<DirectoryIdentity> authenticate(const LdapConnection& connection, const LoginName& name,
                                          const std::string& password) override;
  Outcome<DirectoryIdentity> lookup(const LdapConnection& connection,
                                    const LoginName& name) override;
  Outcome<void> probe(const LdapConnection& connection) override;
};

}  // namespace pw::manager
