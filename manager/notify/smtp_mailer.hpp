#pragma once
// Sends one message over SMTP with libcurl: plain SMTP, STARTTLS required (CURLUSESSL_ALL) or
// implicit TLS (smtps://); AUTH as the server offers (PLAIN, LOGIN...); the server's
// certificate checked against the configured CA or the system's. The message is built with
// curl_mime (text part quoted-printable, attachments base64). Blocking: call it from a mail
// thread (MailQueue), never a request or I/O thread.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "manager/core/mail.hpp"

namespace pw::manager::notify {

struct SmtpTimeouts {
  std::chrono::seconds connect{15};
  std::chrono::seconds total{120};
};

class SmtpMailer {
 public:
  explicit SmtpMailer(SmtpTimeouts timeouts = {});
  /// nullopt when the server accepted the message, else the error text (libcurl's and the
  /// server's reply; never the password). Thread-safe.
  [[nodiscard]] std::optional<std::string> send(const MailServerSettings& server,
                                                const MailMessage& message) const;

 private:
  SmtpTimeouts timeouts_;
};

/// An RFC 2047 header value: printable ASCII as is, anything else as UTF-8 base64 encoded
/// words (split on character boundaries). Control characters are dropped either way.
std::string encodeHeaderText(std::string_view text);
std::string base64Encode(std::string_view bytes);

}  // namespace pw::manager::notify
