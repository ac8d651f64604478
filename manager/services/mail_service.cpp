#include "manager/services/mail_service.hpp"

#include <nlohmann/json.hpp>

namespace pw::manager {
namespace {

using nlohmann::json;

constexpr const char* kMailKey = "mail";
constexpr const char* kPasswordBinding = "setting:mail:password";

struct Stored {
  MailServerSettings server;  ///< password empty
  std::string sealed_password;
};

Stored load(SettingsStore& store) {
  Stored out;
  const auto text = store.findSetting(kMailKey);
  if (!text) return out;
  const auto j = json::parse(*text);
  out.server.host = j.value("host", "");
  out.server.port = j.value("port", 587);
  out.server.security =
      mailSecurityFromString(j.value("security", "starttls")).value_or(MailSecurity::kStartTls);
  out.server.user = j.value("user", "");
  out.server.sender = j.value("sender", "");
  out.server.ca_pem = j.value("caCertificate", "");
  out.sealed_password = j.value("passwordSealed", "");
  return out;
}

}  // namespace

MailService::MailService(SettingsStore& store, const crypto::SecretBox& box, MailOutbox& outbox)
    : store_(store), box_(box), outbox_(outbox) {}

MailSettingsView MailService::settings() {
  auto stored = load(store_);
  return {std::move(stored.server), !stored.sealed_password.empty()};
}

Outcome<MailSettingsView> MailService::update(const MailSettingsEdit& edit) {
  auto checked = edit.server;
  checked.password = edit.password.value_or("");
  if (auto error = validateMailServer(checked)) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input", std::move(*error)};
  }
  auto sealed = load(store_).sealed_password;
  if (edit.password) {
    sealed = edit.password->empty() ? "" : box_.seal(*edit.password, kPasswordBinding);
  }
  const auto& s = edit.server;
  store_.saveSetting(kMailKey, json{{"host", s.host},
                                    {"port", s.port},
                                    {"security", toString(s.security)},
                                    {"user", s.user},
                                    {"sender", s.sender},
                                    {"caCertificate", s.ca_pem},
                                    {"passwordSealed", sealed}}
                                   .dump());
  return settings();
}

MailServerSettings MailService::server() {
  auto stored = load(store_);
  if (!stored.sealed_password.empty()) {
    if (auto plain = box_.open(stored.sealed_password, kPasswordBinding)) {
      stored.server.password = std::move(*plain);
    }
  }
  return std::move(stored.server);
}

Outcome<void> MailService::sendTest(const std::string& to, MailOutbox::Done done) {
  if (!isMailAddress(to)) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input", "to: an e-mail address"};
  }
  auto server = this->server();
  if (server.host.empty()) {
    return Problem{ErrorKind::kConflict, "mail_not_configured",
                   "Set the e-mail server first (host, port, sender)."};
  }
  MailMessage message{{to},
                      "Printwarden test message",
                      "This message was sent from the Printwarden Manager to check its e-mail "
                      "settings.\r\nServer: " +
                          server.host + ":" + std::to_string(server.port) + " (" +
                          std::string(toString(server.security)) + ")\r\n",
                      {}};
  if (!outbox_.post(std::move(server), std::move(message), std::move(done))) {
    return Problem{ErrorKind::kConflict, "mail_queue_full",
                   "Too many messages are waiting to be sent; try again later."};
  }
  return {};
}

bool MailService::send(MailMessage message, MailOutbox::Done done) {
  auto server = this->server();
  if (server.host.empty()) return false;
  return outbox_.post(std::move(server), std::move(message), std::move(done));
}

}  // namespace pw::manager
