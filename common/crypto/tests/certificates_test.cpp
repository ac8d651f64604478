// Certificate tests against the real OpenSSL library and, for interoperability, the real
// `openssl` command line tool (issued chains must verify there, and bundles it writes must
// load here).
#include "common/crypto/certificates.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/wait.h>

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/clock.hpp"
#include "common/crypto/crypto_error.hpp"
#include "common/crypto/secrets.hpp"

namespace pw::crypto {
namespace {

using std::chrono::hours;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

// ---- OpenSSL RAII for the checks the tests do themselves ----------------------------------------

template <auto kFree>
struct Deleter {
  template <typename T>
  void operator()(T* p) const noexcept {
    kFree(p);
  }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
void freeX509Stack(STACK_OF(X509) * s) {
  sk_X509_pop_free(s, X509_free);
}
using X509StackPtr = std::unique_ptr<STACK_OF(X509), Deleter<freeX509Stack>>;

BioPtr memBio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string bioText(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return {data, static_cast<std::size_t>(length)};
}

X509Ptr parseCert(const std::string& pem) {
  const BioPtr bio = memBio(pem);
  return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

std::vector<X509Ptr> parseCerts(const std::string& pem) {
  const BioPtr bio = memBio(pem);
  std::vector<X509Ptr> certs;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    certs.emplace_back(cert);
  }
  ERR_clear_error();
  return certs;
}

PkeyPtr parseKey(const std::string& pem) {
  const BioPtr bio = memBio(pem);
  return PkeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

std::string keyPem(EVP_PKEY* key) {
  const BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return bioText(bio.get());
}

std::string generateKeyPem(const char* type, const char* curve) {
  const PkeyPtr key(curve == nullptr ? EVP_PKEY_Q_keygen(nullptr, nullptr, type)
                                     : EVP_PKEY_Q_keygen(nullptr, nullptr, type, curve));
  EXPECT_TRUE(key) << type;
  return key ? keyPem(key.get()) : std::string{};
}

// Verifies leaf against the single trusted root with the given purpose, at `at` (seconds since
// the epoch) or, if unset, at the real current time. Returns the X509_V_* result.
int verifyChain(const std::string& ca_pem, const std::string& leaf_pem, int purpose,
                std::optional<long long> at = std::nullopt) {
  const X509Ptr ca = parseCert(ca_pem);
  const X509Ptr leaf = parseCert(leaf_pem);
  if (!ca || !leaf) return -1;
  const StorePtr store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), ca.get());
  const StoreCtxPtr ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), nullptr);
  X509_STORE_CTX_set_purpose(ctx.get(), purpose);
  if (at) X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(*at));
  const int ok = X509_verify_cert(ctx.get());
  const int error = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  return ok == 1 ? X509_V_OK : error;
}

// ---- files and the openssl command line ---------------------------------------------------------

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string name = std::string("pw_crypto_") + (info ? info->name() : "test") + "_" +
                             std::to_string(random()) + std::to_string(random());
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

  std::string write(const std::string& name, const std::string& contents) const {
    const std::string path = file(name);
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  [[nodiscard]] std::string read(const std::string& name) const {
    std::ifstream in(file(name), std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) {
    result.output += buffer.data();
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string quote(const std::string& path) {
  return "'" + path + "'";
}

class CertificatesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run("openssl version").exit_code, 0)
        << "the `openssl` command line tool is required for the interoperability tests";
  }

  TempDir dir_;
  FakeClock clock_;  // 2027-01-15T08:00:00Z
  static constexpr hours kTenYears{24 * 365 * 10};
};

// ---- keys and CSRs ------------------------------------------------------------------------------

TEST_F(CertificatesTest, GeneratesP256KeysInPkcs8Pem) {
  const std::string pem = generatePrivateKeyPem();
  EXPECT_THAT(pem, StartsWith("-----BEGIN PRIVATE KEY-----"));
  const PkeyPtr key = parseKey(pem);
  ASSERT_TRUE(key);
  std::array<char, 64> group{};
  ASSERT_EQ(EVP_PKEY_get_group_name(key.get(), group.data(), group.size(), nullptr), 1);
  EXPECT_STREQ(group.data(), "prime256v1");
  EXPECT_NE(generatePrivateKeyPem(), pem);
}

TEST_F(CertificatesTest, CsrCarriesCommonNameAndVerifiesWithOpensslCli) {
  const std::string csr = makeCsrPem(generatePrivateKeyPem(), "agent-42");
  const CommandResult result =
      run("openssl req -verify -noout -subject -in " + quote(dir_.write("agent.csr", csr)));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("CN = agent-42"));
  EXPECT_THAT(result.output, HasSubstr("verify OK"));
}

TEST_F(CertificatesTest, MakeCsrRejectsBadArguments) {
  EXPECT_THROW(static_cast<void>(makeCsrPem("not a key", "x")), std::invalid_argument);
  EXPECT_THROW(static_cast<void>(makeCsrPem(generatePrivateKeyPem(), "")), std::invalid_argument);
  EXPECT_THROW(static_cast<void>(makeCsrPem(generatePrivateKeyPem(), std::string(65, 'a'))),
               std::invalid_argument);
}

// ---- the CA -------------------------------------------------------------------------------------

TEST_F(CertificatesTest, CreatesSelfSignedRootWithCaExtensions) {
  const CertificateAuthority ca = CertificateAuthority::create("Printwarden CA", kTenYears, clock_);

  const auto info = inspectCertificate(ca.certificatePem());
  ASSERT_TRUE(info) << info.error().message();
  EXPECT_EQ(info->subject_common_name, "Printwarden CA");
  EXPECT_EQ(info->issuer_common_name, "Printwarden CA");
  EXPECT_TRUE(info->is_ca);
  EXPECT_EQ(info->not_before, clock_.now() - hours{1});
  EXPECT_EQ(info->not_after, clock_.now() + kTenYears);
  EXPECT_THAT(info->subject_alt_names, IsEmpty());

  const X509Ptr cert = parseCert(ca.certificatePem());
  ASSERT_TRUE(cert);
  EXPECT_EQ(X509_check_issued(cert.get(), cert.get()), X509_V_OK);
  EXPECT_EQ(X509_verify(cert.get(), X509_get0_pubkey(cert.get())), 1);
  EXPECT_EQ(X509_get_version(cert.get()), X509_VERSION_3);
  EXPECT_NE(X509_get_extension_flags(cert.get()) & EXFLAG_CA, 0U);
  EXPECT_EQ(X509_get_pathlen(cert.get()), 0);
  EXPECT_EQ(X509_get_key_usage(cert.get()), static_cast<uint32_t>(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  for (const int nid : {NID_basic_constraints, NID_key_usage}) {
    const int index = X509_get_ext_by_NID(cert.get(), nid, -1);
    ASSERT_GE(index, 0) << OBJ_nid2sn(nid);
    EXPECT_EQ(X509_EXTENSION_get_critical(X509_get_ext(cert.get(), index)), 1) << OBJ_nid2sn(nid);
  }
  EXPECT_NE(X509_get0_subject_key_id(cert.get()), nullptr);

  const PkeyPtr key = parseKey(ca.privateKeyPem());
  ASSERT_TRUE(key);
  EXPECT_EQ(X509_check_private_key(cert.get(), key.get()), 1);
  EXPECT_EQ(ERR_peek_error(), 0UL) << "OpenSSL error queue must be left empty";
}

TEST_F(CertificatesTest, LoadRoundTripsAndKeepsIssuing) {
  const CertificateAuthority created = CertificateAuthority::create("Root", kTenYears, clock_);
  const auto loaded = CertificateAuthority::load(created.certificatePem(), created.privateKeyPem());
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->certificatePem(), created.certificatePem());
  EXPECT_EQ(loaded->privateKeyPem(), created.privateKeyPem());

  const auto issued = loaded->signClientCsr(makeCsrPem(generatePrivateKeyPem(), "agent"), "agent-1",
                                            hours{24}, clock_);
  ASSERT_TRUE(issued) << issued.error().message();
  EXPECT_EQ(verifyChain(created.certificatePem(), issued->certificate_pem, X509_PURPOSE_SSL_CLIENT,
                        toUnixSeconds(clock_.now())),
            X509_V_OK);
}

TEST_F(CertificatesTest, LoadAcceptsTraditionalKeyFormat) {
  const CertificateAuthority created = CertificateAuthority::create("Root", kTenYears, clock_);
  const PkeyPtr key = parseKey(created.privateKeyPem());
  const BioPtr bio(BIO_new(BIO_s_mem()));
  ASSERT_EQ(PEM_write_bio_PrivateKey_traditional(bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                                 nullptr),
            1);
  const std::string traditional = bioText(bio.get());
  ASSERT_THAT(traditional, StartsWith("-----BEGIN EC PRIVATE KEY-----"));

  const auto loaded = CertificateAuthority::load(created.certificatePem(), traditional);
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->privateKeyPem(), created.privateKeyPem());  // normalized to PKCS#8
}

TEST_F(CertificatesTest, LoadRejectsMismatchedKey) {
  const CertificateAuthority a = CertificateAuthority::create("A", kTenYears, clock_);
  const CertificateAuthority b = CertificateAuthority::create("B", kTenYears, clock_);
  const auto loaded = CertificateAuthority::load(a.certificatePem(), b.privateKeyPem());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error(), Errc::key_mismatch);
  EXPECT_EQ(ERR_peek_error(), 0UL);
}

TEST_F(CertificatesTest, LoadRejectsNonCaCertificate) {
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  const std::string server_key = generatePrivateKeyPem();
  const IssuedCertificate server =
      ca.issueServerCertificate(server_key, "manager", {"DNS:manager"}, hours{24}, clock_);
  const auto loaded = CertificateAuthority::load(server.certificate_pem, server_key);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error(), Errc::not_a_ca);
}

TEST_F(CertificatesTest, LoadRejectsGarbage) {
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  EXPECT_EQ(CertificateAuthority::load("garbage", ca.privateKeyPem()).error(), Errc::invalid_pem);
  EXPECT_EQ(CertificateAuthority::load(ca.certificatePem(), "").error(), Errc::invalid_pem);
  std::string truncated = ca.certificatePem();
  truncated.resize(truncated.size() / 2);
  EXPECT_EQ(CertificateAuthority::load(truncated, ca.privateKeyPem()).error(), Errc::invalid_pem);
}

TEST_F(CertificatesTest, ErrorCategoryDescribesCodes) {
  const boost::system::error_code code = Errc::wrong_password;
  EXPECT_STREQ(code.category().name(), "pw.crypto");
  EXPECT_EQ(code.message(), "wrong password");
  EXPECT_EQ(code, Errc::wrong_password);
  EXPECT_NE(code, Errc::decrypt_failed);
  for (int value = static_cast<int>(Errc::invalid_pem); value <= static_cast<int>(Errc::malformed);
       ++value) {
    EXPECT_THAT(make_error_code(static_cast<Errc>(value)).message(), Not(HasSubstr("unknown")));
  }
}

// ---- server certificates ------------------------------------------------------------------------

TEST_F(CertificatesTest, IssuesServerCertificateWithSubjectAltNames) {
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  const std::string server_key = generatePrivateKeyPem();
  const IssuedCertificate issued = ca.issueServerCertificate(
      server_key, "manager.example",
      {"DNS:manager.example", "DNS:localhost", "IP:192.168.1.10", "IP:fd00::1:2", "IP:::1"},
      hours{24 * 90}, clock_);

  const auto info = inspectCertificate(issued.certificate_pem);
  ASSERT_TRUE(info) << info.error().message();
  EXPECT_EQ(info->subject_common_name, "manager.example");
  EXPECT_EQ(info->issuer_common_name, "Root");
  EXPECT_FALSE(info->is_ca);
  EXPECT_THAT(info->subject_alt_names, ElementsAre("DNS:manager.example", "DNS:localhost",
                                                   "IP:192.168.1.10", "IP:fd00::1:2", "IP:::1"));
  EXPECT_EQ(info->serial_hex, issued.serial_hex);
  EXPECT_EQ(info->sha256_fingerprint, issued.sha256_fingerprint);
  EXPECT_EQ(info->not_after, issued.not_after);
  EXPECT_EQ(info->not_after, clock_.now() + hours{24 * 90});
  EXPECT_EQ(info->not_before, clock_.now() - hours{1});

  const X509Ptr cert = parseCert(issued.certificate_pem);
  ASSERT_TRUE(cert);
  const PkeyPtr key = parseKey(server_key);
  EXPECT_EQ(X509_check_private_key(cert.get(), key.get()), 1) << "cert must carry the server key";
  EXPECT_NE(X509_get_extended_key_usage(cert.get()) & XKU_SSL_SERVER, 0U);
  EXPECT_EQ(X509_get_extended_key_usage(cert.get()) & XKU_SSL_CLIENT, 0U);
  EXPECT_EQ(X509_get_key_usage(cert.get()), static_cast<uint32_t>(KU_DIGITAL_SIGNATURE));
  EXPECT_EQ(X509_get_extension_flags(cert.get()) & EXFLAG_CA, 0U);

  const X509Ptr ca_cert = parseCert(ca.certificatePem());
  ASSERT_NE(X509_get0_authority_key_id(cert.get()), nullptr);
  EXPECT_EQ(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(cert.get()),
                                  X509_get0_subject_key_id(ca_cert.get())),
            0);

  const long long now = toUnixSeconds(clock_.now());
  EXPECT_EQ(verifyChain(ca.certificatePem(), issued.certificate_pem, X509_PURPOSE_SSL_SERVER, now),
            X509_V_OK);
  EXPECT_NE(verifyChain(ca.certificatePem(), issued.certificate_pem, X509_PURPOSE_SSL_CLIENT, now),
            X509_V_OK);
  EXPECT_EQ(X509_check_host(cert.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "192.168.1.10", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "fd00:0:0:0:0:0:1:2", 0), 1);
}

TEST_F(CertificatesTest, ServerCertificateRejectsBadArguments) {
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  const std::string key = generatePrivateKeyPem();
  for (const char* bad :
       {"manager", "DNS:", "IP:300.1.1.1", "IP:host", "URI:x", "DNS:a b", "DNS:a,IP:1.2.3.4x"}) {
    EXPECT_THROW(static_cast<void>(ca.issueServerCertificate(key, "m", {bad}, hours{1}, clock_)),
                 std::invalid_argument)
        << bad;
  }
  EXPECT_THROW(static_cast<void>(ca.issueServerCertificate("junk", "m", {}, hours{1}, clock_)),
               std::invalid_argument);
  EXPECT_THROW(static_cast<void>(ca.issueServerCertificate(key, "m", {}, hours{0}, clock_)),
               std::invalid_argument);
  EXPECT_EQ(ERR_peek_error(), 0UL);
}

// ---- client certificates ------------------------------------------------------------------------

TEST_F(CertificatesTest, SignsClientCsrThatChainsToCa) {
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  const std::string agent_key = generatePrivateKeyPem();
  const auto issued = ca.signClientCsr(makeCsrPem(agent_key, "whatever-the-agent-asked"),
                                       "agent-17", hours{24 * 30}, clock_);
  ASSERT_TRUE(issued) << issued.error().message();

  const auto info = inspectCertificate(issued->certificate_pem);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->subject_common_name, "agent-17");  // forced, not the CSR's
  EXPECT_EQ(info->issuer_common_name, "Root");
  EXPECT_FALSE(info->is_ca);
  EXPECT_THAT(info->subject_alt_names, IsEmpty());
  EXPECT_EQ(info->serial_hex, issued->serial_hex);
  EXPECT_EQ(info->sha256_fingerprint, issued->sha256_fingerprint);
  EXPECT_EQ(issued->not_after, clock_.now() + hours{24 * 30});
  EXPECT_TRUE(std::regex_match(issued->serial_hex, std::regex("[1-9a-f][0-9a-f]{0,39}")))
      << issued->serial_hex;
  EXPECT_TRUE(std::regex_match(issued->sha256_fingerprint, std::regex("[0-9a-f]{64}")));

  const X509Ptr cert = parseCert(issued->certificate_pem);
  ASSERT_TRUE(cert);
  // Fingerprint = SHA-256 of the DER encoding, computed independently here.
  unsigned char* der = nullptr;
  const int der_length = i2d_X509(cert.get(), &der);
  ASSERT_GT(der_length, 0);
  const std::string der_bytes(reinterpret_cast<const char*>(der),
                              static_cast<std::size_t>(der_length));
  OPENSSL_free(der);
  EXPECT_EQ(issued->sha256_fingerprint, sha256Hex(der_bytes));

  EXPECT_EQ(X509_check_private_key(cert.get(), parseKey(agent_key).get()), 1);
  EXPECT_NE(X509_get_extended_key_usage(cert.get()) & XKU_SSL_CLIENT, 0U);
  EXPECT_EQ(X509_get_extended_key_usage(cert.get()) & XKU_SSL_SERVER, 0U);
  const long long now = toUnixSeconds(clock_.now());
  EXPECT_EQ(verifyChain(ca.certificatePem(), issued->certificate_pem, X509_PURPOSE_SSL_CLIENT, now),
            X509_V_OK);
  EXPECT_NE(verifyChain(ca.certificatePem(), issued->certificate_pem, X509_PURPOSE_SSL_SERVER, now),
            X509_V_OK);

  const CertificateAuthority other = CertificateAuthority::create("Root", kTenYears, clock_);
  EXPECT_NE(
      verifyChain(other.certificatePem(), issued->certificate_pem, X509_PURPOSE_SSL_CLIENT, now),
      X509_V_OK);
}

TEST_F(CertificatesTest, SerialNumbersAreUnique) {
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  const std::string csr = makeCsrPem(generatePrivateKeyPem(), "agent");
  std::set<std::string> serials;
  for (int i = 0; i < 25; ++i) {
    const auto issued = ca.signClientCsr(csr, "agent-1", hours{24}, clock_);
    ASSERT_TRUE(issued);
    serials.insert(issued->serial_hex);
  }
  EXPECT_EQ(serials.size(), 25U);
}

TEST_F(CertificatesTest, IgnoresExtensionsRequestedInCsr) {
  const std::string key = dir_.write("key.pem", generatePrivateKeyPem());
  const std::string csr = dir_.file("evil.csr");
  const CommandResult made =
      run("openssl req -new -key " + quote(key) + " -subj /CN=evil -out " + quote(csr) +
          " -addext basicConstraints=critical,CA:TRUE"
          " -addext subjectAltName=DNS:bank.example");
  ASSERT_EQ(made.exit_code, 0) << made.output;

  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  const auto issued = ca.signClientCsr(dir_.read("evil.csr"), "agent-3", hours{24}, clock_);
  ASSERT_TRUE(issued) << issued.error().message();
  const auto info = inspectCertificate(issued->certificate_pem);
  ASSERT_TRUE(info);
  EXPECT_FALSE(info->is_ca);
  EXPECT_THAT(info->subject_alt_names, IsEmpty());
  EXPECT_EQ(info->subject_common_name, "agent-3");
}

TEST_F(CertificatesTest, RejectsTamperedCsr) {
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  const std::string csr_pem = makeCsrPem(generatePrivateKeyPem(), "victim-a");
  const BioPtr in = memBio(csr_pem);
  const ReqPtr csr(PEM_read_bio_X509_REQ(in.get(), nullptr, nullptr, nullptr));
  ASSERT_TRUE(csr);
  unsigned char* der = nullptr;
  const int der_length = i2d_X509_REQ(csr.get(), &der);
  ASSERT_GT(der_length, 0);
  const std::string original(reinterpret_cast<const char*>(der),
                             static_cast<std::size_t>(der_length));
  OPENSSL_free(der);

  const auto toPem = [](const std::string& bytes) {
    const BioPtr out(BIO_new(BIO_s_mem()));
    PEM_write_bio(out.get(), "CERTIFICATE REQUEST", "",
                  reinterpret_cast<const unsigned char*>(bytes.data()),
                  static_cast<long>(bytes.size()));
    return bioText(out.get());
  };

  // Same structure, different subject: the signature no longer covers it.
  std::string renamed = original;
  const std::size_t at = renamed.find("victim-a");
  ASSERT_NE(at, std::string::npos);
  renamed[at + 7] = 'b';
  const auto renamed_result = ca.signClientCsr(toPem(renamed), "agent-1", hours{24}, clock_);
  ASSERT_FALSE(renamed_result);
  EXPECT_EQ(renamed_result.error(), Errc::bad_signature);

  // A damaged signature value.
  std::string bad_signature = original;
  bad_signature[bad_signature.size() - 3] ^= 0x01;
  const auto signature_result =
      ca.signClientCsr(toPem(bad_signature), "agent-1", hours{24}, clock_);
  ASSERT_FALSE(signature_result);
  EXPECT_EQ(signature_result.error(), Errc::bad_signature);
  EXPECT_EQ(ERR_peek_error(), 0UL);
}

TEST_F(CertificatesTest, RejectsGarbageCsr) {
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  for (const std::string& bad :
       {std::string{}, std::string("garbage"),
        std::string(
            "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"),
        ca.certificatePem(), makeCsrPem(generatePrivateKeyPem(), "x").substr(0, 200)}) {
    const auto result = ca.signClientCsr(bad, "agent-1", hours{24}, clock_);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error(), Errc::invalid_csr);
  }
}

TEST_F(CertificatesTest, AcceptsOnlyStrongKeys) {
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  const auto sign = [&](const std::string& key_pem) {
    return ca.signClientCsr(makeCsrPem(key_pem, "agent"), "agent-1", hours{24}, clock_);
  };
  EXPECT_TRUE(sign(generateKeyPem("EC", "P-384")));
  EXPECT_EQ(sign(generateKeyPem("EC", "P-521")).error(), Errc::unsupported_key);
  EXPECT_EQ(sign(generateKeyPem("EC", "secp256k1")).error(), Errc::unsupported_key);
  EXPECT_EQ(sign(generateKeyPem("ED25519", nullptr)).error(), Errc::unsupported_key);

  // RSA keys come from the command line tool (quicker than in-process under valgrind).
  for (const int bits : {1024, 2048}) {
    const std::string file = dir_.file("rsa" + std::to_string(bits) + ".pem");
    const CommandResult made =
        run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:" + std::to_string(bits) +
            " -out " + quote(file));
    ASSERT_EQ(made.exit_code, 0) << made.output;
    const auto result = sign(dir_.read("rsa" + std::to_string(bits) + ".pem"));
    if (bits < 2048) {
      ASSERT_FALSE(result);
      EXPECT_EQ(result.error(), Errc::unsupported_key);
    } else {
      EXPECT_TRUE(result);
    }
  }
}

TEST_F(CertificatesTest, IssuedCertificatesNeverOutliveTheCa) {
  const CertificateAuthority ca = CertificateAuthority::create("Root", hours{48}, clock_);
  const auto issued =
      ca.signClientCsr(makeCsrPem(generatePrivateKeyPem(), "a"), "a", hours{24 * 365}, clock_);
  ASSERT_TRUE(issued);
  EXPECT_EQ(issued->not_after, clock_.now() + hours{48});
  EXPECT_EQ(inspectCertificate(issued->certificate_pem)->not_after, issued->not_after);
}

TEST_F(CertificatesTest, CertificateIssuedInThePastHasExpired) {
  const auto real_now = std::chrono::system_clock::now();
  FakeClock past(std::chrono::time_point_cast<std::chrono::seconds>(real_now) - hours{24 * 30});
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, past);
  const auto issued =
      ca.signClientCsr(makeCsrPem(generatePrivateKeyPem(), "a"), "agent-9", hours{24}, past);
  ASSERT_TRUE(issued);

  EXPECT_EQ(verifyChain(ca.certificatePem(), issued->certificate_pem, X509_PURPOSE_SSL_CLIENT,
                        toUnixSeconds(past.now())),
            X509_V_OK);
  EXPECT_EQ(verifyChain(ca.certificatePem(), issued->certificate_pem, X509_PURPOSE_SSL_CLIENT),
            X509_V_ERR_CERT_HAS_EXPIRED);
  EXPECT_LT(issued->not_after, real_now);
}

TEST_F(CertificatesTest, OpensslCliVerifiesIssuedCertificates) {
  const SystemClock clock;
  const CertificateAuthority ca = CertificateAuthority::create("Printwarden CA", kTenYears, clock);
  const auto client =
      ca.signClientCsr(makeCsrPem(generatePrivateKeyPem(), "a"), "agent-5", hours{24}, clock);
  ASSERT_TRUE(client);
  const IssuedCertificate server = ca.issueServerCertificate(
      generatePrivateKeyPem(), "manager", {"DNS:manager.local", "IP:10.0.0.1"}, hours{24}, clock);
  const CertificateAuthority other = CertificateAuthority::create("Other CA", kTenYears, clock);

  const std::string ca_file = quote(dir_.write("ca.pem", ca.certificatePem()));
  const std::string other_file = quote(dir_.write("other.pem", other.certificatePem()));
  const std::string client_file = quote(dir_.write("client.pem", client->certificate_pem));
  const std::string server_file = quote(dir_.write("server.pem", server.certificate_pem));

  CommandResult result =
      run("openssl verify -CAfile " + ca_file + " -purpose sslclient " + client_file);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr(": OK"));

  result = run("openssl verify -CAfile " + ca_file + " -purpose sslserver " + server_file);
  EXPECT_EQ(result.exit_code, 0) << result.output;

  result = run("openssl verify -CAfile " + other_file + " -purpose sslclient " + client_file);
  EXPECT_NE(result.exit_code, 0) << result.output;

  result = run("openssl verify -CAfile " + ca_file + " -purpose sslserver " + client_file);
  EXPECT_NE(result.exit_code, 0) << "a client certificate must not pass as a server one";

  // The command line tool agrees on the fingerprint (it prints upper case with colons).
  result = run("openssl x509 -noout -fingerprint -sha256 -in " + client_file);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  std::string printed = result.output.substr(result.output.find('=') + 1);
  std::string normalized;
  for (const char c : printed) {
    if (std::isxdigit(static_cast<unsigned char>(c)) != 0) {
      normalized.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  EXPECT_EQ(normalized, client->sha256_fingerprint);
}

TEST_F(CertificatesTest, AcceptsCsrFromOpensslCli) {
  const std::string key = dir_.file("key.pem");
  const std::string csr = dir_.file("req.csr");
  const CommandResult made =
      run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
          quote(key) + " -subj /CN=cli -out " + quote(csr));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  const auto issued = ca.signClientCsr(dir_.read("req.csr"), "agent-cli", hours{24}, clock_);
  ASSERT_TRUE(issued) << issued.error().message();
  const X509Ptr cert = parseCert(issued->certificate_pem);
  EXPECT_EQ(X509_check_private_key(cert.get(), parseKey(dir_.read("key.pem")).get()), 1);
}

// ---- inspection ---------------------------------------------------------------------------------

TEST_F(CertificatesTest, InspectRejectsGarbage) {
  EXPECT_EQ(inspectCertificate("").error(), Errc::invalid_pem);
  EXPECT_EQ(
      inspectCertificate("-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n").error(),
      Errc::invalid_pem);
  EXPECT_EQ(inspectCertificate(generatePrivateKeyPem()).error(), Errc::invalid_pem);
  EXPECT_EQ(ERR_peek_error(), 0UL);
}

TEST_F(CertificatesTest, InspectReadsFirstCertificateOfChain) {
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  const IssuedCertificate server =
      ca.issueServerCertificate(generatePrivateKeyPem(), "leaf", {}, hours{24}, clock_);
  const auto info = inspectCertificate(server.certificate_pem + ca.certificatePem());
  ASSERT_TRUE(info);
  EXPECT_EQ(info->subject_common_name, "leaf");
}

TEST_F(CertificatesTest, InspectHandlesForeignCertificates) {
  // Serial 0x00ff (leading zero byte), no common name, RFC 5280's "no expiry" notAfter, an
  // unusual SAN type: all within the library's documented output forms.
  const PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  const X509Ptr cert(X509_new());
  ASSERT_TRUE(key && cert);
  ASSERT_EQ(X509_set_version(cert.get(), X509_VERSION_3), 1);
  ASSERT_EQ(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 255), 1);
  X509_NAME* name = X509_get_subject_name(cert.get());
  ASSERT_EQ(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                       reinterpret_cast<const unsigned char*>("Org"), -1, -1, 0),
            1);
  ASSERT_EQ(X509_set_issuer_name(cert.get(), name), 1);
  ASSERT_EQ(ASN1_TIME_set_string(X509_getm_notBefore(cert.get()), "500101000000Z"), 1);
  ASSERT_EQ(ASN1_TIME_set_string(X509_getm_notAfter(cert.get()), "99991231235959Z"), 1);
  ASSERT_EQ(X509_set_pubkey(cert.get(), key.get()), 1);
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name,
                                            "URI:https://printwarden.example/,IP:2001:db8::8");
  ASSERT_NE(san, nullptr);
  ASSERT_EQ(X509_add_ext(cert.get(), san, -1), 1);
  X509_EXTENSION_free(san);
  ASSERT_GT(X509_sign(cert.get(), key.get(), EVP_sha256()), 0);
  const BioPtr bio(BIO_new(BIO_s_mem()));
  ASSERT_EQ(PEM_write_bio_X509(bio.get(), cert.get()), 1);

  const auto info = inspectCertificate(bioText(bio.get()));
  ASSERT_TRUE(info) << info.error().message();
  EXPECT_EQ(info->serial_hex, "ff");
  EXPECT_EQ(info->subject_common_name, "");
  EXPECT_EQ(info->issuer_common_name, "");
  EXPECT_FALSE(info->is_ca);
  EXPECT_EQ(toUnixSeconds(info->not_before), -631152000);  // 1950-01-01T00:00:00Z
  EXPECT_EQ(info->not_after, Clock::TimePoint::max());
  EXPECT_THAT(info->subject_alt_names,
              ElementsAre("URI:https://printwarden.example/", "IP:2001:db8::8"));
}

TEST_F(CertificatesTest, ValidityMustBeSensible) {
  const CertificateAuthority ca = CertificateAuthority::create("Root", kTenYears, clock_);
  const std::string csr = makeCsrPem(generatePrivateKeyPem(), "a");
  for (const hours validity : {hours{0}, hours{-1}, hours{24 * 366 * 100 + 1}}) {
    EXPECT_THROW(static_cast<void>(CertificateAuthority::create("x", validity, clock_)),
                 std::invalid_argument);
    EXPECT_THROW(static_cast<void>(ca.signClientCsr(csr, "a", validity, clock_)),
                 std::invalid_argument);
  }
}

TEST_F(CertificatesTest, LoadsRsaCaMadeWithOpensslCliAndRejectsWeakOne) {
  for (const int bits : {1024, 2048}) {
    const std::string prefix = "rsa" + std::to_string(bits);
    const CommandResult made =
        run("openssl req -x509 -newkey rsa:" + std::to_string(bits) + " -nodes -days 30 -keyout " +
            quote(dir_.file(prefix + "-key.pem")) + " -out " + quote(dir_.file(prefix + ".pem")) +
            " -subj /CN=Admin-CA -addext basicConstraints=critical,CA:TRUE" +
            " -addext keyUsage=critical,keyCertSign,cRLSign");
    ASSERT_EQ(made.exit_code, 0) << made.output;
    const auto loaded =
        CertificateAuthority::load(dir_.read(prefix + ".pem"), dir_.read(prefix + "-key.pem"));
    if (bits < 2048) {
      ASSERT_FALSE(loaded);
      EXPECT_EQ(loaded.error(), Errc::unsupported_key);
      continue;
    }
    ASSERT_TRUE(loaded) << loaded.error().message();
    const SystemClock clock;
    const auto issued =
        loaded->signClientCsr(makeCsrPem(generatePrivateKeyPem(), "a"), "agent-8", hours{1}, clock);
    ASSERT_TRUE(issued) << issued.error().message();
    const CommandResult verified =
        run("openssl verify -CAfile " + quote(dir_.file(prefix + ".pem")) + " -purpose sslclient " +
            quote(dir_.write("client.pem", issued->certificate_pem)));
    EXPECT_EQ(verified.exit_code, 0) << verified.output;
  }
}

// ---- administrator-supplied credentials ---------------------------------------------------------

class CredentialsTest : public CertificatesTest {
 protected:
  CredentialsTest()
      : ca_(CertificateAuthority::create("Upload CA", kTenYears, clock_)),
        key_(generatePrivateKeyPem()),
        leaf_(ca_.issueServerCertificate(key_, "printwarden.example", {"DNS:printwarden.example"},
                                         hours{24 * 365}, clock_)) {}

  CertificateAuthority ca_;
  std::string key_;
  IssuedCertificate leaf_;
};

TEST_F(CredentialsTest, LoadsPemChainAndKey) {
  const auto loaded = loadPemCredentials(leaf_.certificate_pem + ca_.certificatePem(), key_);
  ASSERT_TRUE(loaded) << loaded.error().message();
  const std::vector<X509Ptr> chain = parseCerts(loaded->certificate_chain_pem);
  ASSERT_EQ(chain.size(), 2U);
  EXPECT_EQ(loaded->certificate_chain_pem, leaf_.certificate_pem + ca_.certificatePem());
  EXPECT_EQ(loaded->private_key_pem, key_);
}

TEST_F(CredentialsTest, LoadsTraditionalKeyAndNormalizesIt) {
  const PkeyPtr key = parseKey(key_);
  const BioPtr bio(BIO_new(BIO_s_mem()));
  ASSERT_EQ(PEM_write_bio_PrivateKey_traditional(bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                                 nullptr),
            1);
  // Text before and between PEM blocks (as in many exported files) is ignored.
  const auto loaded =
      loadPemCredentials("subject=leaf\n" + leaf_.certificate_pem, bioText(bio.get()));
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->private_key_pem, key_);
  EXPECT_EQ(loaded->certificate_chain_pem, leaf_.certificate_pem);
}

TEST_F(CredentialsTest, PemRejectsMismatchAndGarbage) {
  EXPECT_EQ(loadPemCredentials(leaf_.certificate_pem, generatePrivateKeyPem()).error(),
            Errc::key_mismatch);
  // The key must match the first certificate, not any of them.
  EXPECT_EQ(loadPemCredentials(ca_.certificatePem() + leaf_.certificate_pem, key_).error(),
            Errc::key_mismatch);
  EXPECT_EQ(loadPemCredentials("", key_).error(), Errc::invalid_pem);
  EXPECT_EQ(loadPemCredentials("garbage", key_).error(), Errc::invalid_pem);
  EXPECT_EQ(loadPemCredentials(leaf_.certificate_pem, "garbage").error(), Errc::invalid_pem);
  std::string damaged_chain = leaf_.certificate_pem + ca_.certificatePem();
  damaged_chain[leaf_.certificate_pem.size() + 100] = '*';
  EXPECT_EQ(loadPemCredentials(damaged_chain, key_).error(), Errc::invalid_pem);
  EXPECT_EQ(ERR_peek_error(), 0UL);
}

TEST_F(CredentialsTest, EncryptedPemKeyFailsWithoutPrompting) {
  const PkeyPtr key = parseKey(key_);
  const BioPtr bio(BIO_new(BIO_s_mem()));
  static char passphrase[] = "secret";
  ASSERT_EQ(
      PEM_write_bio_PKCS8PrivateKey(bio.get(), key.get(), EVP_aes_256_cbc(), passphrase,
                                    static_cast<int>(sizeof(passphrase) - 1), nullptr, nullptr),
      1);
  EXPECT_EQ(loadPemCredentials(leaf_.certificate_pem, bioText(bio.get())).error(),
            Errc::invalid_pem);
}

TEST_F(CredentialsTest, LoadsPkcs12FromOpensslCli) {
  const std::string leaf_file = quote(dir_.write("leaf.pem", leaf_.certificate_pem));
  const std::string key_file = quote(dir_.write("key.pem", key_));
  const std::string ca_file = quote(dir_.write("ca.pem", ca_.certificatePem()));
  const CommandResult made =
      run("openssl pkcs12 -export -in " + leaf_file + " -inkey " + key_file + " -certfile " +
          ca_file + " -passout pass:secret -out " + quote(dir_.file("bundle.p12")));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const std::string bundle = dir_.read("bundle.p12");

  const auto loaded = loadPkcs12Credentials(bundle, "secret");
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->certificate_chain_pem, leaf_.certificate_pem + ca_.certificatePem());
  EXPECT_EQ(loaded->private_key_pem, key_);
  // What comes out is accepted by the PEM loader as is.
  EXPECT_TRUE(loadPemCredentials(loaded->certificate_chain_pem, loaded->private_key_pem));

  const auto wrong = loadPkcs12Credentials(bundle, "Secret");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error(), Errc::wrong_password);
  EXPECT_EQ(loadPkcs12Credentials(bundle, "").error(), Errc::wrong_password);
  EXPECT_EQ(loadPkcs12Credentials(bundle, std::string("secret\0x", 8)).error(),
            Errc::wrong_password);
  EXPECT_EQ(ERR_peek_error(), 0UL);
}

TEST_F(CredentialsTest, LoadsPkcs12WithEmptyPassword) {
  const CommandResult made =
      run("openssl pkcs12 -export -in " + quote(dir_.write("leaf.pem", leaf_.certificate_pem)) +
          " -inkey " + quote(dir_.write("key.pem", key_)) + " -passout pass: -out " +
          quote(dir_.file("bundle.p12")));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const auto loaded = loadPkcs12Credentials(dir_.read("bundle.p12"), "");
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->certificate_chain_pem, leaf_.certificate_pem);
  EXPECT_EQ(loadPkcs12Credentials(dir_.read("bundle.p12"), "x").error(), Errc::wrong_password);
}

// OpenSSL 3.0's PKCS12_parse opens MAC-less bundles only with an empty password; anything
// else is reported as a decryption failure, never as success with unauthenticated data.
TEST_F(CredentialsTest, Pkcs12WithoutMacIsRefusedUnlessPasswordIsEmpty) {
  const CommandResult made = run("openssl pkcs12 -export -nomac -in " +
                                 quote(dir_.write("leaf.pem", leaf_.certificate_pem)) + " -inkey " +
                                 quote(dir_.write("key.pem", key_)) +
                                 " -passout pass:secret -out " + quote(dir_.file("bundle.p12")));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  EXPECT_EQ(loadPkcs12Credentials(dir_.read("bundle.p12"), "secret").error(), Errc::decrypt_failed);
  EXPECT_EQ(loadPkcs12Credentials(dir_.read("bundle.p12"), "wrong").error(), Errc::decrypt_failed);

  const CommandResult unprotected =
      run("openssl pkcs12 -export -nomac -in " + quote(dir_.file("leaf.pem")) + " -inkey " +
          quote(dir_.file("key.pem")) + " -passout pass: -out " + quote(dir_.file("open.p12")));
  ASSERT_EQ(unprotected.exit_code, 0) << unprotected.output;
  const auto loaded = loadPkcs12Credentials(dir_.read("open.p12"), "");
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->private_key_pem, key_);
}

TEST_F(CredentialsTest, Pkcs12RejectsGarbage) {
  EXPECT_EQ(loadPkcs12Credentials("", "secret").error(), Errc::malformed);
  EXPECT_EQ(loadPkcs12Credentials("this is not DER at all", "secret").error(), Errc::malformed);
  EXPECT_EQ(loadPkcs12Credentials(leaf_.certificate_pem, "secret").error(), Errc::malformed);
  EXPECT_EQ(loadPkcs12Credentials(std::string("\x30\x82\xff\xff\x02\x01\x03", 7), "x").error(),
            Errc::malformed);

  const CommandResult made =
      run("openssl pkcs12 -export -in " + quote(dir_.write("leaf.pem", leaf_.certificate_pem)) +
          " -inkey " + quote(dir_.write("key.pem", key_)) + " -passout pass:secret -out " +
          quote(dir_.file("bundle.p12")));
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const std::string bundle = dir_.read("bundle.p12");
  EXPECT_FALSE(loadPkcs12Credentials(bundle.substr(0, bundle.size() / 2), "secret"));
  std::string flipped = bundle;
  flipped[flipped.size() / 2] ^= 0x5a;
  EXPECT_FALSE(loadPkcs12Credentials(flipped, "secret"));
  EXPECT_EQ(ERR_peek_error(), 0UL);
}

}  // namespace
}  // namespace pw::crypto
