#pragma once
// X.509 work on OpenSSL 3: keys, CSRs, the Manager's internal certificate authority that
// issues Agent client certificates and the Manager's own server certificates, and loading
// administrator-supplied PEM or PKCS#12 credentials. Keys are ECDSA P-256.
//
// Errors: functions that process outside input (CSRs, uploaded certificates) return
// boost::system::result with a pw::crypto error code (crypto_error.hpp); generation failures
// throw std::runtime_error (they only happen when OpenSSL itself fails). Invalid arguments
// from our own code (a common name outside 1..64 characters, a malformed "DNS:"/"IP:"
// entry, a validity outside 1 h..100 years, an unparseable key of our own) throw
// std::invalid_argument.
//
// Thread safety: free functions and const members may be called from any thread.
#include <chrono>
#include <string>
#include <vector>

#include <boost/system/result.hpp>

#include "common/core/clock.hpp"
#include "common/crypto/crypto_error.hpp"

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
  Clock::TimePoint not_after;  ///< saturates at TimePoint::max() (e.g. for 99991231235959Z)
  std::vector<std::string> subject_alt_names;  ///< "DNS:x" / "IP:1.2.3.4" / "IP:fd00::1"
  bool is_ca = false;
};

/// True when the CSR's signature verifies and it carries the certificate's public key: the
/// requester holds the private key the certificate was issued for (a repeated enrolment).
bool csrMatchesCertificate(const std::string& csr_pem, const std::string& certificate_pem);

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

/// Loads a PEM certificate chain + PEM key (PKCS#8 or traditional, unencrypted), checking
/// that the key matches the leaf. Returns the chain in the given order and the key as PKCS#8.
/// Errc::invalid_pem for unparseable (or passphrase-protected) input, Errc::key_mismatch.
boost::system::result<KeyedCertificate> loadPemCredentials(const std::string& chain_pem,
                                                           const std::string& key_pem);
/// Loads a PKCS#12 (.pfx/.p12) bundle with its password. The chain is ordered leaf first,
/// then its issuers. Errc::malformed for bytes that are not PKCS#12, Errc::wrong_password,
/// Errc::decrypt_failed for bundles OpenSSL 3 cannot decrypt (legacy RC2-40 encryption, or
/// no integrity MAC with a non-empty password, which OpenSSL 3.0's PKCS12_parse refuses).
boost::system::result<KeyedCertificate> loadPkcs12Credentials(const std::string& der_bytes,
                                                              const std::string& password);

class CertificateAuthority {
 public:
  /// Creates a self-signed root (CA:TRUE pathlen:0, keyCertSign|cRLSign, P-256 key) valid
  /// from now-1h to now+validity.
  static CertificateAuthority create(const std::string& common_name, std::chrono::hours validity,
                                     const Clock& clock);
  /// Loads an existing CA; fails when the key does not match (Errc::key_mismatch), the cert
  /// is not a CA (Errc::not_a_ca) or the key is not EC P-256/P-384 or RSA >= 2048
  /// (Errc::unsupported_key). Stores both in normalized PEM (key as PKCS#8).
  static boost::system::result<CertificateAuthority> load(const std::string& certificate_pem,
                                                          const std::string& private_key_pem);

  [[nodiscard]] const std::string& certificatePem() const { return certificate_pem_; }
  [[nodiscard]] const std::string& privateKeyPem() const { return private_key_pem_; }

  /// A TLS server certificate (EKU serverAuth) for key_pem's public key; subject_alt_names
  /// take the "DNS:x" / "IP:1.2.3.4" / "IP:fd00::1" form. Issued certificates (server and
  /// client) are valid from now-1h, to tolerate clock skew, until now+validity, but never
  /// beyond the CA's own notAfter; IssuedCertificate::not_after is the effective value.
  [[nodiscard]] IssuedCertificate issueServerCertificate(
      const std::string& public_key_holder_pem, const std::string& common_name,
      const std::vector<std::string>& subject_alt_names, std::chrono::hours validity,
      const Clock& clock) const;

  /// Signs a client CSR (EKU clientAuth). The subject is set to CN=common_name whatever the
  /// CSR asked for; the CSR's own signature must verify (Errc::bad_signature) and its key
  /// must be EC P-256/P-384 or RSA >= 2048 (Errc::unsupported_key); Errc::invalid_csr when
  /// it does not parse. CSR extensions are ignored. Serial numbers are random 128-bit.
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
