#include "manager/core/mail.hpp"

#include <array>

namespace pw::manager {
namespace {

constexpr std::array<std::pair<MailSecurity, std::string_view>, 3> kSecurityNames = {{
    {MailSecurity::kNone, "none"},
    {MailSecurity::kStartTls, "starttls"},
    {MailSecurity::kImplicitTls, "tls"},
}};

bool hasControlOrSpace(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

std::string_view toString(MailSecurity security) {
  for (const auto& [value, name] : kSecurityNames) {
    if (value == security) return name;
  }
  return "none";
}

std::optional<MailSecurity> mailSecurityFromString(std::string_view text) {
  for (const auto& [value, name] : kSecurityNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::string_view toString(MailPriority priority) {
  switch (priority) {
    case MailPriority::kHigh: return "high";
    case MailPriority::kLow: return "low";
    case MailPriority::kNormal: break;
  }
  return "normal";
}

std::optional<MailPriority> mailPriorityFromString(std::string_view text) {
  for (const auto priority : {MailPriority::kNormal, MailPriority::kHigh, MailPriority::kLow}) {
    if (text == toString(priority)) return priority;
  }
  return std::nullopt;
}

bool isMailAddress(std::string_view address) {
  if (address.empty() || address.size() > 254 || hasControlOrSpace(address)) return false;
  if (address.find_first_of("<>\"(),;:\\[]") != std::string_view::npos) return false;
  const auto at = address.rfind('@');
  return at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
         address.find('@') == at;
}

std::optional<std::string> validateMailServer(const MailServerSettings& settings) {
  if (settings.host.empty()) return std::nullopt;
  if (settings.host.size() > 253 || hasControlOrSpace(settings.host) ||
      settings.host.find_first_of("/@?#") != std::string::npos) {
    return "host: a host name or address";
  }
  if (settings.port < 1 || settings.port > 65535) return "port: 1 to 65535";
  if (settings.user.size() > 256 || hasControlOrSpace(settings.user)) {
    return "user: at most 256 characters, no spaces or control characters";
  }
  if (settings.password.size() > 256) return "password: at most 256 characters";
  if (!isMailAddress(settings.sender)) return "sender: an e-mail address (name@domain)";
  if (!settings.ca_pem.empty() &&
      settings.ca_pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return "caCertificate: PEM certificates (-----BEGIN CERTIFICATE-----)";
  }
  if (settings.ca_pem.size() > 256 * 1024) return "caCertificate: at most 256 KiB";
  return std::nullopt;
}

}  // namespace pw::manager
