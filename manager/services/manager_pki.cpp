#include "manager/services/manager_pki.hpp"

#include <arpa/inet.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "common/core/files.hpp"
#include "common/core/hex.hpp"

namespace pw::manager {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr auto kCaValidity = std::chrono::hours(24 * 365 * 10);
constexpr auto kServerValidity = std::chrono::hours(24 * 397);
constexpr auto kRenewBefore = std::chrono::hours(24 * 30);

std::string localHostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return {};
  return name;
}

bool isIpAddress(const std::string& text) {
  unsigned char buffer[16];
  return ::inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         ::inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

crypto::CertificateAuthority loadOrCreateAuthority(const fs::path& dir, const Clock& clock) {
  const auto cert = readFileIfExists(dir / "ca.crt");
  const auto key = readFileIfExists(dir / "ca.key");
  if (cert && key) {
    auto loaded = crypto::CertificateAuthority::load(*cert, *key);
    if (!loaded) {
      throw std::runtime_error((dir / "ca.crt").string() +
                               ": cannot be used as the internal CA: " + loaded.error().message());
    }
    return *loaded;
  }
  auto created =
      crypto::CertificateAuthority::create("Printwarden Internal CA", kCaValidity, clock);
  writeFileAtomically(dir / "ca.key", created.privateKeyPem(), FileAccess::kOwnerOnly);
  writeFileAtomically(dir / "ca.crt", created.certificatePem(), FileAccess::kPublic);
  return created;
}

// Renewed when close to expiry, issued by another CA, or missing a name it should carry
// (the administrator added a server name).
bool needsRenewal(const std::string& cert_pem, const crypto::CertificateAuthority& authority,
                  const std::vector<std::string>& alt_names, const Clock& clock) {
  const auto info = crypto::inspectCertificate(cert_pem);
  const auto ca = crypto::inspectCertificate(authority.certificatePem());
  if (!info || !ca || info->not_after - clock.now() < kRenewBefore ||
      info->issuer_common_name != ca->subject_common_name) {
    return true;
  }
  return !std::all_of(alt_names.begin(), alt_names.end(), [&](const std::string& name) {
    return std::find(info->subject_alt_names.begin(), info->subject_alt_names.end(), name) !=
           info->subject_alt_names.end();
  });
}

// A server certificate issued by the internal CA, reused while valid.
crypto::KeyedCertificate loadOrIssue(const fs::path& dir, const std::string& stem,
                                     const crypto::CertificateAuthority& authority,
                                     const std::vector<std::string>& alt_names,
                                     const Clock& clock) {
  const auto cert_path = dir / (stem + ".crt");
  const auto key_path = dir / (stem + ".key");
  const auto cert = readFileIfExists(cert_path);
  const auto key = readFileIfExists(key_path);
  if (cert && key && !needsRenewal(*cert, authority, alt_names, clock)) {
    auto loaded = crypto::loadPemCredentials(*cert, *key);
    if (loaded) return *loaded;
  }
  const auto new_key = crypto::generatePrivateKeyPem();
  const auto issued = authority.issueServerCertificate(new_key, "Printwarden Manager", alt_names,
                                                       kServerValidity, clock);
  writeFileAtomically(key_path, new_key, FileAccess::kOwnerOnly);
  writeFileAtomically(cert_path, issued.certificate_pem, FileAccess::kPublic);
  return {issued.certificate_pem, new_key};
}

crypto::KeyedCertificate configuredConsoleCertificate(const ConsoleCertificateSettings& s) {
  if (!s.pkcs12_file.empty()) {
    const std::string password =
        s.pkcs12_password_file.empty() ? std::string() : readFile(s.pkcs12_password_file);
    // A trailing newline from `echo pw > file` is not part of the password.
    const auto trimmed = password.substr(0, password.find_last_not_of("\r\n") + 1);
    auto loaded = crypto::loadPkcs12Credentials(readFile(s.pkcs12_file), trimmed);
    if (!loaded) {
      throw std::runtime_error(s.pkcs12_file.string() + ": " + loaded.error().message());
    }
    return *loaded;
  }
  auto loaded = crypto::loadPemCredentials(readFile(s.pem_certificate_file),
                                           readFile(s.pem_private_key_file));
  if (!loaded) {
    throw std::runtime_error(s.pem_certificate_file.string() + ": " + loaded.error().message());
  }
  return *loaded;
}

crypto::SecretBox loadOrCreateMasterKey(const fs::path& path) {
  auto key = readFileIfExists(path);
  if (!key) {
    key = crypto::SecretBox::generateKey();
    writeFileAtomically(path, *key, FileAccess::kOwnerOnly);
  }
  if (key->size() != 32) throw std::runtime_error(path.string() + ": must hold exactly 32 bytes");
  return crypto::SecretBox(*key);
}

}  // namespace

ManagerPki::ManagerPki(const fs::path& directory, const ConsoleCertificateSettings& console,
                       const Clock& clock)
    : authority_(loadOrCreateAuthority((createPrivateDirectory(directory), directory), clock)),
      secret_box_(loadOrCreateMasterKey(directory / "master.key")) {
  agent_channel_ = loadOrIssue(directory, "agent-channel", authority_,
                               {std::string("DNS:") + kAgentChannelServerName}, clock);
  if (!console.pkcs12_file.empty() || !console.pem_certificate_file.empty()) {
    console_ = configuredConsoleCertificate(console);
  } else {
    std::vector<std::string> names = {"DNS:localhost", "IP:127.0.0.1", "IP:::1",
                                      std::string("DNS:") + kAgentChannelServerName};
    if (const auto host = localHostName(); !host.empty()) names.push_back("DNS:" + host);
    for (const auto& name : console.server_names) {
      names.push_back((isIpAddress(name) ? "IP:" : "DNS:") + name);
    }
    console_ = loadOrIssue(directory, "console", authority_, names, clock);
  }
  const auto ca = crypto::inspectCertificate(authority_.certificatePem());
  if (!ca) throw std::runtime_error("internal CA certificate cannot be parsed");
  // inspectCertificate gives hex; activation keys carry base64url (shorter to copy).
  ca_fingerprint_ = crypto::base64UrlEncode(hexDecode(ca->sha256_fingerprint).value());
}

}  // namespace pw::manager
