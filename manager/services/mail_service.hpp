#pragma once
// The e-mail settings (System Manager) and sending through the outbox. The settings live in the
// settings store under "mail"; the SMTP password is sealed with the master key (bound to
// "setting:mail:password") and never leaves this service except to the mail thread.
// Thread-safe (the store is; settings are read afresh for every message).
#include <optional>
#include <string>

#include "common/crypto/secrets.hpp"
#include "manager/core/mail.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// The settings as the API shows them: the password only as "set or not".
struct MailSettingsView {
  MailServerSettings server;  ///< password always empty
  bool password_set = false;
};

/// A replacement of the settings. password: nullopt keeps the stored one, "" removes it.
struct MailSettingsEdit {
  MailServerSettings server;
  std::optional<std::string> password;
};

class MailService {
 public:
  MailService(SettingsStore& store, const crypto::SecretBox& box, MailOutbox& outbox);

  MailSettingsView settings();
  /// invalid_input naming the field (validateMailServer).
  Outcome<MailSettingsView> update(const MailSettingsEdit& edit);
  /// Queues a test message to `to`; `done` gets the server's answer. invalid_input for a bad
  /// address, mail_not_configured without a server, mail_queue_full when the queue refuses.
  Outcome<void> sendTest(const std::string& to, MailOutbox::Done done);
  /// Queues a message with the current settings; false when e-mail is not configured or the
  /// queue is full (the caller counts it as not sent).
  bool send(MailMessage message, MailOutbox::Done done = {});

 private:
  /// The settings with the password opened (empty when none or it no longer opens).
  MailServerSettings server();

  SettingsStore& store_;
  const crypto::SecretBox& box_;
  MailOutbox& outbox_;
};

}  // namespace pw::manager
