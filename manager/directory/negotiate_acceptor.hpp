#pragma once
// NegotiateAcceptor over MIT GSSAPI: gss_accept_sec_context with the configured keytab
// (gss_acquire_cred_from, so nothing process-wide such as KRB5_KTNAME is changed). One leg
// only: a Kerberos AP-REQ inside SPNEGO; a token that needs another round trip (NTLM) is
// refused.
#include "manager/services/directory_client.hpp"

namespace pw::manager {

class GssNegotiateAcceptor final : public NegotiateAcceptor {
 public:
  Outcome<NegotiateResult> accept(const KerberosSettings& settings,
                                  const std::string& token_base64) override;
};

}  // namespace pw::manager
