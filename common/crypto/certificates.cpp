#include "common/crypto/certificates.hpp"

#include "common/core/hex.hpp"
#include "common/crypto/openssl_error_queue.hpp"

#include <arpa/inet.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <ctime>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "common/crypto/crypto_error.hpp"

namespace pw::crypto {
namespace {

// ---- RAII for OpenSSL objects -------------------------------------------------------------------

template <auto kFree>
struct Deleter {
  template <typename T>
  void operator()(T* p) const noexcept {
    kFree(p);
  }
};

// Some OpenSSL "free" functions are macros; these wrappers give them an address.
void freeOpensslMemory(void* p) noexcept {
  OPENSSL_free(p);
}
void freeX509Stack(STACK_OF(X509) * s) noexcept {
  sk_X509_pop_free(s, X509_free);
}
void freeGeneralNames(GENERAL_NAMES* names) noexcept {
  GENERAL_NAMES_free(names);
}

using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ_free>>;
using NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Asn1IntPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using Asn1OctetPtr = std::unique_ptr<ASN1_OCTET_STRING, Deleter<ASN1_OCTET_STRING_free>>;
using Ia5Ptr = std::unique_ptr<ASN1_IA5STRING, Deleter<ASN1_IA5STRING_free>>;
using GenNamePtr = std::unique_ptr<GENERAL_NAME, Deleter<GENERAL_NAME_free>>;
using GenNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<freeGeneralNames>>;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), Deleter<freeX509Stack>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12_free>>;
using OsslCharPtr = std::unique_ptr<char, Deleter<freeOpensslMemory>>;
using OsslBytePtr = std::unique_ptr<unsigned char, Deleter<freeOpensslMemory>>;

[[noreturn]] void throwOpenssl(const char* what) {
  std::string message = std::string("OpenSSL: ") + what;
  if (const unsigned long err = ERR_peek_last_error(); err != 0) {
    std::array<char, 256> text{};
    ERR_error_string_n(err, text.data(), text.size());
    message += " (";
    message += text.data();
    message += ")";
  }
  ERR_clear_error();
  throw std::runtime_error(message);
}

// Never prompt on the terminal for a passphrase: encrypted PEM keys simply fail to load.
// (With a null callback OpenSSL would read the passphrase from the controlling tty.)
int noPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) {
  return -1;
}

// ---- PEM in and out -----------------------------------------------------------------------------

BioPtr readBio(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) return nullptr;
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

BioPtr writeBio() {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) throwOpenssl("BIO_new");
  return bio;
}

std::string bioContents(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  if (length <= 0 || data == nullptr) return {};
  return {data, static_cast<std::size_t>(length)};
}

X509Ptr parseCertificate(std::string_view pem) {
  const BioPtr bio = readBio(pem);
  if (!bio) return nullptr;
  return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr));
}

PkeyPtr parsePrivateKey(std::string_view pem) {
  const BioPtr bio = readBio(pem);
  if (!bio) return nullptr;
  // Accepts PKCS#8 ("PRIVATE KEY") and the traditional "EC/RSA PRIVATE KEY" forms.
  return PkeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
}

// All certificates of a PEM text, in order. Fails on an empty text and on any corrupt
// block, rather than silently returning the certificates before it.
boost::system::result<std::vector<X509Ptr>> parseCertificateChain(std::string_view pem) {
  const BioPtr bio = readBio(pem);
  if (!bio) return Errc::invalid_pem;
  std::vector<X509Ptr> chain;
  for (;;) {
    ERR_clear_error();
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, noPassphrase, nullptr));
    if (!cert) break;
    chain.push_back(std::move(cert));
  }
  // The loop ends with "no start line" once the input is used up; any other reason means a
  // block was damaged.
  const unsigned long err = ERR_peek_last_error();
  const bool clean_end =
      ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
  if (chain.empty() || !clean_end) return Errc::invalid_pem;
  return chain;
}

std::string certificateToPem(X509* cert) {
  const BioPtr bio = writeBio();
  if (PEM_write_bio_X509(bio.get(), cert) != 1) throwOpenssl("PEM_write_bio_X509");
  return bioContents(bio.get());
}

std::string privateKeyToPem(EVP_PKEY* key) {
  const BioPtr bio = writeBio();
  // Unencrypted PKCS#8: the caller decides how to protect it at rest.
  if (PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    throwOpenssl("PEM_write_bio_PrivateKey");
  }
  return bioContents(bio.get());
}

// ---- small conversions --------------------------------------------------------------------------

std::string serialHex(const ASN1_INTEGER* serial) {
  const BnPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) throwOpenssl("ASN1_INTEGER_to_BN");
  const OsslCharPtr hex(BN_bn2hex(bn.get()));
  if (!hex) throwOpenssl("BN_bn2hex");
  std::string_view digits(hex.get());
  std::string out;
  if (!digits.empty() && digits.front() == '-') {
    out.push_back('-');  // RFC 5280 forbids it, but foreign certificates may carry one.
    digits.remove_prefix(1);
  }
  // BN_bn2hex pads to whole bytes ("0A"); the documented form has no leading zeros.
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  for (const char c : digits) {
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string sha256Fingerprint(const X509* cert) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (X509_digest(cert, EVP_sha256(), digest.data(), &length) != 1) throwOpenssl("X509_digest");
  return hexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

// ASN1_TIME_to_tm yields UTC fields; the calendar arithmetic of <chrono> turns them into a
// time point without timegm() and without any 32-bit time_t limits.
std::optional<Clock::TimePoint> toTimePoint(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return std::nullopt;
  using namespace std::chrono;
  const year_month_day date{year{tm.tm_year + 1900}, month{static_cast<unsigned>(tm.tm_mon + 1)},
                            day{static_cast<unsigned>(tm.tm_mday)}};
  if (!date.ok()) return std::nullopt;
  const sys_seconds instant =
      sys_days{date} + hours{tm.tm_hour} + minutes{tm.tm_min} + seconds{tm.tm_sec};
  // Clock::TimePoint counts nanoseconds and ends in 2262; RFC 5280's "no expiry" value
  // 99991231235959Z must saturate rather than overflow.
  constexpr auto kMax = time_point_cast<seconds>(Clock::TimePoint::max());
  constexpr auto kMin = time_point_cast<seconds>(Clock::TimePoint::min());
  if (instant >= kMax) return Clock::TimePoint::max();
  if (instant <= kMin) return Clock::TimePoint::min();
  return time_point_cast<Clock::TimePoint::duration>(instant);
}

void setTime(ASN1_TIME* field, Clock::TimePoint when) {
  // ASN1_TIME_set picks UTCTime up to 2049 and GeneralizedTime after, as RFC 5280 requires.
  if (ASN1_TIME_set(field, static_cast<time_t>(toUnixSeconds(when))) == nullptr) {
    throw std::invalid_argument("certificate validity out of range");
  }
}

std::string asn1StringToUtf8(const ASN1_STRING* value) {
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, value);
  if (length < 0) return {};
  const OsslBytePtr owner(utf8);
  return {reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length)};
}

std::string commonName(const X509_NAME* name) {
  if (name == nullptr) return {};
  const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return {};
  const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, index);
  return asn1StringToUtf8(X509_NAME_ENTRY_get_data(entry));
}

NamePtr makeCommonNameSubject(const std::string& common_name) {
  NamePtr name(X509_NAME_new());
  if (!name) throwOpenssl("X509_NAME_new");
  // MBSTRING_UTF8 lets OpenSSL check the RFC 5280 bounds (1..64 characters) for us.
  if (X509_NAME_add_entry_by_NID(name.get(), NID_commonName, MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(common_name.data()),
                                 static_cast<int>(common_name.size()), -1, 0) != 1) {
    ERR_clear_error();
    throw std::invalid_argument("common name must be 1..64 characters of UTF-8");
  }
  return name;
}

std::string ipToText(const ASN1_OCTET_STRING* ip) {
  const int length = ASN1_STRING_length(ip);
  const unsigned char* data = ASN1_STRING_get0_data(ip);
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (length == 4 && inet_ntop(AF_INET, data, text.data(), text.size()) != nullptr) {
    return text.data();
  }
  if (length == 16 && inet_ntop(AF_INET6, data, text.data(), text.size()) != nullptr) {
    return text.data();
  }
  // Appended, not concatenated: GCC 12 -O3 reports a false -Wrestrict on "<" + std::string.
  std::string shown = "<";
  shown.append(hexEncode(std::string_view(reinterpret_cast<const char*>(data),
                                          static_cast<std::size_t>(std::max(length, 0)))));
  shown.push_back('>');
  return shown;
}

std::vector<std::string> subjectAltNames(const X509* cert) {
  std::vector<std::string> out;
  const GenNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    switch (name->type) {
      case GEN_DNS: out.push_back("DNS:" + asn1StringToUtf8(name->d.dNSName)); break;
      case GEN_IPADD: out.push_back("IP:" + ipToText(name->d.iPAddress)); break;
      case GEN_URI:
        out.push_back("URI:" + asn1StringToUtf8(name->d.uniformResourceIdentifier));
        break;
      case GEN_EMAIL: out.push_back("email:" + asn1StringToUtf8(name->d.rfc822Name)); break;
      default: break;  // directory names, otherName, ...: not used by Printwarden
    }
  }
  return out;
}

// "DNS:host" / "IP:addr" -> GENERAL_NAMES. Built structurally (not via an OpenSSL config
// string) so a name containing ',' cannot smuggle in further entries.
GenNamesPtr buildSubjectAltNames(const std::vector<std::string>& entries) {
  GenNamesPtr names(sk_GENERAL_NAME_new_null());
  if (!names) throwOpenssl("sk_GENERAL_NAME_new_null");
  for (const std::string& entry : entries) {
    GenNamePtr name;
    if (entry.starts_with("DNS:") && entry.size() > 4) {
      const std::string host = entry.substr(4);
      // Host names only (letters, digits, '-', '.', '_' and a '*' wildcard label); anything
      // else would be a typo in our own configuration.
      const bool valid = host.size() <= 253 && std::all_of(host.begin(), host.end(), [](char c) {
                           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' ||
                                  c == '.' || c == '_' || c == '*';
                         });
      if (!valid) throw std::invalid_argument("invalid DNS subject alt name: " + entry);
      Ia5Ptr value(ASN1_IA5STRING_new());
      if (!value || ASN1_STRING_set(value.get(), host.data(), static_cast<int>(host.size())) != 1) {
        throwOpenssl("ASN1_STRING_set");
      }
      name.reset(GENERAL_NAME_new());
      if (!name) throwOpenssl("GENERAL_NAME_new");
      GENERAL_NAME_set0_value(name.get(), GEN_DNS, value.release());
    } else if (entry.starts_with("IP:")) {
      // a2i_IPADDRESS parses both IPv4 and IPv6 text.
      Asn1OctetPtr address(a2i_IPADDRESS(entry.c_str() + 3));
      if (!address) {
        ERR_clear_error();
        throw std::invalid_argument("invalid IP subject alt name: " + entry);
      }
      name.reset(GENERAL_NAME_new());
      if (!name) throwOpenssl("GENERAL_NAME_new");
      GENERAL_NAME_set0_value(name.get(), GEN_IPADD, address.release());
    } else {
      throw std::invalid_argument("subject alt name must start with DNS: or IP: - " + entry);
    }
    if (sk_GENERAL_NAME_push(names.get(), name.get()) <= 0) throwOpenssl("sk_GENERAL_NAME_push");
    static_cast<void>(name.release());  // now owned by the stack
  }
  return names;
}

// Random positive serial of 128 bits (RFC 5280 allows up to 20 octets): unpredictable
// serials keep two certificates for the same key and validity distinct.
void setRandomSerial(X509* cert) {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) throwOpenssl("RAND_bytes");
  bytes[0] &= 0x7f;  // positive once DER-encoded, without a padding byte
  bytes[0] |= 0x40;  // and always 16 octets long, so no serial is ever zero
  const BnPtr bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!bn) throwOpenssl("BN_bin2bn");
  const Asn1IntPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!serial || X509_set_serialNumber(cert, serial.get()) != 1) {
    throwOpenssl("X509_set_serialNumber");
  }
}

void addExtension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  const ExtPtr extension(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
  if (!extension || X509_add_ext(cert, extension.get(), -1) != 1) throwOpenssl("X509_add_ext");
}

// EdDSA signs the message itself; every other algorithm takes a digest.
const EVP_MD* digestFor(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "ED25519") == 1 || EVP_PKEY_is_a(key, "ED448") == 1) return nullptr;
  return EVP_sha256();
}

bool isAcceptedKey(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "EC") == 1) {
    std::array<char, 80> group{};
    std::size_t length = 0;
    if (EVP_PKEY_get_group_name(key, group.data(), group.size(), &length) != 1) return false;
    const int nid = OBJ_sn2nid(group.data());
    return nid == NID_X9_62_prime256v1 || nid == NID_secp384r1;
  }
  if (EVP_PKEY_is_a(key, "RSA") == 1) return EVP_PKEY_get_bits(key) >= 2048;
  return false;
}

enum class Profile { kCa, kServer, kClient };

struct CertificateRequest {
  Profile profile = Profile::kClient;
  const std::string& common_name;
  EVP_PKEY* subject_key = nullptr;  // public half goes into the certificate
  Clock::TimePoint not_before;
  Clock::TimePoint not_after;
  const std::vector<std::string>* subject_alt_names = nullptr;
};

// Builds and signs one certificate. For kCa it is self-signed by subject_key; otherwise it
// is signed by issuer_key on behalf of issuer_cert.
X509Ptr buildCertificate(const CertificateRequest& request, X509* issuer_cert,
                         EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  if (!cert) throwOpenssl("X509_new");
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1) throwOpenssl("X509_set_version");
  setRandomSerial(cert.get());
  const NamePtr subject = makeCommonNameSubject(request.common_name);
  if (X509_set_subject_name(cert.get(), subject.get()) != 1) {
    throwOpenssl("X509_set_subject_name");
  }
  X509_NAME* issuer_name =
      request.profile == Profile::kCa ? subject.get() : X509_get_subject_name(issuer_cert);
  if (X509_set_issuer_name(cert.get(), issuer_name) != 1) throwOpenssl("X509_set_issuer_name");
  setTime(X509_getm_notBefore(cert.get()), request.not_before);
  setTime(X509_getm_notAfter(cert.get()), request.not_after);
  if (X509_set_pubkey(cert.get(), request.subject_key) != 1) throwOpenssl("X509_set_pubkey");

  X509* signer_cert = request.profile == Profile::kCa ? cert.get() : issuer_cert;
  EVP_PKEY* signer_key = request.profile == Profile::kCa ? request.subject_key : issuer_key;
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, signer_cert, cert.get(), nullptr, nullptr, 0);

  switch (request.profile) {
    case Profile::kCa:
      // pathlen:0 - the Printwarden CA signs leaf certificates only.
      addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
      addExtension(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
      break;
    case Profile::kServer:
      addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
      // RSA server keys may also be used for RSA key transport in TLS 1.2.
      addExtension(cert.get(), &ctx, NID_key_usage,
                   EVP_PKEY_is_a(request.subject_key, "RSA") == 1
                       ? "critical,digitalSignature,keyEncipherment"
                       : "critical,digitalSignature");
      addExtension(cert.get(), &ctx, NID_ext_key_usage, "serverAuth");
      break;
    case Profile::kClient:
      addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
      addExtension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature");
      addExtension(cert.get(), &ctx, NID_ext_key_usage, "clientAuth");
      break;
  }
  // The subject key id must exist before "keyid:always" can copy it from a self-signed cert.
  addExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  addExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");

  if (request.subject_alt_names != nullptr && !request.subject_alt_names->empty()) {
    const GenNamesPtr names = buildSubjectAltNames(*request.subject_alt_names);
    if (X509_add1_ext_i2d(cert.get(), NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) !=
        1) {
      throwOpenssl("X509_add1_ext_i2d(subjectAltName)");
    }
  }

  if (X509_sign(cert.get(), signer_key, digestFor(signer_key)) <= 0) throwOpenssl("X509_sign");
  return cert;
}

IssuedCertificate describeIssued(X509* cert, Clock::TimePoint not_after) {
  return IssuedCertificate{certificateToPem(cert), serialHex(X509_get0_serialNumber(cert)),
                           sha256Fingerprint(cert), not_after};
}

struct LoadedCa {
  X509Ptr cert;
  PkeyPtr key;
};

// The stored PEMs were checked by create()/load(); failing here means the object was
// corrupted, which is not an input error.
LoadedCa loadCa(const std::string& certificate_pem, const std::string& private_key_pem) {
  LoadedCa ca{parseCertificate(certificate_pem), parsePrivateKey(private_key_pem)};
  if (!ca.cert || !ca.key) throwOpenssl("loading the CA certificate/key");
  return ca;
}

// Certificates we issue never outlive the CA: the chain would not verify past that point,
// and the returned not_after is what renewal schedules rely on.
Clock::TimePoint clampToIssuer(Clock::TimePoint not_after, X509* issuer) {
  const auto issuer_not_after = toTimePoint(X509_get0_notAfter(issuer));
  if (issuer_not_after && *issuer_not_after < not_after) return *issuer_not_after;
  return not_after;
}

Clock::TimePoint truncateToSeconds(Clock::TimePoint t) {
  return std::chrono::time_point_cast<std::chrono::seconds>(t);
}

// Issued leaves are back-dated like the CA so a peer whose clock lags a little still
// accepts a certificate that was just issued.
constexpr std::chrono::hours kBackdate{1};

// Beyond this, now + validity would leave Clock::TimePoint's range (year 2262).
constexpr std::chrono::hours kMaxValidity{24 * 366 * 100};

void requireValidity(std::chrono::hours validity) {
  if (validity <= std::chrono::hours::zero() || validity > kMaxValidity) {
    throw std::invalid_argument("certificate validity must be between 1 hour and 100 years");
  }
}

// Order PKCS#12 extra certificates as a chain starting at the leaf: leaf, its issuer, that
// issuer's issuer... Certificates that do not fit the chain keep their order at the end.
std::vector<X509Ptr> orderChain(X509Ptr leaf, std::vector<X509Ptr> others) {
  std::vector<X509Ptr> chain;
  chain.push_back(std::move(leaf));
  for (;;) {
    X509* current = chain.back().get();
    if (X509_check_issued(current, current) == X509_V_OK) break;  // reached a root
    auto issuer = std::find_if(others.begin(), others.end(), [current](const X509Ptr& c) {
      return X509_check_issued(c.get(), current) == X509_V_OK;
    });
    if (issuer == others.end()) break;
    chain.push_back(std::move(*issuer));
    others.erase(issuer);
  }
  for (X509Ptr& rest : others) chain.push_back(std::move(rest));
  return chain;
}

KeyedCertificate toKeyedCertificate(const std::vector<X509Ptr>& chain, EVP_PKEY* key) {
  KeyedCertificate out;
  for (const X509Ptr& cert : chain) out.certificate_chain_pem += certificateToPem(cert.get());
  out.private_key_pem = privateKeyToPem(key);
  return out;
}

}  // namespace

// ---- keys and requests --------------------------------------------------------------------------

std::string generatePrivateKeyPem() {
  const detail::ErrorQueueCleaner cleaner;
  const PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) throwOpenssl("EVP_PKEY_Q_keygen(EC P-256)");
  return privateKeyToPem(key.get());
}

std::string makeCsrPem(const std::string& private_key_pem, const std::string& common_name) {
  const detail::ErrorQueueCleaner cleaner;
  const PkeyPtr key = parsePrivateKey(private_key_pem);
  if (!key) throw std::invalid_argument("makeCsrPem: not a PEM private key");
  const ReqPtr request(X509_REQ_new());
  if (!request) throwOpenssl("X509_REQ_new");
  const NamePtr subject = makeCommonNameSubject(common_name);
  if (X509_REQ_set_version(request.get(), X509_REQ_VERSION_1) != 1 ||
      X509_REQ_set_subject_name(request.get(), subject.get()) != 1 ||
      X509_REQ_set_pubkey(request.get(), key.get()) != 1) {
    throwOpenssl("building the CSR");
  }
  if (X509_REQ_sign(request.get(), key.get(), digestFor(key.get())) <= 0) {
    throwOpenssl("X509_REQ_sign");
  }
  const BioPtr bio = writeBio();
  if (PEM_write_bio_X509_REQ(bio.get(), request.get()) != 1) {
    throwOpenssl("PEM_write_bio_X509_REQ");
  }
  return bioContents(bio.get());
}

// ---- inspection and loading ---------------------------------------------------------------------

boost::system::result<CertificateInfo> inspectCertificate(const std::string& pem) {
  const detail::ErrorQueueCleaner cleaner;
  const X509Ptr cert = parseCertificate(pem);
  if (!cert) return Errc::invalid_pem;
  const auto not_before = toTimePoint(X509_get0_notBefore(cert.get()));
  const auto not_after = toTimePoint(X509_get0_notAfter(cert.get()));
  if (!not_before || !not_after) return Errc::malformed;

  CertificateInfo info;
  info.subject_common_name = commonName(X509_get_subject_name(cert.get()));
  info.issuer_common_name = commonName(X509_get_issuer_name(cert.get()));
  info.serial_hex = serialHex(X509_get0_serialNumber(cert.get()));
  info.sha256_fingerprint = sha256Fingerprint(cert.get());
  info.not_before = *not_before;
  info.not_after = *not_after;
  info.subject_alt_names = subjectAltNames(cert.get());
  // Only basicConstraints CA:TRUE counts; X509_check_ca would also accept v1 roots.
  info.is_ca = (X509_get_extension_flags(cert.get()) & EXFLAG_CA) != 0;
  return info;
}

boost::system::result<KeyedCertificate> loadPemCredentials(const std::string& chain_pem,
                                                           const std::string& key_pem) {
  const detail::ErrorQueueCleaner cleaner;
  auto chain = parseCertificateChain(chain_pem);
  if (!chain) return chain.error();
  const PkeyPtr key = parsePrivateKey(key_pem);
  if (!key) return Errc::invalid_pem;
  if (X509_check_private_key(chain->front().get(), key.get()) != 1) return Errc::key_mismatch;
  return toKeyedCertificate(*chain, key.get());
}

boost::system::result<KeyedCertificate> loadPkcs12Credentials(const std::string& der_bytes,
                                                              const std::string& password) {
  const detail::ErrorQueueCleaner cleaner;
  if (der_bytes.empty() || der_bytes.size() > static_cast<std::size_t>(LONG_MAX)) {
    return Errc::malformed;
  }
  const auto* cursor = reinterpret_cast<const unsigned char*>(der_bytes.data());
  const Pkcs12Ptr p12(d2i_PKCS12(nullptr, &cursor, static_cast<long>(der_bytes.size())));
  if (!p12) return Errc::malformed;
  // PKCS12_parse takes a C string: a password with an embedded NUL cannot be right.
  if (password.find('\0') != std::string::npos) return Errc::wrong_password;

  // Check the MAC first so a wrong password is reported as such instead of as a decryption
  // failure. As in PKCS12_parse, an empty password may have been encoded as absent or "".
  if (PKCS12_mac_present(p12.get()) == 1) {
    const bool mac_ok = password.empty()
                            ? (PKCS12_verify_mac(p12.get(), nullptr, 0) == 1 ||
                               PKCS12_verify_mac(p12.get(), "", 0) == 1)
                            : PKCS12_verify_mac(p12.get(), password.c_str(),
                                                static_cast<int>(password.size())) == 1;
    if (!mac_ok) return Errc::wrong_password;
  }

  EVP_PKEY* raw_key = nullptr;
  X509* raw_cert = nullptr;
  STACK_OF(X509)* raw_extra = nullptr;
  const int parsed = PKCS12_parse(p12.get(), password.c_str(), &raw_key, &raw_cert, &raw_extra);
  const PkeyPtr key(raw_key);
  X509Ptr cert(raw_cert);
  const X509StackPtr extra(raw_extra);
  // Reached with a verified MAC, or with none at all: the bags did not decrypt, e.g. a
  // legacy RC2 bundle that OpenSSL 3 refuses without its legacy provider. OpenSSL 3.0's
  // PKCS12_parse also refuses MAC-less bundles unless the password is empty.
  if (parsed != 1) return Errc::decrypt_failed;
  if (!key || !cert) return Errc::malformed;
  if (X509_check_private_key(cert.get(), key.get()) != 1) return Errc::key_mismatch;

  std::vector<X509Ptr> others;
  while (extra && sk_X509_num(extra.get()) > 0) others.emplace_back(sk_X509_shift(extra.get()));
  const std::vector<X509Ptr> chain = orderChain(std::move(cert), std::move(others));
  return toKeyedCertificate(chain, key.get());
}

// ---- certificate authority ----------------------------------------------------------------------

CertificateAuthority CertificateAuthority::create(const std::string& common_name,
                                                  std::chrono::hours validity, const Clock& clock) {
  const detail::ErrorQueueCleaner cleaner;
  requireValidity(validity);
  const PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) throwOpenssl("EVP_PKEY_Q_keygen(EC P-256)");
  const Clock::TimePoint now = clock.now();
  const CertificateRequest request{Profile::kCa, common_name, key.get(), now - kBackdate,
                                   now + validity};
  const X509Ptr cert = buildCertificate(request, nullptr, nullptr);
  return {certificateToPem(cert.get()), privateKeyToPem(key.get())};
}

boost::system::result<CertificateAuthority> CertificateAuthority::load(
    const std::string& certificate_pem, const std::string& private_key_pem) {
  const detail::ErrorQueueCleaner cleaner;
  const X509Ptr cert = parseCertificate(certificate_pem);
  if (!cert) return Errc::invalid_pem;
  const PkeyPtr key = parsePrivateKey(private_key_pem);
  if (!key) return Errc::invalid_pem;
  const uint32_t flags = X509_get_extension_flags(cert.get());  // also caches the extensions
  if ((flags & EXFLAG_INVALID) != 0) return Errc::malformed;
  // X509_get_key_usage reports all bits when the extension is absent.
  if ((flags & EXFLAG_CA) == 0 || (X509_get_key_usage(cert.get()) & KU_KEY_CERT_SIGN) == 0) {
    return Errc::not_a_ca;
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) return Errc::key_mismatch;
  // Same bar as for Agent keys; issuing also signs with SHA-256, which needs EC or RSA.
  if (!isAcceptedKey(key.get())) return Errc::unsupported_key;
  return CertificateAuthority(certificateToPem(cert.get()), privateKeyToPem(key.get()));
}

IssuedCertificate CertificateAuthority::issueServerCertificate(
    const std::string& public_key_holder_pem, const std::string& common_name,
    const std::vector<std::string>& subject_alt_names, std::chrono::hours validity,
    const Clock& clock) const {
  const detail::ErrorQueueCleaner cleaner;
  requireValidity(validity);
  const PkeyPtr subject_key = parsePrivateKey(public_key_holder_pem);
  if (!subject_key) throw std::invalid_argument("issueServerCertificate: not a PEM private key");
  const LoadedCa ca = loadCa(certificate_pem_, private_key_pem_);
  const Clock::TimePoint now = clock.now();
  const Clock::TimePoint not_after =
      clampToIssuer(truncateToSeconds(now + validity), ca.cert.get());
  const CertificateRequest request{Profile::kServer, common_name, subject_key.get(),
                                   now - kBackdate,  not_after,   &subject_alt_names};
  const X509Ptr cert = buildCertificate(request, ca.cert.get(), ca.key.get());
  return describeIssued(cert.get(), not_after);
}

bool csrMatchesCertificate(const std::string& csr_pem, const std::string& certificate_pem) {
  const detail::ErrorQueueCleaner cleaner;
  const BioPtr bio = readBio(csr_pem);
  if (!bio) return false;
  const ReqPtr csr(PEM_read_bio_X509_REQ(bio.get(), nullptr, noPassphrase, nullptr));
  if (!csr) return false;
  EVP_PKEY* csr_key = X509_REQ_get0_pubkey(csr.get());  // owned by csr
  if (csr_key == nullptr || X509_REQ_verify(csr.get(), csr_key) != 1) return false;
  const X509Ptr cert = parseCertificate(certificate_pem);
  if (!cert) return false;
  const EVP_PKEY* cert_key = X509_get0_pubkey(cert.get());
  return cert_key != nullptr && EVP_PKEY_eq(csr_key, cert_key) == 1;
}

boost::system::result<IssuedCertificate> CertificateAuthority::signClientCsr(
    const std::string& csr_pem, const std::string& common_name, std::chrono::hours validity,
    const Clock& clock) const {
  const detail::ErrorQueueCleaner cleaner;
  requireValidity(validity);
  const BioPtr bio = readBio(csr_pem);
  if (!bio) return Errc::invalid_csr;
  const ReqPtr csr(PEM_read_bio_X509_REQ(bio.get(), nullptr, noPassphrase, nullptr));
  if (!csr) return Errc::invalid_csr;
  EVP_PKEY* csr_key = X509_REQ_get0_pubkey(csr.get());  // owned by csr
  if (csr_key == nullptr) return Errc::invalid_csr;
  // Proof of possession: only the holder of the private key can have signed the request.
  if (X509_REQ_verify(csr.get(), csr_key) != 1) return Errc::bad_signature;
  if (!isAcceptedKey(csr_key)) return Errc::unsupported_key;

  // Nothing else from the CSR is trusted: subject and extensions are ours.
  const LoadedCa ca = loadCa(certificate_pem_, private_key_pem_);
  const Clock::TimePoint now = clock.now();
  const Clock::TimePoint not_after =
      clampToIssuer(truncateToSeconds(now + validity), ca.cert.get());
  const CertificateRequest request{Profile::kClient, common_name, csr_key, now - kBackdate,
                                   not_after};
  const X509Ptr cert = buildCertificate(request, ca.cert.get(), ca.key.get());
  return describeIssued(cert.get(), not_after);
}

}  // namespace pw::crypto
