#pragma once
// X.509 work on OpenSSL 3: keys, CSRs, the Manager's internal certificate authority that
// issues Agent client certificates and the Manager's own server certificates, and loading
// administrator-supplied PEM or PKCS#12 credentials. Keys are ECDSA P-256.
//
// Errors: functions that process outside input (CSRs, uploaded certificates) return
// boost::system::result with a pw::crypto error code; generation failures throw
// std::runtime_error (they only happen when OpenSSL itself fails).
#include <chrono>
#include <string>
#include <vector>

#include <boost/system/result.hpp>

#include "common/core/clock.hpp"

namespace pw::crypto {

/// A new ECDSA P-256 private key, PKCS#8 PEM.
std::string generatePrivateKeyPem();

/// A PKCS#10 request for the key, with subject CN=common_name.
std::string makeCsrPem(const std::string& private_key_pem, const std::string& common_name);

struct CertificateInfo {
  std::string subject_common_name;
  std::string issuer_common_name;
  std::string serial_hex;          ///< lower-case hex, no leading zeros
  std::string sha256_fingerprint;  ///< lower-case hex of the DER encoding
  Clock::TimePoint not_before;
  Clock::TimePoint not_after;
  std::vector<std::string> subject_alt_names;  ///< "DNS:x" / "IP:1.2.3.4"
  bool is_ca = false;
};

/// Parses the first certificate of a PEM text.
boost::system::result<CertificateInfo> inspectCertificate(const std::string& pem);

struct IssuedCertificate {
  std::string certificate_pem;
  std::string serial_hex;
  std::string sha256_fingerprint;
  Clock::TimePoint not_after;
};

/// A certificate and key that were loaded from an administrator-supplied file.
struct KeyedCertificate {
  std::string certificate_chain_pem;  ///< leaf first, then any intermediates
  std::string private_key_pem;
};

/// Loads a PEM certificate chain + PEM key, checking that the key matches the leaf.
boost::system::result<KeyedCertificate> loadPemCredentials(const std::string& chain_pem,
                                                          const std::string& key_pem);
/// Loads a PKCS#12 (.pfx/.p12) bundle with its password.
boost::system::result<KeyedCertificate> loadPkcs12Credentials(const std::string& der_bytes,
                                                             const std::string& password);

class CertificateAuthority {
 public:
  /// Creates a self-signed root (CA:TRUE, keyCertSign|cRLSign) valid from now-1h.
  static CertificateAuthority create(const std::string& common_name,
                                     std::chrono::hours validity, const Clock& clock);
  /// Loads an existing CA; fails when the key does not match or the cert is not a CA.
  static boost::system::result<CertificateAuthority> load(const std::string& certificate_pem,
                                                         const std::string& private_key_pem);

  [[nodiscard]] const std::string& certificatePem() const { return certificate_pem_; }
  [[nodiscard]] const std::string& privateKeyPem() const { return private_key_pem_; }

  /// A TLS server certificate (EKU serverAuth) for key_pem's public key; subject_alt_names
  /// take the "DNS:x" / "IP:1.2.3.4" form.
  [[nodiscard]] IssuedCertificate issueServerCertificate(
      const std::string& public_key_holder_pem, const std::string& common_name,
      const std::vector<std::string>& subject_alt_names, std::chrono::hours validity,
      const Clock& clock) const;

  /// Signs a client CSR (EKU clientAuth). The subject is set to CN=common_name whatever the
  /// CSR asked for; the CSR's own signature must verify. Serial numbers are random 128-bit.
  [[nodiscard]] boost::system::result<IssuedCertificate> signClientCsr(
      const std::string& csr_pem, const std::string& common_name, std::chrono::hours validity,
      const Clock& clock) const;

 private:
  CertificateAuthority(std::string certificate_pem, std::string private_key_pem)
      : certificate_pem_(std::move(certificate_pem)),
        private_key_pem_(std::move(private_key_pem)) {}
  std::string certificate_pem_;
  std::string private_key_pem_;
};

}  // namespace pw::crypto
